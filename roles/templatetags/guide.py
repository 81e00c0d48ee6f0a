"""Template filters for showing figures the way readers expect them."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from roles.models import PAY_METRIC_VALUES, FigureMetric

register = template.Library()


@register.filter
def figure_value(figure):
    """'$60,970 a year', '366,200 jobs', '+1% (2023–2033)'."""
    if figure is None:
        return ""
    value = figure.value
    if figure.metric in PAY_METRIC_VALUES:
        return f"${intcomma(round(value))} a year"
    if figure.metric == FigureMetric.JOBS:
        return f"{intcomma(round(value))} jobs"
    if figure.metric == FigureMetric.GROWTH:
        number = f"{value:+.1f}".replace(".0", "")
        return f"{number}% ({figure.year}–{figure.period_end})"
    return str(value)


@register.filter
def figure_year_label(figure):
    """The year a reader should read the figure as of."""
    if figure.metric == FigureMetric.GROWTH:
        return f"projection {figure.year}–{figure.period_end}"
    return str(figure.year)
