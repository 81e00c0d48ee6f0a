"""What a role or comparison still lacks before it is a complete page of the guide.

One set of rules, used by the admin's "still lacks" column and the `audit_content` command.
"""

import re

from roles.compare.chart import build_chart
from roles.editorial.editor import ALT_TEXT_PLACEHOLDER
from roles.models import LabourFigure, Qualification, Role

MIN_OVERVIEW_WORDS = 300
MIN_DUTIES = 8
MIN_DUTY_KINDS = 3
MIN_CAREER_MOVES = 2
MIN_COMPARISON_WORDS = 700

# What an editor's text can say about the chart's "Same" and "Differs", checked against them.
# A row note that opens with a verdict on its row: "Identical: ...", "The same ... suit both",
# "Both columns show the same figure ..."; or "Different ...", "They differ ...".
NOTE_SAYS_SAME = re.compile(
    r"(identical|the same|same)\b|both (columns|cells|jobs|roles) (show|have|list) the same\b",
    re.IGNORECASE,
)
NOTE_SAYS_DIFFERENT = re.compile(r"(different|they differ|the (two|three|four) differ)\b", re.I)
_NUMBER_WORDS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
_NUMBER = r"(\d+|" + "|".join(_NUMBER_WORDS) + ")"
_ROWS = r"(?:of )?(?:the |its |their |the chart's )?rows"
_DIFFER = r"(?P<differ>differ|are different)"
_SAME = r"(?P<same>are (?:the )?same|are identical)"
# Counts an introduction or advice may state: "8 of 12 rows differ", "four of the twelve rows
# are the same", "most of the rows are the same", "every row differs", "no row differs".
COUNT_CLAIM = re.compile(rf"\b{_NUMBER} of (?:the |its )?{_NUMBER} rows ({_DIFFER}|{_SAME})", re.I)
MOST_CLAIM = re.compile(rf"\bmost {_ROWS} ({_DIFFER}|{_SAME})", re.I)
ALL_CLAIM = re.compile(
    rf"\b(?P<all>every row differs|all {_ROWS} differ|all {_ROWS} are (?:the )?same"
    r"|no rows? differs?)\b",
    re.I,
)


# An image in Markdown with no description, or with the placeholder the editor inserts on upload.
UNDESCRIBED_IMAGE = re.compile(r"!\[(\s*|" + re.escape(ALT_TEXT_PLACEHOLDER) + r")\]\(")


def undescribed_images(label, text):
    count = len(UNDESCRIBED_IMAGE.findall(text))
    if not count:
        return []
    return [f"{label}: {count} image(s) without a description for readers who cannot see them."]


def word_count(text):
    return len(text.split())


def role_gaps(role):
    """Plain sentences naming what `role` lacks; empty when complete.

    Reads the role's prefetched duties, qualifications, figures, work settings and moves.
    """
    gaps = []
    words = word_count(role.overview)
    if words < MIN_OVERVIEW_WORDS:
        gaps.append(f"Overview has {words} words; {MIN_OVERVIEW_WORDS} or more needed.")
    role_duties = list(role.role_duties.all())
    if len(role_duties) < MIN_DUTIES:
        gaps.append(f"{len(role_duties)} duties; {MIN_DUTIES} or more needed.")
    kinds = {role_duty.duty.kind for role_duty in role_duties}
    if len(kinds) < MIN_DUTY_KINDS:
        gaps.append(f"Duties cover {len(kinds)} kinds; {MIN_DUTY_KINDS} or more needed.")
    qualification_kinds = {rq.qualification.kind for rq in role.role_qualifications.all()}
    if Qualification.Kind.EDUCATION not in qualification_kinds:
        gaps.append("No education qualification.")
    if Qualification.Kind.SKILL not in qualification_kinds:
        gaps.append("No skills employers look for.")
    if not role.work_settings.all():
        gaps.append("No work settings.")
    moves = list(role.moves.all())
    if len(moves) < MIN_CAREER_MOVES:
        gaps.append(f"{len(moves)} career moves; {MIN_CAREER_MOVES} or more needed.")
    if role.occupation_id is None:
        gaps.append("Names no official occupation (or nearest one).")
    elif role.occupation.retired:
        gaps.append(f"Its occupation {role.occupation.code} is no longer in O*NET: choose another.")
    elif not role.occupation.is_published:
        gaps.append(f"Its occupation {role.occupation.code} is unpublished: readers cannot see it.")
    gaps += undescribed_images("Overview", role.overview)
    figures = list(role.figures.all())
    metrics = {figure.metric for figure in figures}
    if LabourFigure.Metric.MEDIAN_PAY not in metrics and not role.figures_note.strip():
        gaps.append("No median pay, and no note saying why there is none.")
    for figure in figures:
        if not figure.source_id or not figure.year:
            gaps.append(f"{figure.get_metric_display()} lacks its source or year.")
        if not figure.population.strip():
            gaps.append(f"{figure.get_metric_display()} does not say which occupation it covers.")
    return gaps


