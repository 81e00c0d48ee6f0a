"""Figures shown to readers: the sources they come from, editors' figures for curated roles, and
`Figure`, the one form every figure takes on its way to a page, chart, filter or download."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import models
from django.db.models import Q


class Source(models.Model):
    """A publication the guide cites for figures and facts."""

    name = models.CharField(max_length=200, help_text="As readers should see it cited.")
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class FigureMetric(models.TextChoices):
    MEDIAN_PAY = "median_pay", "Median annual pay"
    PAY_10 = "pay_p10", "Annual pay, 10th percentile"
    PAY_25 = "pay_p25", "Annual pay, 25th percentile"
    PAY_75 = "pay_p75", "Annual pay, 75th percentile"
    PAY_90 = "pay_p90", "Annual pay, 90th percentile"
    JOBS = "jobs", "Number of jobs"
    GROWTH = "growth", "Projected employment growth"


# Annual pay figures, lowest percentile first.
PAY_METRIC_VALUES = ("pay_p10", "pay_p25", "median_pay", "pay_p75", "pay_p90")
# Figures imported from OEWS that editors' figures never hold: hourly pay and OEWS employment
# (wage-and-salary jobs, which differ from the Occupational Outlook Handbook's number of jobs).
HOURLY_METRICS = {
    "hourly_p10": "Hourly pay, 10th percentile",
    "hourly_p25": "Hourly pay, 25th percentile",
    "median_hourly": "Median hourly pay",
    "hourly_p75": "Hourly pay, 75th percentile",
    "hourly_p90": "Hourly pay, 90th percentile",
}
EMPLOYMENT = "employment"
METRIC_LABELS = {
    **dict(FigureMetric.choices),
    **HOURLY_METRICS,
    EMPLOYMENT: "Employment (wage and salary jobs)",
}
# For each annual pay metric, the hourly one for the same percentile.
HOURLY_FOR = dict(zip(PAY_METRIC_VALUES, HOURLY_METRICS, strict=True))


class LabourFigure(models.Model):
    """One labour-market figure for a role, with the population it covers and its source."""

    Metric = FigureMetric

    role = models.ForeignKey("roles.Role", on_delete=models.CASCADE, related_name="figures")
    metric = models.CharField(max_length=12, choices=FigureMetric.choices)
    value = models.DecimalField(
        max_digits=12,
        decimal_places=1,
        help_text="Dollars a year for pay, a count for jobs, a percentage for growth.",
    )
    population = models.CharField(
        "occupation the figure covers",
        max_length=200,
        help_text="The occupation's name and SOC code, as the source gives them. Say so when it "
        "is a broader or nearest occupation rather than this role.",
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="figures")
    year = models.PositiveSmallIntegerField("reference year")
    period_end = models.PositiveSmallIntegerField(
        "projection ends", null=True, blank=True, help_text="For growth only: the last year."
    )

    class Meta:
        ordering = ["role", "metric"]
        verbose_name = "labor-market figure"
        constraints = [
            models.UniqueConstraint(
                fields=["role", "metric"],
                name="figure_once_per_metric",
                violation_error_message="The role already has this figure: edit that one instead.",
            ),
            models.CheckConstraint(
                condition=Q(metric__in=FigureMetric.values), name="figure_metric_valid"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100),
                name="figure_year_sane",
                violation_error_message="The reference year must be between 1990 and 2100.",
            ),
            models.CheckConstraint(
                condition=~Q(metric__in=PAY_METRIC_VALUES) | Q(value__gte=1000, value__lte=1000000),
                name="figure_pay_sane",
                violation_error_message="Annual pay must be between $1,000 and $1,000,000.",
            ),
            models.CheckConstraint(
                condition=~Q(metric="jobs") | Q(value__gte=0, value__lte=100000000),
                name="figure_jobs_sane",
                violation_error_message="The number of jobs must be between 0 and 100,000,000.",
            ),
            models.CheckConstraint(
                condition=~Q(metric="growth") | Q(value__gte=-100, value__lte=100),
                name="figure_growth_sane",
                violation_error_message="Growth is a percentage between -100 and 100.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(metric="growth")
                    & Q(period_end__isnull=False)
                    & Q(period_end__gt=models.F("year"))
                )
                | (~Q(metric="growth") & Q(period_end__isnull=True)),
                name="figure_growth_has_period",
                violation_error_message="Growth needs the last year of its projection (after the reference year); other figures take none.",
            ),
        ]

    def __str__(self):
        return f"{self.role}: {self.get_metric_display()}"

    def as_figure(self):
        if self.metric == FigureMetric.GROWTH:
            period = f"{self.year}–{self.period_end}"
        else:
            period = str(self.year)
        return Figure(
            metric=self.metric,
            value=self.value,
            population=self.population,
            source=self.source,
            period=period,
            cited_period=f"projection {period}" if self.metric == FigureMetric.GROWTH else period,
        )


@dataclass(frozen=True)
class Figure:
    """A figure as readers see it, wherever it came from: value, what it covers, source, period.

    `top_coded` marks a value published only as "this much or more"; `broader` marks a figure that
    covers a wider group of jobs than the page it is shown on (its `population` names the group).
    """

    metric: str
    value: Decimal
    population: str
    source: Source
    period: str
    cited_period: str = ""
    top_coded: bool = False
    broader: bool = False

    @property
    def label(self):
        return METRIC_LABELS.get(self.metric, self.metric)

    @property
    def is_pay(self):
        return self.metric in PAY_METRIC_VALUES or self.metric in HOURLY_METRICS

    @property
    def is_hourly(self):
        return self.metric in HOURLY_METRICS

    @property
    def shown(self):
        """'$60,970 a year', '$239,200 or more a year', '$29.33 an hour', '366,200 jobs', '+1% (2023–2033)'."""
        value = self.value
        or_more = " or more" if self.top_coded else ""
        if self.metric in PAY_METRIC_VALUES:
            return f"${intcomma(round(value))}{or_more} a year"
        if self.metric in HOURLY_METRICS:
            return f"${intcomma(f'{value:.2f}')}{or_more} an hour"
        if self.metric in (FigureMetric.JOBS, EMPLOYMENT):
            return f"{intcomma(round(value))} jobs"
        if self.metric == FigureMetric.GROWTH:
            number = f"{value:+.1f}".replace(".0", "")
            return f"{number}% ({self.period})"
        return str(value)

    @property
    def citation_period(self):
        """The period as a citation gives it: 'May 2024', '2023', 'projection 2023–2033'."""
        return self.cited_period or self.period

    @property
    def citation(self):
        """'Source: U.S. Bureau of Labor Statistics, OEWS, May 2024'."""
        parts = [self.source.publisher, self.source.name, self.citation_period]
        return "Source: " + ", ".join(part for part in parts if part)
