"""What a set of curated roles shares: duties all of them, some of them or only one carries, and
how each role's work divides between its field's work-mix shares."""

from dataclasses import dataclass

from roles.models import EMPHASIS_WEIGHT, Emphasis


@dataclass
class MixShare:
    label: str
    percent: int
    position: int  # 1-based place of the share in its field, for the bar's colour
    offset: int = 0  # where the share starts along the bar, 0 to 100


@dataclass
class WorkMix:
    """How a role's listed duties, weighted by emphasis, divide between its field's shares."""

    role: object
    shares: list

    @property
    def text(self):
        return " · ".join(f"{share.label} {share.percent}%" for share in self.shares)


TIMES = {1: "once", 2: "twice", 3: "three times", 4: "four times"}


def weighting_note():
    """How the work mix weighs duties, said from the weights themselves."""
    parts = [
        f"{Emphasis(emphasis).label.lower()} {TIMES.get(weight, f'{weight} times')}"
        for emphasis, weight in EMPHASIS_WEIGHT.items()
    ]
    parts[0] = parts[0].replace(" ", " counts ", 1)
    return f"Each role's listed duties, weighted by emphasis ({', '.join(parts)})."


@dataclass
class Overlap:
    summary: str
    shared_heading: str
    shared_by_all: list
    shared_by_some: list  # (duty name, [titles of the roles that carry it])
    unique: list  # (role, [duty names only that role carries])
    work_mix: list
    weighting: str = ""


def plural_title(title):
    """'Legal secretary' -> 'legal secretaries', for sentences about the people in a role."""
    words = title.split()
    last = words[-1]
    if last.endswith("y") and len(last) > 1 and last[-2].lower() not in "aeiou":
        last = last[:-1] + "ies"
    elif last.endswith(("s", "x", "ch", "sh")):
        last += "es"
    else:
        last += "s"
    text = " ".join([*words[:-1], last])
    return text[0].lower() + text[1:] if not text[:2].isupper() else text


def join_words(words):
    words = list(words)
    if len(words) <= 2:
        return " and ".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def mix_labels(career_field):
    """A field's work-mix shares in order (prefetched `duty_kinds`), each named once."""
    labels = []
    for kind in sorted(career_field.duty_kinds.all(), key=lambda kind: (kind.order, kind.name)):
        if kind.work_mix_label not in labels:
            labels.append(kind.work_mix_label)
    return labels


def work_mix(role):
    """Percentages of the role's emphasis-weighted duties by work-mix share (they add up to 100).

    Reads the role's prefetched duties with their kinds and its field's duty kinds.
    """
    labels = mix_labels(role.field)
    totals = dict.fromkeys(labels, 0)
    for role_duty in role.role_duties.all():
        label = role_duty.duty.kind.work_mix_label
        totals[label] = totals.get(label, 0) + role_duty.weight
        if label not in labels:
            labels.append(label)
    whole = sum(totals.values())
    shares = []
    if whole:
        # Every share but the last is rounded; the last takes what is left, so they add to 100.
        for label in labels[:-1]:
            shares.append(round(100 * totals[label] / whole))
        shares.append(100 - sum(shares))
    else:
        shares = [0] * len(labels)
    mix = []
    offset = 0
    for index, (label, percent) in enumerate(zip(labels, shares, strict=True), start=1):
        mix.append(MixShare(label=label, percent=percent, position=index, offset=offset))
        offset += percent
    return WorkMix(role=role, shares=mix)


def duty_holders(roles):
    holders = {}
    for role in roles:
        for role_duty in role.role_duties.all():
            holders.setdefault(role_duty.duty_id, []).append(role)
    return holders


def build_overlap(roles, holders=None):
    """Which duties all the roles share, which some share, and which are each role's own."""
    holders = holders or duty_holders(roles)
    names = {}
    for role in roles:
        for role_duty in role.role_duties.all():
            names[role_duty.duty_id] = role_duty.duty.name
    by_name = sorted(names.items(), key=lambda item: item[1])
    shared_by_all = [name for duty_id, name in by_name if len(holders[duty_id]) == len(roles)]
    shared_by_some = [
        (name, [role.title for role in holders[duty_id]])
        for duty_id, name in by_name
        if 1 < len(holders[duty_id]) < len(roles)
    ]
    unique = [
        (role, [name for duty_id, name in by_name if holders[duty_id] == [role]]) for role in roles
    ]
    people = join_words(plural_title(role.title) for role in roles)
    people = people[0].upper() + people[1:]
    verb = "share" if len(roles) == 2 else "all share"
    summary = f"{people} {verb} {len(shared_by_all)} of their {len(names)} duties"
    if shared_by_some:
        summary += f"; {len(shared_by_some)} more are shared by some of them"
    return Overlap(
        summary=summary + ".",
        shared_heading="Shared by both" if len(roles) == 2 else f"Shared by all {len(roles)}",
        shared_by_all=shared_by_all,
        shared_by_some=shared_by_some,
        unique=unique,
        work_mix=[work_mix(role) for role in roles],
        weighting=weighting_note(),
    )
