"""Structured data (schema.org JSON-LD) for search engines: what a role or occupation page shows, as
an `Occupation`, and a page's breadcrumbs, as a `BreadcrumbList`. Pure functions: they take what a
view already fetched and return dicts, so they run no queries; `scripts()` renders them."""

import json
from decimal import Decimal

from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from roles.compare.export import site_url
from roles.models import EducationLevel, FigureMetric

CONTEXT = "https://schema.org"
# Duties or tasks listed in `responsibilities`: a search engine wants the main ones, not all.
RESPONSIBILITIES_LISTED = 10
# Google's credential categories for `educationRequirements`; other levels get no category.
CREDENTIAL_CATEGORIES = {
    EducationLevel.HIGH_SCHOOL: "high school",
    EducationLevel.POSTSECONDARY_NONDEGREE: "professional certificate",
    EducationLevel.ASSOCIATE: "associate degree",
    EducationLevel.BACHELOR: "bachelor degree",
    EducationLevel.MASTER: "postgraduate degree",
    EducationLevel.DOCTORAL: "postgraduate degree",
}
# The pay figures a salary distribution is made of: (annual metric, hourly metric, property).
PERCENTILES = (
    (FigureMetric.PAY_10, "hourly_p10", "percentile10"),
    (FigureMetric.PAY_25, "hourly_p25", "percentile25"),
    (FigureMetric.MEDIAN_PAY, "median_hourly", "median"),
    (FigureMetric.PAY_75, "hourly_p75", "percentile75"),
    (FigureMetric.PAY_90, "hourly_p90", "percentile90"),
)
# Django's json_script escapes: no "<", ">" or "&" in the data, so no text can end the <script>.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def scripts(*items):
    """Each item as a JSON-LD data block, encoded as django.utils.html.json_script encodes; not
    json_script itself, whose block is type="application/json", which search engines do not read."""
    return format_html_join(
        "\n",
        '<script type="application/ld+json">{}</script>',
        ((_encoded(item),) for item in items if item),
    )


def _encoded(item):
    return mark_safe(json.dumps(item, ensure_ascii=False).translate(SCRIPT_ESCAPES))


def role_occupation(role, *, facts, occupation, duty_groups, qualification_groups):
    """A role page as a schema.org Occupation: `facts` are its quick facts (roles.catalogue.profile),
    `occupation` the one the page shows (None for none)."""
    data = _occupation_base(role.title, role.summary, role.get_absolute_url())
    # A role only near an occupation is not counted in it, so that code is not the role's.
    if occupation is not None and role.within_occupation:
        data["occupationalCategory"] = occupation.soc_code
    salary = estimated_salary([figure for fact in facts for figure in fact.figures])
    if salary:
        data["estimatedSalary"] = salary
    data["educationRequirements"] = _credential(
        role.entry_education, role.get_entry_education_display()
    )
    duties = [entry.duty.name for group in duty_groups for entry in group.entries]
    if duties:
        data["responsibilities"] = duties[:RESPONSIBILITIES_LISTED]
    qualifications = [
        entry.qualification.name for group in qualification_groups for entry in group.entries
    ]
    if qualifications:
        data["qualifications"] = qualifications
    return data


def occupation_occupation(occupation, *, percentiles, task_groups, skills):
    """An occupation page as a schema.org Occupation: `percentiles` are its pay table's rows
    (roles.catalogue.profile.pay_percentiles), `skills` its most important skill ratings."""
    data = _occupation_base(occupation.title, occupation.description, occupation.get_absolute_url())
    data["occupationalCategory"] = occupation.soc_code
    salary = estimated_salary(
        [figure for _, annual, hourly in percentiles for figure in (annual, hourly) if figure]
    )
    if salary:
        data["estimatedSalary"] = salary
    if occupation.common_education is not None:
        data["educationRequirements"] = _credential(
            occupation.common_education.level,
            occupation.common_education.name,
            description=occupation.common_education_text,
        )
    tasks = [task.text for group in task_groups for task in group.tasks]
    if tasks:
        data["responsibilities"] = tasks[:RESPONSIBILITIES_LISTED]
    if skills:
        data["skills"] = [rating.skill.name for rating in skills]
    return data


def estimated_salary(figures):
    """The pay percentiles among `figures` (those a page shows) as a MonetaryAmountDistribution, with
    the values as the page shows them: annual ones when there are any, else hourly. Only figures
    from the same source and period as the first go in, so one name can cite them all; a figure
    published only as "this much or more" is left out. None when the page shows no pay."""
    shown = {figure.metric: figure for figure in figures}
    annual = any(metric in shown for metric, _, _ in PERCENTILES)
    picked = [
        (name, shown[metric if annual else hourly])
        for metric, hourly, name in PERCENTILES
        if (metric if annual else hourly) in shown
    ]
    if not picked:
        return None
    first = picked[0][1]
    salary = {
        "@type": "MonetaryAmountDistribution",
        "name": _salary_name(first, annual),
        "currency": "USD",
        "duration": "P1Y" if annual else "PT1H",
    }
    for name, figure in picked:
        same_citation = (figure.source.pk, figure.period) == (first.source.pk, first.period)
        if same_citation and not figure.top_coded:
            salary[name] = _as_shown(figure.value, annual)
    return salary


def _salary_name(figure, annual):
    """'Annual pay, U.S. Bureau of Labor Statistics, OEWS, May 2024' (the page's citation)."""
    kind = "Annual pay" if annual else "Hourly pay"
    if figure.broader:
        kind += f" of a broader group ({figure.population})"
    parts = [kind, figure.source.publisher, figure.source.name, figure.citation_period]
    return ", ".join(part for part in parts if part)


def _as_shown(value, annual):
    # Figure.shown rounds annual pay to whole dollars and hourly pay to cents.
    if annual:
        return round(value)
    return float(value.quantize(Decimal("0.01")))


def _occupation_base(name, description, path):
    return {
        "@context": CONTEXT,
        "@type": "Occupation",
        "name": name,
        "description": description,
        "url": site_url(path),
    }


def _credential(level, name, *, description=""):
    credential = {"@type": "EducationalOccupationalCredential", "name": name}
    if level in CREDENTIAL_CATEGORIES:
        credential["credentialCategory"] = CREDENTIAL_CATEGORIES[level]
    if description:
        credential["description"] = description
    return credential


def breadcrumb_list(crumbs):
    """A page's breadcrumbs as a BreadcrumbList: Home, then `crumbs` as the breadcrumbs include
    shows them ((label, url) pairs; the last, the page itself, has url "" and so no item)."""
    trail = [("Home", reverse("roles:home")), *crumbs]
    elements = []
    for position, (label, url) in enumerate(trail, start=1):
        element = {"@type": "ListItem", "position": position, "name": str(label)}
        if url:
            element["item"] = site_url(url)
        elements.append(element)
    return {"@context": CONTEXT, "@type": "BreadcrumbList", "itemListElement": elements}
