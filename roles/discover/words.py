"""How search reads text: words, their stems, stop words, synonyms and near misspellings.

The index (`index.py`) and the reader's query (`search.py`) go through the same functions, so a
word is found whatever the database. Stems come from the English Snowball stemmer, the algorithm
PostgreSQL's `english` text search configuration uses ("researching" and "research" share
"research"; "salaries" and "salary" share "salari").
"""

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import snowballstemmer

SYNONYMS_FILE = Path(__file__).resolve().parent.parent / "data" / "search" / "synonyms.toml"
LONGEST_WORD = 40

# A run of letters and digits, perhaps with apostrophes inside ("sheriff's", "don't").
WORD_PATTERN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")

# Words too common to tell jobs apart, left out of the index and the query as PostgreSQL's
# `english` configuration leaves them out. A phrase still counts them as words between words.
_STOP_WORD_LIST = """
    a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing don down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own s same she should so some such t than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
"""
STOP_WORDS = frozenset(_STOP_WORD_LIST.split())

_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def normalise(word):
    """A word as the index keeps it: lower case, accents and apostrophes (and a final 's) gone."""
    word = _POSSESSIVE.sub("", word.lower())
    if not word.isascii():
        word = "".join(
            c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)
        )
    return word.replace("'", "").replace("’", "")


@lru_cache(maxsize=200_000)
def stem(word):
    """The stem of a normalised word, or None for a stop word or a word too long to index."""
    if not word or word in STOP_WORDS or len(word) > LONGEST_WORD:
        return None
    return _stemmer.stemWord(word)[:LONGEST_WORD]


_analysed = {}


def analyse(raw):
    """(normalised word, stem or None) for a word as `WORD_PATTERN` found it; memoised."""
    found = _analysed.get(raw)
    if found is None:
        word = normalise(raw)
        found = _analysed[raw] = (word, stem(word))
        if len(_analysed) > 500_000:
            _analysed.clear()
    return found


def words(text):
    """Each word of `text` as (start, end, stem or None), in order."""
    return [
        (match.start(), match.end(), analyse(match.group(0))[1])
        for match in WORD_PATTERN.finditer(text)
    ]


def stems(text):
    """The stems of `text`'s words in order, None standing for each stop word."""
    return [stem(normalise(word)) for word in WORD_PATTERN.findall(text)]


def contains_phrase(text_stems, phrase):
    """Whether `phrase` (stems, None for any one word) appears in `text_stems` word for word."""
    length = len(phrase)
    first = phrase[0]
    for start in range(len(text_stems) - length + 1):
        if text_stems[start] == first and all(
            wanted is None or text_stems[start + offset] == wanted
            for offset, wanted in enumerate(phrase[1:], start=1)
        ):
            return True
    return False


def phrase_of(text):
    """The stems a phrase looks for, without stop words at either end (empty if all are)."""
    found = stems(text)
    while found and found[0] is None:
        found.pop(0)
    while found and found[-1] is None:
        found.pop()
    return tuple(found)


@dataclass(frozen=True)
class Synonyms:
    """Groups of words and phrases that mean the same, by the stems each member looks for."""

    groups: tuple  # of tuples of phrases (each a tuple of stems)

    @property
    def longest(self):
        return max((len(member) for group in self.groups for member in group), default=1)

    def group_of(self, phrase):
        """The members of every group `phrase` belongs to, itself left out."""
        found = []
        for group in self.groups:
            if phrase in group:
                found.extend(member for member in group if member != phrase and member not in found)
        return found


@cache
def synonyms(path=SYNONYMS_FILE):
    """The synonym groups kept in `roles/data/search/synonyms.toml`."""
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    groups = []
    for members in data.get("groups", []):
        phrases = tuple(dict.fromkeys(phrase for phrase in map(phrase_of, members) if phrase))
        if len(phrases) > 1:
            groups.append(phrases)
    return Synonyms(tuple(groups))


def allowed_typos(word):
    """How many edits a misspelling of `word` may be from the word meant (0: too short to guess)."""
    if len(word) < 4 or not word.isalpha():
        return 0
    return 1 if len(word) <= 5 else 2


def edit_distance(a, b, limit):
    """The optimal-string-alignment distance between `a` and `b` (a swap of two letters is one
    edit), or `limit + 1` as soon as it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2 = None
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (
                previous2 is not None
                and j > 1
                and a[i - 1] == b[j - 2]
                and a[i - 2] == b[j - 1]
                and previous2[j - 2] + 1 < value
            ):
                value = previous2[j - 2] + 1
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]
