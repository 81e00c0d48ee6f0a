"""O*NET's six interest types in plain words, and how well a job's interest profile fits the types
a reader picks.

O*NET rates every occupation on each type from 1 to 7 (`Occupation.interests`) and names its
strongest types as its interest code ("CIE"). A chosen type fits a job when the job rates it high
and near its own strongest type; the fit of a choice is the average over the types picked. Pure
functions: no queries.
"""

from dataclasses import dataclass

from roles.models.occupations import INTEREST_TYPES

MOST_CHOSEN = 3
LOWEST_SCORE, HIGHEST_SCORE = 1.0, 7.0


@dataclass(frozen=True)
class InterestType:
    letter: str
    name: str
    explanation: str

    @property
    def value(self):
        """As it appears in the address: ?interests=realistic."""
        return self.name.lower()


# In our own words, for readers who have never met Holland's types.
EXPLANATIONS = {
    "R": "hands-on work with tools, machines, buildings, plants or animals, often outdoors or on "
    "your feet",
    "I": "working with ideas: researching, analyzing and solving problems with facts and logic",
    "A": "creating and expressing: design, writing, music or performance, with room for your own "
    "ideas",
    "S": "helping people: teaching, caring for, advising or serving others",
    "E": "leading and persuading: selling, managing, making decisions and taking charge of "
    "projects",
    "C": "organizing information and following set procedures: records, numbers, schedules and "
    "detail",
}
INTERESTS = tuple(
    InterestType(letter, name, EXPLANATIONS[letter]) for letter, name, _ in INTEREST_TYPES
)
BY_VALUE = {interest.value: interest for interest in INTERESTS}
BY_LETTER = {interest.letter: interest for interest in INTERESTS}
NUMBER_WORDS = {0: "none", 1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}


def has_profile(profile):
    return all(interest.letter in profile for interest in INTERESTS)


def interest_fit(profile, letters):
    """How well a 1-7 RIASEC profile fits the chosen letters, 0 to 1; None without a profile.

    Each chosen type counts half for how strongly the job draws on it (its score on O*NET's 1-7
    scale) and half for how near it comes to the job's strongest type, so a job led by other
    interests fits less than one led by the reader's.
    """
    if not letters or not has_profile(profile):
        return None
    top = max(profile[interest.letter] for interest in INTERESTS)
    span = HIGHEST_SCORE - LOWEST_SCORE
    fits = []
    for letter in letters:
        above_lowest = profile[letter] - LOWEST_SCORE
        strength = above_lowest / span
        nearness = above_lowest / (top - LOWEST_SCORE) if top > LOWEST_SCORE else 0.0
        fits.append((strength + nearness) / 2)
    return sum(fits) / len(fits)


def code_names(code):
    """'CIE' -> 'Conventional, Investigative, Enterprising'."""
    return ", ".join(BY_LETTER[letter].name for letter in code if letter in BY_LETTER)


def shared_count_phrase(code, letters):
    """'includes your interest', 'two of your three interests', 'none of your interests'."""
    shared = sum(1 for letter in letters if letter in code)
    chosen = len(letters)
    if chosen == 1:
        return "includes your interest" if shared else "doesn't include your interest"
    if shared == chosen:
        return "both of your interests" if chosen == 2 else "all three of your interests"
    if not shared:
        return "neither of your interests" if chosen == 2 else "none of your interests"
    return f"{NUMBER_WORDS[shared]} of your {NUMBER_WORDS[chosen]} interests"


def scores_phrase(profile, letters):
    """'O*NET rates Conventional 5.49 and Investigative 4.56 on its 1–7 scale'."""
    rated = [f"{BY_LETTER[letter].name} {profile[letter]:.2f}" for letter in letters]
    listed = rated[0] if len(rated) == 1 else ", ".join(rated[:-1]) + " and " + rated[-1]
    return f"O*NET rates {listed} on its 1–7 scale"