def comparison_gaps(comparison):
    """Plain sentences naming what a curated comparison lacks, or where its words contradict its
    chart (reads prefetched roles and notes; builds the chart, which fetches the roles whole)."""
    gaps = []
    roles = list(comparison.roles.all())
    if len(roles) < 2:
        gaps.append("Compares fewer than two roles.")
    for role in roles:
        if not role.is_published:
            gaps.append(f"Compares {role.title}, which is a draft: readers cannot see the chart.")
    if not comparison.introduction.strip():
        gaps.append("No introduction.")
    if not comparison.advice.strip():
        gaps.append("No 'which suits you' advice.")
    notes = list(comparison.row_notes.all())
    if not notes:
        gaps.append("No row notes.")
    words = (
        word_count(comparison.introduction)
        + word_count(comparison.advice)
        + sum(word_count(note.note) for note in notes)
    )
    if words < MIN_COMPARISON_WORDS:
        gaps.append(f"{words} words of text; {MIN_COMPARISON_WORDS} or more needed.")
    gaps += undescribed_images("Introduction", comparison.introduction)
    gaps += undescribed_images("Advice", comparison.advice)
    if len(roles) >= 2:
        gaps += verdict_gaps(comparison_chart(comparison))
    return gaps


def comparison_chart(comparison):
    """The chart readers see for `comparison` (its roles fetched whole: a few queries)."""
    roles = Role.objects.with_profile().filter(comparisons=comparison).order_by("slug")
    return build_chart(list(roles), comparison)


def _count(text):
    return int(text) if text.isdigit() else _NUMBER_WORDS.index(text.lower()) + 1


def _claim_holds(match, differing, total):
    """Whether a claim COUNT_CLAIM, MOST_CLAIM or ALL_CLAIM matched holds for the chart."""
    claim = match.group(0).lower()
    same = total - differing
    if match.re is COUNT_CLAIM:
        stated, of = _count(match.group(1)), _count(match.group(2))
        return of == total and stated == (differing if match.group("differ") else same)
    if match.re is MOST_CLAIM:
        return 2 * (differing if match.group("differ") else same) > total
    if claim.startswith(("every", "all")) and "differ" in claim:
        return differing == total
    return differing == 0


def _shown_parts(cell):
    """The things a cell shows, one string each, to name what differs along a row."""
    parts = {cell.text, cell.missing} - {""}
    parts |= {f"{item.text} ({item.detail})" if item.detail else item.text for item in cell.items}
    parts |= {
        f"{figure.shown}, {figure.citation_period}, {figure.population}" for figure in cell.figures
    }
    return parts


def _differences(row, limit=4):
    shown = [_shown_parts(cell) for cell in row.cells]
    differing = sorted(set().union(*shown) - set.intersection(*shown))
    return ", ".join(f"“{part}”" for part in differing[:limit])


def verdict_gaps(chart):
    """Where the words of the chart's comparison contradict its verdicts: a row note calling its
    row the same when the cells differ (or different when they match), or an introduction or
    advice counting the differing rows otherwise than the chart does."""
    gaps = []
    comparison = chart.comparison
    rows = {row.key: row for row in chart.rows}
    for note in comparison.row_notes.all():
        row = rows.get(note.row)
        if row is None:
            continue
        if row.differs and NOTE_SAYS_SAME.match(note.note.strip()):
            gaps.append(
                f"The note on the {row.label.lower()} row says they are the same there, but the "
                f"chart marks it “Differs”: only some cells show {_differences(row)}."
            )
        elif not row.differs and NOTE_SAYS_DIFFERENT.match(note.note.strip()):
            gaps.append(
                f"The note on the {row.label.lower()} row says they differ there, but the cells "
                "show the same, so the chart marks it “Same”."
            )
    differing, total = len(chart.differing_rows), len(chart.rows)
    for part, text in (("introduction", comparison.introduction), ("advice", comparison.advice)):
        for pattern in (COUNT_CLAIM, MOST_CLAIM, ALL_CLAIM):
            for match in pattern.finditer(text):
                if not _claim_holds(match, differing, total):
                    gaps.append(
                        f"The {part} says “{match.group(0)}”, but {differing} of the chart's "
                        f"{total} rows differ."
                    )
    return gaps
