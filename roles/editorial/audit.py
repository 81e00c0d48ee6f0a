"""What a role or comparison still lacks before it is a complete page of the guide.

One set of rules, used by the admin's "still lacks" column and the `audit_content` command.
"""

from roles.models import LabourFigure, Qualification

MIN_OVERVIEW_WORDS = 300
MIN_DUTIES = 8
MIN_DUTY_KINDS = 3
MIN_CAREER_MOVES = 2
MIN_COMPARISON_WORDS = 700


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
    """Plain sentences naming what a curated comparison lacks (reads prefetched roles and notes)."""
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
    return gaps
