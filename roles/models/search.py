"""The search index: the words the guide's jobs use, and where each job uses each word.

`roles/discover/index.py` fills both tables with one tokenizer and stemmer in Python, so search
finds the same jobs on SQLite and PostgreSQL. Nothing else writes them; rebuilding them from the
occupations and roles always gives the same rows.
"""

from django.db import models
from django.db.models import Q

from roles.models.occupations import Occupation
from roles.models.roles import Role


class SearchPlace(models.IntegerChoices):
    """Where in a job a word was found, most telling first (a lower number ranks higher)."""

    TITLE = 1, "Title"
    ALSO_CALLED = 2, "Also called"
    REPORTED_TITLE = 3, "Reported title"
    SUMMARY = 4, "Summary"
    DUTY = 5, "Task or duty"
    QUALIFICATION = 6, "Qualification"
    WORK_SETTING = 7, "Work setting"


class SearchWord(models.Model):
    """A word as written in the guide (lower case, without accents), with its stem.

    The vocabulary a misspelled search word is corrected from; on PostgreSQL `word` has a GIN
    trigram index (migration 0012).
    """

    word = models.CharField(max_length=40, unique=True)
    stem = models.CharField(max_length=40)
    jobs = models.PositiveIntegerField(
        default=0, help_text="How many jobs use the word: the commoner of two corrections wins."
    )

    class Meta:
        ordering = ["word"]
        verbose_name = "search word"

    def __str__(self):
        return self.word


class SearchPosting(models.Model):
    """One stem in one job (an occupation or a role): every place it is found, and where exactly.

    `places` is a bit set of `SearchPlace` values (bit 1 << place); `positions` lists each
    occurrence as place * POSITION_SPAN + the word's number within that place, so a phrase is
    found by its words' consecutive positions.
    """

    stem = models.CharField(max_length=40)
    # Indexed by the unique constraints below, which start with them.
    occupation = models.ForeignKey(
        Occupation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, null=True, blank=True, related_name="+", db_index=False
    )
    places = models.PositiveSmallIntegerField()
    positions = models.TextField(help_text="Space-separated positions.")

    class Meta:
        ordering = ["stem"]
        verbose_name = "search posting"
        indexes = [models.Index(fields=["stem"], name="search_posting_stem")]
        constraints = [
            models.CheckConstraint(
                condition=Q(occupation__isnull=True, role__isnull=False)
                | Q(occupation__isnull=False, role__isnull=True),
                name="search_posting_one_job",
            ),
            # Partial, so each index holds only its kind of job's rows.
            models.UniqueConstraint(
                fields=["occupation", "stem"],
                condition=Q(occupation__isnull=False),
                name="search_posting_once_per_occupation",
            ),
            models.UniqueConstraint(
                fields=["role", "stem"],
                condition=Q(role__isnull=False),
                name="search_posting_once_per_role",
            ),
        ]

    def __str__(self):
        return f"{self.stem}: {self.occupation_id or self.role_id}"
