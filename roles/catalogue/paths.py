"""The career paths of a field as a reader may see them: fetch its roles and moves, then draw."""

from django.db.models import Q

from roles.compare.drawing import career_paths
from roles.models import CareerMove, Role


def field_career_paths(career_field, user, current=None):
    """The field's career paths, or on the page of the role `current` only the moves that start or
    end at it (the whole field is on the field's page), its own moves listed first.

    Two queries (the field's visible roles, the moves out of them); the drawing makes none.
    """
    field_roles = list(Role.objects.visible_to(user).filter(field=career_field).order_by("title"))
    moves = CareerMove.objects.out_of_field(career_field, user)
    if current is not None:
        moves = moves.filter(Q(from_role=current) | Q(to_role=current))
    paths = career_paths(field_roles, moves, current)
    paths.edges.sort(key=lambda edge: not edge.source.current)
    return paths
