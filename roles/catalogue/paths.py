"""The career paths of a field as a reader may see them: fetch its roles and moves, then draw."""

from roles.compare.drawing import career_paths
from roles.models import CareerMove, Role


def field_career_paths(career_field, user, current=None):
    """Two queries (the field's visible roles, the moves out of them); the drawing makes none."""
    field_roles = list(Role.objects.visible_to(user).filter(field=career_field).order_by("title"))
    moves = CareerMove.objects.out_of_field(career_field, user)
    return career_paths(field_roles, moves, current)
