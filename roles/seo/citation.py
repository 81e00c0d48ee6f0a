""" "Cite this page": how to cite a role, occupation or chart page, as the Occupational Outlook
Handbook offers for its own pages: the page's title, the site, its address, and the date an editor
last reviewed it or, for pages built from public data, the data releases it shows."""

from dataclasses import dataclass

from django.conf import settings

from roles.compare.export import site_url


@dataclass
class Citation:
    title: str
    url: str
    reviewed: object = None  # a date, for a page an editor reviewed
    editions: tuple = ()  # the data releases a page built from public data shows

    @property
    def site(self):
        return settings.SITE_NAME


def for_role(role):
    return Citation(role.title, site_url(role.get_absolute_url()), reviewed=role.reviewed_on)


def for_occupation(occupation):
    editions = [f"O*NET {occupation.release}"]
    if occupation.wage_estimate is not None:
        editions.append(f"BLS OEWS {occupation.wage_estimate.period}")
    return Citation(
        occupation.title, site_url(occupation.get_absolute_url()), editions=tuple(editions)
    )


def for_chart(title, path, jobs, comparison=None):
    """A chart: a stored comparison cites its review; a chart of reviewed roles, the oldest of their
    reviews (it is as current as its least recently checked role); any other chart, the data
    releases it shows (O*NET's, and each figure source's period)."""
    if comparison is not None and comparison.reviewed_on:
        return Citation(title, site_url(path), reviewed=comparison.reviewed_on)
    reviews = [getattr(job, "reviewed_on", None) for job in jobs]
    if reviews and all(reviews):
        return Citation(title, site_url(path), reviewed=min(reviews))
    editions = {}
    for job in jobs:
        if not job.is_curated:
            editions.setdefault(f"O*NET {job.release}", None)
    for job in jobs:
        for figure in job.figures_by_metric().values():
            editions.setdefault(f"{figure.source.name}, {figure.period}", None)
    return Citation(title, site_url(path), editions=tuple(editions))
