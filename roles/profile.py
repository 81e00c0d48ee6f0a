"""Shaping one role's prefetched data for its page: duties by kind, qualifications, related roles."""

from dataclasses import dataclass

from roles.comparison import by_emphasis
from roles.models import Duty, Qualification, RoleQualification

RELATED_ROLES_SHOWN = 8
LEVEL_RANK = {
    RoleQualification.Level.REQUIRED: 0,
    RoleQualification.Level.PREFERRED: 1,
    RoleQualification.Level.HELPFUL: 2,
}


@dataclass
class Group:
    kind: str
    label: str
    entries: list


def group_duties(role):
    """The role's duties grouped by kind (catalogue order), core duties first within a kind."""
    groups = []
    role_duties = list(role.role_duties.all())
    for kind, label in Duty.Kind.choices:
        entries = [rd for rd in role_duties if rd.duty.kind == kind]
        entries.sort(key=by_emphasis)
        if entries:
            groups.append(Group(kind=kind, label=label, entries=entries))
    return groups


def group_qualifications(role):
    """The role's qualifications grouped by kind, required ones first within a kind."""
    groups = []
    role_qualifications = list(role.role_qualifications.all())
    for kind, label in Qualification.Kind.choices:
        entries = [rq for rq in role_qualifications if rq.qualification.kind == kind]
        entries.sort(key=lambda rq: (LEVEL_RANK.get(rq.level, 9), rq.order, rq.id))
        if entries:
            groups.append(Group(kind=kind, label=label, entries=entries))
    return groups


def related_roles(role, candidates):
    """Roles a reader of `role` may want next: its field's other roles and where it leads."""
    move_targets = {move.to_role_id for move in role.moves.all() if move.to_role_id}
    related = [
        other
        for other in candidates
        if other.pk != role.pk and (other.field_id == role.field_id or other.pk in move_targets)
    ]
    return sorted(related, key=lambda other: other.title)[:RELATED_ROLES_SHOWN]
