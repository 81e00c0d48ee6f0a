"""What a role or comparison still lacks before it is a complete page of the guide.

One set of rules, used by the admin's "still lacks" column and the `audit_content` command.
"""

import re

from roles.compare.chart import build_chart
from roles.editorial.editor import ALT_TEXT_PLACEHOLDER
from roles.models import OFFICIAL_METRICS, EducationLevel, Qualification, Role

MIN_OVERVIEW_WORDS = 300
MIN_DUTIES = 8
# A role's duties span at least two kinds of work. Not three: some jobs really are one kind of
# work with a little of another (a transcriptionist's duties are clerical but for summarizing
# transcripts), and the chart and work mix should say so rather than pad the role.
MIN_DUTY_KINDS = 2
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


# The headings a role page and a comparison page put around the editors' text
# (templates/roles/role_detail.html and compare.html; a test holds these lists to the pages). A
# heading in the text that repeats one of them, or another heading of the same page, reads as
# the same section twice.
ROLE_PAGE_HEADINGS = (
    "Quick facts",
    "What the work is like",
    "Duties",
    "Qualifications",
    "Where they work",
    "Career paths",
    "Next moves across the catalog",
    "Cite this page",
)
COMPARISON_PAGE_HEADINGS = (
    "The short answer",
    "What they share",
    "How the work divides",
    "Work they share",
    "Top skills side by side",
    "Side by side",
    "Pay compared",
    "Which suits you?",
    "Sources",
    "Cite this page",
)
ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
FENCE = re.compile(r"^ {0,3}(```|~~~)")


def markdown_headings(text):
    """The headings of a Markdown text (ATX "## Title" and underlined ones), in order, leaving
    out lines inside fenced code."""
    headings = []
    in_fence = False
    previous = ""
    for line in text.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
            previous = ""
            continue
        if in_fence:
            continue
        atx = ATX_HEADING.match(line)
        if atx and atx.group(1).strip():
            headings.append(atx.group(1).strip())
            previous = ""
            continue
        if (
            previous
            and SETEXT_UNDERLINE.match(line)
            and not previous.lstrip().startswith(("-", "*", "+", ">", "|"))
        ):
            headings.append(previous.strip())
            previous = ""
            continue
        previous = line if line.strip() else ""
    return headings


def _heading_key(heading):
    """A heading as a reader compares it: no emphasis marks, case or closing punctuation."""
    plain = re.sub(r"[*_`]", "", heading)
    return " ".join(plain.split()).rstrip(".:?!").casefold()


def repeated_headings(label, text, page_headings=()):
    """Sentences naming each heading `text` (what `label` names) gives twice, or that the page
    already puts around it."""
    gaps = []
    page = {_heading_key(heading): heading for heading in page_headings}
    seen = set()
    for heading in markdown_headings(text):
        key = _heading_key(heading)
        if key in page:
            gaps.append(
                f"{label}: the heading “{heading}” repeats the page’s own heading "
                f"“{page[key]}”; readers see it twice."
            )
        elif key in seen:
            gaps.append(f"{label}: the heading “{heading}” appears twice.")
        seen.add(key)
    return gaps


def education_gaps(role):
    """Where a role's typical entry education (its quick facts, the list's education filter and
    the fit helper read it) disagrees with the levels of education its qualifications store: a
    required level above it, or a typical level above everything required. An education
    qualification without a level cannot be checked, so it is named too."""
    typical = EducationLevel(role.entry_education)
    education = [
        rq
        for rq in role.role_qualifications.all()
        if rq.qualification.kind == Qualification.Kind.EDUCATION
    ]
    gaps = [
        f"“{rq.qualification.name}” has no level of education: set it on the qualification, so "
        "it can be checked against the typical entry education."
        for rq in education
        if rq.qualification.education_level is None
    ]
    required = [
        (EducationLevel(rq.qualification.education_level), rq.qualification.name)
        for rq in education
        if rq.level == rq.Level.REQUIRED and rq.qualification.education_level is not None
    ]
    above = [
        f"Requires “{name}” ({level.label}), above its typical entry education "
        f"({typical.label}): make one of them say the other."
        for level, name in required
        if level > typical
    ]
    gaps += above
    if required and not above and max(level for level, _name in required) < typical:
        highest = max(required)[1]
        gaps.append(
            f"Its typical entry education is {typical.label}, but the most it requires is "
            f"“{highest}”: the quick facts, the education filter and the fit helper would tell "
            "readers who have only that to look elsewhere."
        )
    return gaps


# Words too common to show that a note repeats its qualification's description.
_COMMON_WORD = re.compile(
    r"a|an|and|are|as|at|be|by|can|for|from|has|have|in|is|it|its|more|most|of|on|or|some|that"
    r"|the|their|them|this|to|who|with|you|your"
)
_WORD = re.compile(r"[a-z0-9]+")


def _words(sentence):
    return {
        word.removesuffix("s")
        for word in _WORD.findall(sentence.lower().replace("’", "'"))
        if not _COMMON_WORD.fullmatch(word)
    }


def _sentences(text):
    return [part for part in re.split(r"(?<=[.!?;:])\s+", text.strip()) if part]


def repeated_notes(role):
    """Qualification notes with a sentence that says again what the qualification's description
    says (the page shows both, one under the other)."""
    gaps = []
    for rq in role.role_qualifications.all():
        described = [_words(sentence) for sentence in _sentences(rq.qualification.description)]
        if not rq.note.strip() or not described:
            continue
        for sentence in _sentences(rq.note):
            words = _words(sentence)
            if words and any(len(words & other) >= 0.6 * len(words) for other in described):
                gaps.append(
                    f"The note on “{rq.qualification.name}” repeats its description "
                    f"(“{sentence}”): say only what is particular to this role."
                )
                break
    return gaps


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
    gaps += repeated_headings("Overview", role.overview, ROLE_PAGE_HEADINGS)
    gaps += education_gaps(role)
    gaps += repeated_notes(role)
    figures = list(role.figures.all())
    if role.headline_pay() is None and not role.figures_note.strip():
        gaps.append("No median pay, and no note saying why there is none.")
    estimate = role.official_estimate
    for figure in figures:
        if estimate is not None and figure.metric in OFFICIAL_METRICS:
            gaps.append(
                f"Its own {figure.get_metric_display().lower()} ({figure.year}) is never shown: "
                f"the page shows its occupation's newer figures ({estimate.source.name}, "
                f"{estimate.period}). Delete it."
            )
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
    # The introduction and the advice are one page: a heading may not repeat across them.
    gaps += repeated_headings(
        "Introduction and advice",
        f"{comparison.introduction}\n\n{comparison.advice}",
        COMPARISON_PAGE_HEADINGS,
    )
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
