"""Data out: a role or a comparison as JSON, a comparison chart as CSV, each citing its sources.

The functions here shape objects the views fetched (roles prefetched with
`role_profile_prefetches`, a chart from `build_chart`); they run no queries of their own.
`absolute` turns a path into a full URL (the view passes `request.build_absolute_uri`).
"""

import csv

from django.http import HttpResponse, JsonResponse
from django.urls import reverse

from roles.comparison import compare_url, uses_onet
from roles.models import COMPARE_SEPARATOR, ChartRow, FigureMetric
from roles.templatetags.guide import figure_value, figure_year_label

ONET_CREDIT = (
    "This page includes information from the O*NET 29.3 Database by USDOL/ETA. "
    "Used under the CC BY 4.0 license. O*NET® is a trademark of USDOL/ETA."
)
ONET_MODIFIED = (
    "Career Guide has modified this information: the duty wording is ours. "
    "USDOL/ETA has not approved, endorsed, or tested these modifications."
)
ONET_ATTRIBUTION = {
    "work": "O*NET 29.3 Database",
    "creator": "USDOL/ETA",
    "url": "https://www.onetcenter.org/database.html",
    "license": "CC BY 4.0",
    "license_url": "https://creativecommons.org/licenses/by/4.0/",
    "credit": ONET_CREDIT,
    "modified": ONET_MODIFIED,
    "applies_to": "Duties with an onet_task_id.",
}
FIGURE_ROWS = (ChartRow.MEDIAN_PAY, ChartRow.OUTLOOK)
NO_FIGURE = "No published figure"
NO_ITEMS = "None listed"
ITEM_SEPARATOR = "; "
# A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def joined_slugs(slugs):
    return COMPARE_SEPARATOR.join(slugs)


def compare_data_url(slugs, extension):
    """The address of a comparison's data: `extension` is "csv" or "json"."""
    return reverse(f"roles:compare_{extension}", kwargs={"slugs": joined_slugs(slugs)})


def download_filename(slugs, extension):
    return f"{joined_slugs(slugs)}.{extension}"


def attribution(roles):
    """Credits the licences of what the data draws on require (O*NET where it informs a duty)."""
    return [ONET_ATTRIBUTION] if uses_onet(roles) else []


def _number(value):
    """A Decimal as a JSON number: 60970, not "60970.0"."""
    return int(value) if value == value.to_integral_value() else float(value)


def source_data(source):
    return {"name": source.name, "publisher": source.publisher, "url": source.url}


def figure_data(figure):
    return {
        "metric": figure.metric,
        "metric_label": figure.get_metric_display(),
        "value": _number(figure.value),
        "shown_as": figure_value(figure),
        "population": figure.population,
        "source": source_data(figure.source),
        "year": figure.year,
        "period_end": figure.period_end,
    }


def _ordered_figures(role):
    order = {metric: index for index, metric in enumerate(FigureMetric.values)}
    return sorted(role.figures.all(), key=lambda figure: order.get(figure.metric, len(order)))


def cited_sources(roles):
    """Every source the roles' figures cite, once each, by name."""
    sources = {figure.source.pk: figure.source for role in roles for figure in role.figures.all()}
    return [source_data(source) for source in sorted(sources.values(), key=lambda s: s.name)]


def role_link(role, absolute):
    return {
        "title": role.title,
        "slug": role.slug,
        "url": absolute(role.get_absolute_url()),
        "json_url": absolute(reverse("roles:role_json", kwargs={"slug": role.slug})),
    }


def _move_data(move, absolute):
    # Moves come prefetched for this reader: a destination role here is one they may see.
    linked = move.to_role_id is not None
    return {
        "title": move.destination_title,
        "role": role_link(move.to_role, absolute) if linked else None,
        "what_it_takes": move.what_it_takes,
    }


def role_data(role, absolute):
    """Everything the role page states, as plain data, with each figure's source and year."""
    return {
        **role_link(role, absolute),
        "status": role.status,
        "field": {"name": role.field.name, "slug": role.field.slug},
        "summary": role.summary,
        "primary_focus": role.primary_focus,
        "overview": {"markdown": role.overview, "html": role.overview_html},
        "other_titles": role.other_title_list,
        "soc_code": role.soc_code or None,
        "entry_education": {
            "value": role.entry_education,
            "label": role.get_entry_education_display(),
        },
        "work_settings": [
            {"name": setting.name, "slug": setting.slug} for setting in role.work_settings.all()
        ],
        "duties": [
            {
                "name": rd.duty.name,
                "kind": rd.duty.kind,
                "kind_label": rd.duty.get_kind_display(),
                "emphasis": rd.emphasis,
                "description": rd.duty.description,
                "onet_task_id": rd.duty.onet_task_id,
            }
            for rd in role.role_duties.all()
        ],
        "qualifications": [
            {
                "name": rq.qualification.name,
                "kind": rq.qualification.kind,
                "kind_label": rq.qualification.get_kind_display(),
                "level": rq.level,
                "note": rq.note,
                "description": rq.qualification.description,
                "issuing_body": rq.qualification.issuing_body,
                "url": rq.qualification.url,
            }
            for rq in role.role_qualifications.all()
        ],
        "figures": [figure_data(figure) for figure in _ordered_figures(role)],
        "figures_note": role.figures_note,
        "career_moves": [_move_data(move, absolute) for move in role.moves.all()],
        "last_updated": role.updated_at.isoformat(),
        "sources": cited_sources([role]),
        "attribution": attribution([role]),
    }


