"""Publishing roles and comparisons: the content audit's rules (roles/editorial/audit.py) run
whenever a page is published, singly in its form or in bulk; a page that falls short is refused
with the reasons, unless someone holding "publish_incomplete" publishes it anyway, which the
history records with the reasons. Each bulk action is one revision naming who did it."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from roles.editorial.audit import comparison_gaps, role_gaps
from roles.editorial.history import record, recording
from roles.models import Comparison, ComparisonRowNote, Role, Status
from roles.serving.pagecache import content_changed

PUBLISH_ANYWAY = "roles.publish_incomplete"


@dataclass
class Outcome:
    published: int = 0
    refused: dict = field(default_factory=dict)  # page title: what it lacks


def may_publish_anyway(user):
    return user is not None and user.has_perm(PUBLISH_ANYWAY)


def gaps_of(page):
    """What `page` (a role or comparison, as stored) lacks before readers should see it."""
    if isinstance(page, Role):
        return role_gaps(Role.objects.with_profile().get(pk=page.pk))
    if isinstance(page, Comparison):
        comparison = Comparison.objects.prefetch_related(
            "roles", Prefetch("row_notes", queryset=ComparisonRowNote.objects.order_by("id"))
        ).get(pk=page.pk)
        return comparison_gaps(comparison)
    return []


def anyway_comment(gaps):
    return "Published although it falls short: " + " ".join(gaps)


def publish(queryset, user=None, *, anyway=False):
    """Publish the pages of `queryset` that pass the audit (all of them with `anyway`, for a user
    who may); returns an Outcome naming the pages refused and why."""
    content_changed()
    outcome = Outcome()
    overriding = anyway and may_publish_anyway(user)
    passing, overridden = [], []
    for page in queryset.exclude(status=Status.PUBLISHED):
        gaps = gaps_of(page)
        if gaps and not overriding:
            outcome.refused[str(page)] = gaps
        elif gaps:
            overridden.append((page.pk, f"{page}: {' '.join(gaps)}"))
        else:
            passing.append(page.pk)
    if overridden:
        comment = "Published although they fall short (bulk action): " + " ".join(
            reasons for _, reasons in overridden
        )
    else:
        comment = "Published (bulk action)."
    pks = passing + [pk for pk, _ in overridden]
    outcome.published = _set_status(queryset.model, pks, Status.PUBLISHED, comment, user)
    return outcome


def unpublish(queryset, user=None):
    """Move every page of `queryset` back to draft, and with roles the published comparisons of
    them, which readers could no longer see; returns (how many pages, [comparisons' titles])."""
    content_changed()
    pks = list(queryset.exclude(status=Status.DRAFT).values_list("pk", flat=True))
    count = _set_status(
        queryset.model, pks, Status.DRAFT, "Moved back to draft (bulk action).", user
    )
    taken = comparisons_of_drafts(pks, user) if queryset.model is Role else []
    return count, taken


def comparisons_of_drafts(role_pks, user=None):
    """Move to draft the published comparisons of these roles (now drafts), so no published
    comparison leads readers to a missing chart; returns their titles."""
    comparisons = Comparison.objects.published().filter(roles__pk__in=role_pks).distinct()
    titles = [comparison.title for comparison in comparisons]
    pks = [comparison.pk for comparison in comparisons]
    _set_status(
        Comparison,
        pks,
        Status.DRAFT,
        "Moved back to draft: it compares a role moved back to draft.",
        user,
    )
    return titles


def _set_status(model, pks, status, comment, user):
    if not pks:
        return 0
    with recording(comment, user):
        count = (
            model._default_manager.filter(pk__in=pks)
            .exclude(status=status)
            .update(status=status, updated_at=timezone.now())
        )
        record(model._default_manager.filter(pk__in=pks))
    return count
