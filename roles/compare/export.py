"""Data out: a role or a comparison as JSON, a comparison chart as CSV, each citing its sources.

The functions here shape objects the views fetched (jobs from `select_jobs` or a role with
`with_profile`, a chart from `build_chart`); they run no queries of their own. `absolute` turns a
path into a full URL (the views pass `site_url`, which never trusts the request's Host header).
"""

import csv
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import reverse

from roles.compare.selection import compare_url
from roles.models import COMPARE_SEPARATOR, FigureMetric

ONET_CREDIT = (
    "This page includes information from the O*NET {release} Database by USDOL/ETA. "
    "Used under the CC BY 4.0 license. O*NET® is a trademark of USDOL/ETA."
)
# The release the guide's duty wording was informed by, where no occupation names one.
ONET_RELEASE = "29.3"
NO_FIGURE = "No published figure"
NO_ITEMS = "None listed"
ITEM_SEPARATOR = "; "
# A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def site_url(path):
    """The full address of one of our pages, from the configured SITE_URL."""
    return settings.SITE_URL + path


def joined_slugs(slugs):
    return COMPARE_SEPARATOR.join(slugs)


def compare_data_url(slugs, extension):
    """The address of a comparison's data: `extension` is "csv" or "json"."""
    return reverse(f"roles:compare_{extension}", kwargs={"slugs": joined_slugs(slugs)})


def download_filename(slugs, extension):
    return f"{joined_slugs(slugs)}.{extension}"


def uses_onet(jobs):
    """Whether O*NET informs what is shown for these jobs: an occupation, or a reworded duty."""
    return any(
        not job.is_curated or any(rd.duty.onet_task_id for rd in job.role_duties.all())
        for job in jobs
    )


@dataclass
class Credit:
    """The O*NET credit a page or a download must carry, and what Career Guide reworded."""

    release: str
    modified: list  # what was reworded, e.g. "the duty wording on the guide's roles is ours"

    @property
    def line(self):
        modified = (
            f", modified by Career Guide ({'; '.join(self.modified)})" if self.modified else ""
        )
        return (
            f"This page includes information from the O*NET {self.release} Database by USDOL/ETA"
            f"{modified}. Used under the CC BY 4.0 license. O*NET® is a trademark of USDOL/ETA."
        )


def onet_credit(jobs):
    """The credit for a page or download showing `jobs`, or None when O*NET informs none of it.

    The release is the one the occupations shown were imported from (a role's, its occupation's);
    each rewording is named: a role's duties, an editor's change to an occupation.
    """
    jobs = list(jobs)
    if not uses_onet(jobs):
        return None
    occupations = [job if not job.is_curated else job.occupation for job in jobs]
    releases = sorted({occupation.release for occupation in occupations if occupation})
    modified = []
    if any(job.is_curated for job in jobs):
        modified.append("the duty wording on the guide's roles is ours")
    for job in jobs:
        if not job.is_curated and job.modified_fields:
            fields = " and ".join(job.modified_fields)
            modified.append(f"an editor reworded the {fields} of {job.title}")
    return Credit(release=", ".join(releases) or ONET_RELEASE, modified=modified)


def attribution(jobs):
    """Credits the licences of what the data draws on require (O*NET where it informs a job)."""
    credit = onet_credit(jobs)
    if credit is None:
        return []
    data = {
        "work": f"O*NET {credit.release} Database",
        "creator": "USDOL/ETA",
        "url": "https://www.onetcenter.org/database.html",
        "license": "CC BY 4.0",
        "license_url": "https://creativecommons.org/licenses/by/4.0/",
        "credit": ONET_CREDIT.format(release=credit.release),
        "applies_to": "Occupations (tasks, titles, Job Zones, skills, education) and duties with "
        "an onet_task_id.",
    }
    if credit.modified:
        data["modified"] = (
            f"Modified by Career Guide: {'; '.join(credit.modified)}. USDOL/ETA has not "
            "approved, endorsed, or tested these modifications."
        )
    return [data]


