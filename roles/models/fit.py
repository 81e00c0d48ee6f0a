"""A field's own fit-helper questions, kept as data editors manage.

Each answer names the duty kinds it is about and how much of them the reader wants; the fit
helper (`roles/discover/fit.py`) scores every role of the field by its duties' shares of those kinds.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from roles.models.fields import CareerField, DutyKind

# Query-string names the fit helper's own questions use; a field's questions cannot take them.
RESERVED_QUESTION_NAMES = (
    "field",
    "education",
    "pay",
    "remote",
    "page",
    "interests",
    "outlook",
    "first",
    "experience",
)


class FitQuestion(models.Model):
    field = models.ForeignKey(CareerField, on_delete=models.CASCADE, related_name="fit_questions")
    slug = models.SlugField(
        "name in the address", max_length=40, help_text="Short, e.g. 'work' (in ?work=...)."
    )
    legend = models.CharField(max_length=200, help_text="The question, as readers see it.")
    topic = models.CharField(
        max_length=60, help_text="A short label for results, e.g. 'Client contact'."
    )
    hint = models.TextField(blank=True)
    weight = models.PositiveSmallIntegerField(
        default=2, help_text="How much the answer counts against the other questions (1-3)."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["field", "order", "id"]
        verbose_name = "fit question"
        constraints = [
            models.UniqueConstraint(
                fields=["field", "slug"],
                name="fit_question_once_per_field",
                violation_error_message="The field already has a question with this name.",
            ),
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_QUESTION_NAMES) & ~Q(slug=""),
                name="fit_question_name_free",
                violation_error_message="This name is taken by the fit helper's own questions.",
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=3),
                name="fit_question_weight_range",
                violation_error_message="The weight must be 1, 2 or 3.",
            ),
        ]

    def __str__(self):
        return self.legend


class FitOption(models.Model):
    class Amount(models.TextChoices):
        MOST = "most", "As much as possible"
        SOME = "some", "Some"
        LEAST = "least", "As little as possible"

    question = models.ForeignKey(FitQuestion, on_delete=models.CASCADE, related_name="options")
    value = models.SlugField(max_length=40, help_text="As it appears in the address.")
    label = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    kinds = models.ManyToManyField(
        DutyKind, related_name="fit_options", help_text="The duty kinds this answer is about."
    )
    amount = models.CharField(
        "how much of them the reader wants",
        max_length=8,
        choices=Amount.choices,
        default=Amount.MOST,
    )
    balanced = models.BooleanField(
        "an even mix",
        default=False,
        help_text="Score by the smallest of the kinds' work-mix shares, for a reader who wants "
        "some of each.",
    )

    class Meta:
        ordering = ["question", "order", "id"]
        verbose_name = "answer"
        constraints = [
            models.UniqueConstraint(
                fields=["question", "value"],
                name="fit_option_once_per_question",
                violation_error_message="The question already has an answer with this value.",
            ),
            models.CheckConstraint(
                condition=Q(amount__in=["most", "some", "least"]), name="fit_option_amount_valid"
            ),
        ]

    def __str__(self):
        return self.label

    def clean(self):
        if self.value == "":
            raise ValidationError({"value": "Give the answer a value."})