def _item_data(item):
    return {"text": item.text, "detail": item.detail, "shared_with": item.shared_with}


def _cell_data(role, cell):
    figures = [figure for figure in (cell.figure, cell.extra_figure) if figure]
    return {
        "role": role.slug,
        "text": cell.text,
        "items": [_item_data(item) for item in cell.items],
        "figures": [figure_data(figure) for figure in figures],
    }


def _markdown_pair(markdown, html):
    return {"markdown": markdown, "html": html}


def _curated_data(comparison, absolute):
    if comparison is None:
        return None
    return {
        "title": comparison.title,
        "slug": comparison.slug,
        "url": absolute(comparison.get_absolute_url()),
        "status": comparison.status,
        "introduction": _markdown_pair(comparison.introduction, comparison.introduction_html),
        "advice": _markdown_pair(comparison.advice, comparison.advice_html),
        "last_updated": comparison.updated_at.isoformat(),
    }


def chart_title(chart):
    if chart.comparison is not None:
        return chart.comparison.title
    return " vs ".join(role.title for role in chart.roles)


def comparison_data(chart, absolute):
    """The chart as plain data: its roles in full, its rows, shared duties and curated text."""
    slugs = [role.slug for role in chart.roles]
    return {
        "title": chart_title(chart),
        "url": absolute(compare_url(slugs)),
        "json_url": absolute(compare_data_url(slugs, "json")),
        "csv_url": absolute(compare_data_url(slugs, "csv")),
        "roles": [role_data(role, absolute) for role in chart.roles],
        "rows": [
            {
                "key": row.key,
                "label": row.label,
                "differs": row.differs,
                "note": row.note,
                "cells": [
                    _cell_data(role, cell)
                    for role, cell in zip(chart.roles, row.cells, strict=True)
                ],
            }
            for row in chart.rows
        ],
        "shared_duties": chart.overlap.shared_by_all,
        "duties_shared_by_some": [
            {"name": name, "roles": titles} for name, titles in chart.overlap.shared_by_some
        ],
        "curated_comparison": _curated_data(chart.comparison, absolute),
        "sources": cited_sources(chart.roles),
        "attribution": attribution(chart.roles),
    }


def figure_text(figure):
    """'$60,970 a year. Paralegals (SOC 23-2011). Source: OOH, BLS, 2023 (https://...)'."""
    value = figure_value(figure)
    if figure.metric == FigureMetric.GROWTH:
        value = f"Projected growth {value}"
    publisher = f", {figure.source.publisher}" if figure.source.publisher else ""
    return (
        f"{value}. {figure.population}. Source: {figure.source.name}{publisher}, "
        f"{figure_year_label(figure)} ({figure.source.url})"
    )


def cell_text(row, cell):
    """One chart cell as one line of text: its text and items joined, figures with sources."""
    if row.key in FIGURE_ROWS:
        parts = [figure_text(figure) for figure in (cell.figure, cell.extra_figure) if figure]
        if cell.figure is None:
            missing = "Projected growth: no published figure" if parts else NO_FIGURE
            parts.insert(0, missing)
        return ITEM_SEPARATOR.join(parts)
    parts = [cell.text] if cell.text else []
    parts += [f"{item.text} ({item.detail})" if item.detail else item.text for item in cell.items]
    return ITEM_SEPARATOR.join(parts) or NO_ITEMS


def _spreadsheet_safe(text):
    """Text a spreadsheet shows as text, never runs as a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def chart_table(chart):
    """The chart as rows of cells: a header, one line per chart row, then any licence credit."""
    table = [["Row", *(role.title for role in chart.roles), "Note"]]
    for row in chart.rows:
        cells = [cell_text(row, cell) for cell in row.cells]
        table.append([row.label, *cells, row.note])
    if uses_onet(chart.roles):
        table.append(["Credit", *("" for _ in chart.roles), f"{ONET_CREDIT} {ONET_MODIFIED}"])
    return [[_spreadsheet_safe(text) for text in line] for line in table]


def write_chart_csv(chart, out):
    """Write the chart to `out` (a text file or an HttpResponse) as CSV."""
    # A byte-order mark so spreadsheet programs read the file as UTF-8 (en dashes, ®, accents).
    out.write("\ufeff")
    csv.writer(out).writerows(chart_table(chart))


def json_response(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False, "indent": 2})


def data_error(extension, message, status):
    """An error in the format asked for, so a script reading the data can tell what went wrong."""
    if extension == "json":
        return json_response({"error": message, "status": status}, status=status)
    return HttpResponse(f"{message}\n", content_type="text/plain; charset=utf-8", status=status)


def csv_download(chart):
    slugs = [role.slug for role in chart.roles]
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{download_filename(slugs, "csv")}"'
        },
    )
    write_chart_csv(chart, response)
    return response
