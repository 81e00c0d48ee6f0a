"""Next moves: for each occupation, the occupations that share the most of its work.

Computed once per import from O*NET's task-to-activity links and skill ratings
(`roles/importers/moves.py`), so a page reads a ranked list instead of comparing a thousand
occupations while the reader waits.
"""

from django.db import models

from roles.models.occupations import Occupation


class NextMove(models.Model):
    """One ranked move from an occupation to another that shares its work."""

    from_occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="next_moves"
    )
    to_occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    shared_activities = models.PositiveSmallIntegerField(
        help_text="Detailed work activities both occupations' tasks map to."
    )
    from_activities = models.PositiveSmallIntegerField(
        help_text="Detailed work activities of the occupation moved from."
    )
    shared_groups = models.PositiveSmallIntegerField(
        help_text="Intermediate work activities (groups of DWAs) both occupations have."
    )
    from_groups = models.PositiveSmallIntegerField(
        help_text="Intermediate work activities of the occupation moved from."
    )
    skill_similarity = models.FloatField(
        help_text="How alike the two skill profiles are (0-1): the correlation of O*NET's "
        "skill profiles, below zero counted as zero."
    )
    score = models.FloatField()

    class Meta:
        ordering = ["from_occupation", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_occupation", "to_occupation"], name="next_move_once"
            ),
            models.UniqueConstraint(fields=["from_occupation", "rank"], name="next_move_rank"),
        ]

    def __str__(self):
        return f"{self.from_occupation.code} → {self.to_occupation.code} (#{self.rank})"

    @property
    def shared_groups_percent(self):
        """The share of the current occupation's kinds of work the next one also does."""
        return round(100 * self.shared_groups / self.from_groups) if self.from_groups else 0
