"""The guide's history: every change to a role, comparison, occupation or catalogue entry is kept as
a django-reversion revision (who, when, a comment and the rows as they were), so editors can see
what changed between any two versions and restore one, or recover a deleted role.

What counts as one version of a page: a role with its duties, qualifications, figures and career
moves; a comparison with its roles and row notes; a field with its duty kinds; a fit question with
its answers. Restoring a version brings those rows back as they were and removes rows added since.

The admin records a revision for each save (roles/editorial/admin.py); `recording()` does it for
everything else that writes: bulk publishing, the content loader and the catalogue importers.
"""

from contextlib import contextmanager

import reversion
from django.utils import timezone
from reversion.models import Version

from roles.models import (
    CareerField,
    CareerMove,
    Comparison,
    ComparisonRole,
    ComparisonRowNote,
    Duty,
    DutyKind,
    FitOption,
    FitQuestion,
    LabourFigure,
    Occupation,
    Qualification,
    Role,
    RoleDuty,
    RoleQualification,
    Source,
    WorkSetting,
)

# Each model with the related rows that belong to one version of it.
FOLLOWS = {
    Role: ("role_duties", "role_qualifications", "figures", "moves"),
    Comparison: ("comparisonrole_set", "row_notes"),
    CareerField: ("duty_kinds",),
    FitQuestion: ("options",),
    Occupation: (),
    DutyKind: (),
    Duty: (),
    Qualification: (),
    WorkSetting: (),
    Source: (),
    RoleDuty: (),
    RoleQualification: (),
    LabourFigure: (),
    CareerMove: (),
    ComparisonRole: (),
    ComparisonRowNote: (),
    FitOption: (),
}


def register_models():
    for model, follow in FOLLOWS.items():
        if not reversion.is_registered(model):
            reversion.register(model, follow=follow)


@contextmanager
def recording(comment, user=None):
    """Record what the block saves as one revision with `comment` (joining a revision already
    open, such as an admin request's, rather than starting a second one)."""
    if reversion.is_active():
        reversion.set_comment(comment)
        yield
        return
    with reversion.create_revision():
        reversion.set_comment(comment)
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        yield


@contextmanager
def recording_imported(comment):
    """Record the occupations the block adds, changes or retires (an importer's bulk writes, which
    send no signals) as one revision with `comment`."""
    started = timezone.now()
    yield
    changed = Occupation.objects.filter(updated_at__gte=started).order_by("pk")
    if changed.exists():
        with recording(comment):
            record(changed.iterator(chunk_size=500))


def record(objects):
    """Add `objects` (saved without signals, by a bulk update say) to the open revision."""
    for obj in objects:
        reversion.add_to_revision(obj)


def latest_version(obj):
    """The newest recorded version of `obj`, with its revision and user, or None."""
    return (
        Version.objects.get_for_object(obj).select_related("revision__user").order_by("-pk").first()
    )