def _number(value):
    """A Decimal as a JSON number: 60970, not "60970.0"."""
    return int(value) if value == value.to_integral_value() else float(value)


def source_data(source):
    return {"name": source.name, "publisher": source.publisher, "url": source.url}


def figure_data(figure):
    return {
        "metric": figure.metric,
        "metric_label": figure.label,
        "value": _number(figure.value),
        "or_more": figure.top_coded,
        "shown_as": figure.shown,
        "population": figure.population,
        "broader_group": figure.broader,
        "source": source_data(figure.source),
        "period": figure.period,
        "citation": figure.citation,
    }


def _date(value):
    """A review date as ISO 8601, or None for a page no editor has reviewed."""
    return value.isoformat() if value else None


def cited_sources(jobs):
    """Every source the jobs' figures cite, once each, by name."""
    sources = {
        figure.source.pk: figure.source
        for job in jobs
        for figure in job.figures_by_metric().values()
    }
    return [source_data(source) for source in sorted(sources.values(), key=lambda s: s.name)]


def job_link(job, absolute):
    link = {
        "kind": job.kind,
        "title": job.title,
        "slug": job.slug,
        "url": absolute(job.get_absolute_url()),
    }
    if job.is_curated:
        link["json_url"] = absolute(reverse("roles:role_json", kwargs={"slug": job.slug}))
    else:
        link["onet_soc_code"] = job.code
    return link


def _move_data(move, absolute):
    # Moves come prefetched for this reader: a destination role here is one they may see.
    linked = move.to_role_id is not None
    return {
        "title": move.destination_title,
        "role": job_link(move.to_role, absolute) if linked else None,
        "what_it_takes": move.what_it_takes,
    }


def _figures(job):
    order = {metric: index for index, metric in enumerate(FigureMetric.values)}
    figures = job.figures_by_metric().values()
    return [
        figure_data(figure)
        for figure in sorted(figures, key=lambda f: (order.get(f.metric, len(order)), f.metric))
    ]


def _education_level(qualification):
    """An education qualification's level as value and label, as `entry_education` is given;
    None for other kinds (and for an education qualification no editor has given one)."""
    if qualification.education_level is None:
        return None
    return {
        "value": qualification.education_level,
        "label": qualification.get_education_level_display(),
    }


def role_data(role, absolute):
    """Everything the role page states, as plain data, with each figure's source and period."""
    occupation = role.shown_occupation
    return {
        **job_link(role, absolute),
        "status": role.status,
        "field": {"name": role.field.name, "slug": role.field.slug},
        "summary": role.summary,
        "primary_focus": role.primary_focus,
        "overview": {"markdown": role.overview, "html": role.overview_html},
        "other_titles": role.other_title_list,
        "occupation": None
        if occupation is None
        else {
            **job_link(occupation, absolute),
            "relation": role.occupation_relation,
            "relation_label": role.get_occupation_relation_display(),
        },
        "entry_education": {
            "value": role.entry_education,
            "label": role.get_entry_education_display(),
        },
        "work_settings": [
            {"name": setting.name, "slug": setting.slug, "remote": setting.is_remote}
            for setting in role.work_settings.all()
        ],
        "duties": [
            {
                "name": rd.duty.name,
                "kind": rd.duty.kind.slug,
                "kind_label": rd.duty.kind.name,
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
                "level_label": rq.get_level_display(),
                # An education qualification's level, on the scale of `entry_education`.
                "education_level": _education_level(rq.qualification),
                "note": rq.note,
                "description": rq.qualification.description,
                "issuing_body": rq.qualification.issuing_body,
                "url": rq.qualification.url,
            }
            for rq in role.role_qualifications.all()
        ],
        "figures": _figures(role),
        "figures_note": role.figures_note,
        "career_moves": [_move_data(move, absolute) for move in role.moves.all()],
        "last_updated": role.updated_at.isoformat(),
        "reviewed": _date(role.reviewed_on),
        "sources": cited_sources([role]),
        "attribution": attribution([role]),
    }


def occupation_data(occupation, absolute):
    """What a chart column shows of an occupation, as plain data."""
    zone = occupation.job_zone
    return {
        **job_link(occupation, absolute),
        "field": {"name": occupation.field.name, "slug": occupation.field.slug},
        "description": occupation.description,
        "job_zone": None
        if zone is None
        else {"number": zone.number, "name": zone.name, "education": zone.education},
        "figures": _figures(occupation),
        "figures_note": occupation.figures_note,
        "onet_release": occupation.release,
        "sources": cited_sources([occupation]),
        "attribution": attribution([occupation]),
    }


def job_data(job, absolute):
    return role_data(job, absolute) if job.is_curated else occupation_data(job, absolute)


def _item_data(item):
    return {"text": item.text, "detail": item.detail, "shared_with": item.shared_with}


def _cell_data(job, cell):
    return {
        "job": job.slug,
        "text": cell.text,
        "items": [_item_data(item) for item in cell.items],
        "figures": [figure_data(figure) for figure in cell.figures],
        "missing": cell.missing,
        "aside": cell.aside,
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
        "reviewed": _date(comparison.reviewed_on),
    }


def comparison_data(chart, absolute):
    """The chart as plain data: its jobs in full, its rows, shared duties and curated text."""
    slugs = [job.slug for job in chart.jobs]
    data = {
        "title": chart.title,
        "url": absolute(compare_url(slugs)),
        "json_url": absolute(compare_data_url(slugs, "json")),
        "csv_url": absolute(compare_data_url(slugs, "csv")),
        "jobs": [job_data(job, absolute) for job in chart.jobs],
        "rows": [
            {
                "key": row.key,
                "label": row.label,
                "differs": row.differs,
                "note": row.note,
                "cells": [
                    _cell_data(job, cell) for job, cell in zip(chart.jobs, row.cells, strict=True)
                ],
            }
            for row in chart.rows
        ],
        "curated_comparison": _curated_data(chart.comparison, absolute),
        "sources": cited_sources(chart.jobs),
        "attribution": attribution(chart.jobs),
    }
    if chart.overlap is not None:
        data["shared_duties"] = chart.overlap.shared_by_all
        data["duties_shared_by_some"] = [
            {"name": name, "roles": titles} for name, titles in chart.overlap.shared_by_some
        ]
    return data


def figure_text(figure):
    """'$61,010 a year. Paralegals... (SOC 23-2011). Source: U.S. Bureau of ..., OEWS, May 2024 (url)'."""
    value = figure.shown
    if figure.metric == FigureMetric.GROWTH:
        value = f"Projected growth {value}"
    population = (
        f"Broader group's figure: {figure.population}" if figure.broader else figure.population
    )
    return f"{value}. {population}. {figure.citation} ({figure.source.url})"


def cell_text(row, cell):
    """One chart cell as one line of text: its text and items joined, figures with sources."""
    if row.holds_figures:
        parts = [cell.text] if cell.text else []
        parts += [figure_text(figure) for figure in cell.figures]
        if cell.missing:
            parts.insert(0, cell.missing)
        return ITEM_SEPARATOR.join(parts) or NO_FIGURE
    parts = [cell.text] if cell.text else []
    parts += [f"{item.text} ({item.detail})" if item.detail else item.text for item in cell.items]
    if cell.aside:
        parts.append(cell.aside)
    return ITEM_SEPARATOR.join(parts) or NO_ITEMS


def _spreadsheet_safe(text):
    """Text a spreadsheet shows as text, never runs as a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def chart_table(chart):
    """The chart as rows of cells: a header, one line per chart row, then any licence credit."""
    table = [["Row", *(job.title for job in chart.jobs), "Note"]]
    for row in chart.rows:
        cells = [cell_text(row, cell) for cell in row.cells]
        table.append([row.label, *cells, row.note])
    credit = onet_credit(chart.jobs)
    if credit is not None:
        table.append(["Credit", *("" for _ in chart.jobs), credit.line])
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
    slugs = [job.slug for job in chart.jobs]
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{download_filename(slugs, "csv")}"'
        },
    )
    write_chart_csv(chart, response)
    return response
