"""Importing the O*NET database files into the occupation tables.

`import_onet` reads the tables in `roles/data/onet/` (or another folder of the same files, plain
or compressed) and makes the database match them in one transaction: career fields for the SOC
major groups, Job Zones, education categories, occupations, their tasks and work activities,
titles, skills, education shares and related occupations. Rerunnable: a second run changes
nothing. Editors' changes to an occupation's title and description are kept; occupations that
leave the files are retired, never deleted.
"""

import re
from collections import Counter, defaultdict
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from roles.discover.index import index_import
from roles.editorial.history import recording_imported
from roles.importers.locking import catalogue_lock
from roles.importers.moves import sync_next_moves
from roles.importers.oews import link_wages
from roles.importers.tabular import (
    ImportReport,
    TableError,
    analyze,
    find_table,
    pks_by,
    read_manifest,
    read_table,
    sync_rows,
)
from roles.models import (
    AlternateTitle,
    CareerField,
    EducationCategory,
    EducationShare,
    JobZone,
    Occupation,
    OccupationSkill,
    RelatedOccupation,
    ReportedTitle,
    Role,
    Skill,
    Status,
    Task,
    WorkActivity,
)
from roles.models.occupations import EDITABLE_IMPORTED_FIELDS, INTEREST_TYPES
from roles.serving.pagecache import content_changed

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
ONET_DIR = DATA_DIR / "onet"
MAJOR_GROUPS_CSV = DATA_DIR / "soc" / "major-groups.csv"

FILES = {
    "occupations": "Occupation Data.txt",
    "tasks": "Task Statements.txt",
    "task_activities": "Tasks to DWAs.txt",
    "activities": "DWA Reference.txt",
    "job_zones": "Job Zones.txt",
    "job_zone_reference": "Job Zone Reference.txt",
    "related": "Related Occupations.txt",
    "alternate_titles": "Alternate Titles.txt",
    "reported_titles": "Sample of Reported Titles.txt",
    "skills": "Skills.txt",
    "content_model": "Content Model Reference.txt",
    "education": "Education, Training, and Experience.txt",
    "education_categories": "Education, Training, and Experience Categories.txt",
    "interests": "Interests.txt",
}

CODE = "O*NET-SOC Code"
CODE_PATTERN = re.compile(r"\d\d-\d{4}\.\d\d")
REQUIRED_EDUCATION = "RL"

# O*NET's "Required Level of Education" categories placed on our EducationLevel scale (0 none,
# 10 high school, 20 postsecondary certificate, 30 some college, 40 associate's, 50 bachelor's,
# 60 master's, 70 doctoral or professional); certificates after a degree sit between degrees.
EDUCATION_LEVEL_FOR_CATEGORY = {
    1: 0,
    2: 10,
    3: 20,
    4: 30,
    5: 40,
    6: 50,
    7: 55,
    8: 60,
    9: 65,
    10: 70,
    11: 70,
    12: 75,
}
TASK_TYPES = {"Core": "core", "Supplemental": "supplemental", "": ""}
RELATED_TIERS = {
    "Primary-Short": "primary-short",
    "Primary-Long": "primary-long",
    "Supplemental": "supplemental",
}


def max_length(model, name):
    """The longest text a model's field holds, so a longer cell fails with its line number."""
    return model._meta.get_field(name).max_length


def import_onet(directory=ONET_DIR, *, release=None, out=None):
    """Import the O*NET files in `directory` in one transaction; returns an `ImportReport`.

    `release` defaults to the folder's `manifest.toml`.
    """
    directory = Path(directory)
    if release is None:
        manifest = directory / "manifest.toml"
        if not manifest.is_file() and directory.is_dir():
            raise TableError(manifest, f"not found in {directory}: give the release (--release)")
        release = str(read_manifest(manifest).get("release", ""))
        if not release:
            raise TableError(manifest, "says no release: give one (--release)")
    paths = {name: find_table(directory, filename) for name, filename in FILES.items()}
    report = ImportReport(f"O*NET {release}", out=out)
    report.say(f"Importing O*NET {release} from {directory}", timed=False)
    with (
        catalogue_lock(out),
        transaction.atomic(),
        recording_imported(f"Imported O*NET {release} (import_onet)."),
    ):
        content_changed()
        fields = sync_major_groups(report)
        job_zones = sync_job_zones(paths["job_zone_reference"], report)
        categories = sync_education_categories(paths["education_categories"], report)
        listed = read_occupation_rows(paths["occupations"])
        zones = read_job_zones(paths["job_zones"], listed, job_zones)
        shares = read_education_shares(paths["education"], listed, categories)
        interests = read_interests(paths["interests"], listed)
        report.say(f"Read {len(listed):,} occupations, their Job Zones, education and interests")
        occupations = sync_occupations(
            listed, release, fields, zones, shares, categories, interests, report
        )
        sync_tasks_and_activities(paths, occupations, report)
        sync_titles(paths, occupations, report)
        sync_skills(paths, occupations, report)
        sync_education_shares(shares, occupations, categories, report)
        sync_related(paths["related"], occupations, report)
        if report.changed:
            analyze(
                Occupation,
                Task,
                Task.activities.through,
                WorkActivity,
                AlternateTitle,
                ReportedTitle,
                OccupationSkill,
                EducationShare,
                RelatedOccupation,
            )
        sync_next_moves(report)
        link_wages(report)
        index_import(report)
    return report


def sync_major_groups(report):
    """One career field per SOC major group; returns {group code: field pk}."""
    curated = CareerField.objects.curated()
    taken_names = set(curated.order_by().values_list("name", flat=True))
    taken_slugs = set(curated.order_by().values_list("slug", flat=True))
    rows = []
    for row in read_table(MAJOR_GROUPS_CSV, columns=("code", "title")):
        code = row.text("code")
        if not re.fullmatch(r"\d\d-0000", code):
            row.fail(f"{code!r} is not a SOC major group code")
        name = row.text("title", max_length=max_length(CareerField, "name"), required=True)
        if name in taken_names or slugify(name) in taken_slugs:
            # An editor's field already has this name: keep both, telling them apart by code.
            name = f"{name} (SOC {code[:2]})"
        rows.append(
            {
                "soc_major_group": code,
                "name": name,
                "slug": slugify(name),
                "order": 100 + int(code[:2]),
            }
        )
    counts = sync_rows(
        CareerField,
        "soc_major_group",
        rows,
        queryset=CareerField.objects.major_groups(),
        create_only=("slug",),
        retire=lambda pks: 0,
    )
    report.record("Career fields", counts)
    return pks_by(CareerField.objects.major_groups(), "soc_major_group")


def sync_job_zones(path, report):
    """The five Job Zones, in O*NET's words; returns {number: pk}."""
    rows = []
    numbers = set()
    for row in read_table(
        path,
        columns=(
            "Job Zone",
            "Name",
            "Experience",
            "Education",
            "Job Training",
            "Examples",
            "SVP Range",
        ),
    ):
        number = row.integer("Job Zone")
        if number in numbers:
            row.fail(f"Job Zone {number} appears twice")
        numbers.add(number)
        rows.append(
            {
                "number": number,
                "name": row.text("Name", max_length=max_length(JobZone, "name"), required=True),
                "experience": row.text("Experience"),
                "education": row.text("Education"),
                "job_training": row.text("Job Training"),
                "examples": row.text("Examples"),
                "svp_range": row.text("SVP Range", max_length=max_length(JobZone, "svp_range")),
            }
        )
    report.record("Job Zones", sync_rows(JobZone, "number", rows))
    return pks_by(JobZone.objects, "number")


def education_category_name(description):
    """'High School Diploma' from 'High School Diploma - or the equivalent (for example, GED)'."""
    return description.split(" - ", 1)[0].split(" (", 1)[0].strip()


def sync_education_categories(path, report):
    """The 12 "Required Level of Education" categories; returns {number: pk}."""
    rows = []
    numbers = set()
    for row in read_table(path, columns=("Scale ID", "Category", "Category Description")):
        if row["Scale ID"] != REQUIRED_EDUCATION:
            continue
        number = row.integer("Category")
        if number not in EDUCATION_LEVEL_FOR_CATEGORY:
            row.fail(f"education category {number} has no place on our education scale")
        if number in numbers:
            row.fail(f"education category {number} appears twice")
        numbers.add(number)
        description = row.text("Category Description", required=True)
        name = education_category_name(description)
        if len(name) > max_length(EducationCategory, "name"):
            row.fail("Category Description is too long to name the category")
        rows.append(
            {
                "number": number,
                "name": name,
                "description": description,
                "level": EDUCATION_LEVEL_FOR_CATEGORY[number],
            }
        )
    report.record("Education categories", sync_rows(EducationCategory, "number", rows))
    return pks_by(EducationCategory.objects, "number")


def read_occupation_rows(path):
    """{code: (title, description, row)} from Occupation Data, checked."""
    occupations = {}
    for row in read_table(path, columns=(CODE, "Title", "Description")):
        code = row[CODE]
        if not CODE_PATTERN.fullmatch(code):
            row.fail(f"{code!r} is not an O*NET-SOC code")
        if code in occupations:
            row.fail(f"{code} appears twice")
        occupations[code] = (
            row.text("Title", max_length=max_length(Occupation, "title"), required=True),
            row.text("Description", required=True),
            row,
        )
    if not occupations:
        raise TableError(path, "lists no occupations")
    return occupations


def occupation_code(row, occupations):
    """The code a row of a child table is about, which must be one of the occupations."""
    code = row[CODE]
    if code not in occupations:
        row.fail(f"{code!r} is not an occupation in Occupation Data")
    return code


def read_job_zones(path, occupations, job_zones):
    """{code: Job Zone pk}."""
    zones = {}
    for row in read_table(path, columns=(CODE, "Job Zone")):
        code = occupation_code(row, occupations)
        number = row.integer("Job Zone")
        if number not in job_zones:
            row.fail(f"Job Zone {number} is not in Job Zone Reference")
        if code in zones:
            row.fail(f"{code} has a second Job Zone")
        zones[code] = job_zones[number]
    return zones


# Interests.txt: the OI scale's elements by ID, and the IH high-points' codes 1-6 as letters.
INTEREST_ELEMENTS = {element: letter for letter, _, element in INTEREST_TYPES}
HIGH_POINTS = ("1.B.1.g", "1.B.1.h", "1.B.1.i")
HIGH_POINT_LETTERS = {number: letter for number, (letter, _, _) in enumerate(INTEREST_TYPES, 1)}


def read_interests(path, occupations):
    """{code: ({letter: OI score}, high-point code such as "CIE")}: O*NET's RIASEC profiles."""
    scores = defaultdict(dict)
    high_points = defaultdict(dict)
    for row in read_table(path, columns=(CODE, "Element ID", "Scale ID", "Data Value")):
        code = occupation_code(row, occupations)
        element, scale = row["Element ID"], row["Scale ID"]
        if scale == "OI" and element in INTEREST_ELEMENTS:
            letter = INTEREST_ELEMENTS[element]
            if letter in scores[code]:
                row.fail(f"{code} has a second {letter} interest score")
            scores[code][letter] = float(row.decimal("Data Value", places=2))
        elif scale == "IH" and element in HIGH_POINTS:
            number = row.integer("Data Value")
            if number and number not in HIGH_POINT_LETTERS:
                row.fail(f"interest high-point {number} is not 0-6")
            high_points[code][element] = HIGH_POINT_LETTERS.get(number, "")
        else:
            row.fail(f"unexpected interest element {element} on scale {scale}")
    profiles = {}
    for code, letters in scores.items():
        if len(letters) == len(INTEREST_TYPES):
            points = high_points.get(code, {})
            profiles[code] = (letters, "".join(points.get(element, "") for element in HIGH_POINTS))
    return profiles


def read_education_shares(path, occupations, categories):
    """{code: {category number: (percent, suppressed)}} for the required-education scale."""
    shares = defaultdict(dict)
    for row in read_table(
        path, columns=(CODE, "Scale ID", "Category", "Data Value", "Recommend Suppress")
    ):
        if row["Scale ID"] != REQUIRED_EDUCATION:
            continue
        code = occupation_code(row, occupations)
        number = row.integer("Category")
        if number not in categories:
            row.fail(f"education category {number} is not in the Categories file")
        if number in shares[code]:
            row.fail(f"{code} has category {number} twice")
        percent = row.decimal("Data Value", places=2)
        if not 0 <= percent <= 100:
            row.fail(f"Data Value {percent} is not a percentage")
        shares[code][number] = (percent, row.flag("Recommend Suppress", blank_is_false=True))
    return shares


def most_common_education(shares):
    """(category number, percent, imprecise) of the largest share; ties go to the lower level.

    A share O*NET flags as imprecise still counts: leaving it out would name a smaller share as
    the most common (registered nurses' 55.92% for a bachelor's degree is flagged). The flag
    goes with it, and the pages say so.
    """
    if not shares:
        return None, None, False
    percent, negative_number = max((percent, -number) for number, (percent, _) in shares.items())
    return -negative_number, percent, shares[-negative_number][1]


def free_slug(title, code, taken):
    """The title's slug, or with the code appended when a role or occupation already has it.

    Never holds "-vs-", which separates jobs in a comparison's address, and always fits.
    """
    suffix = "-" + code.replace(".", "-")
    slug = slugify(title).replace("-vs-", "-versus-")
    slug = slug[: max_length(Occupation, "slug")]
    if not slug or slug in taken:
        slug = slug[: max_length(Occupation, "slug") - len(suffix)].rstrip("-") + suffix
    taken.add(slug)
    return slug


def sync_occupations(listed, release, fields, zones, shares, categories, interests, report):
    """Occupations from Occupation Data, keeping editors' titles and descriptions.

    Returns {code: pk} of the occupations in the files (retired ones are left out).
    """
    existing = {
        code: {"title": title, "description": description, "imported": imported}
        for code, title, description, imported in Occupation.objects.order_by().values_list(
            "code", "title", "description", "imported"
        )
    }
    taken_slugs = set(Role.objects.order_by().values_list("slug", flat=True))
    taken_slugs |= set(Occupation.objects.order_by().values_list("slug", flat=True))
    rows = []
    for code, (title, description, row) in listed.items():
        field_pk = fields.get(code[:2] + "-0000")
        if field_pk is None:
            row.fail(f"{code[:2]}-0000 is not in {MAJOR_GROUPS_CSV.name}")
        category, percent, imprecise = most_common_education(shares.get(code, {}))
        interest_scores, interest_code = interests.get(code, ({}, ""))
        values = {
            "code": code,
            "field_id": field_pk,
            "job_zone_id": zones.get(code),
            "common_education_id": None if category is None else categories[category],
            "common_education_percent": percent,
            "common_education_imprecise": imprecise,
            "interests": interest_scores,
            "interest_code": interest_code,
            "release": release,
            "retired": False,
        }
        from_file = {"title": title, "description": description}
        current = existing.get(code)
        if current is None:
            values.update(from_file)
            values["slug"] = free_slug(title, code, taken_slugs)
            values["status"] = Status.PUBLISHED
        else:
            for name in EDITABLE_IMPORTED_FIELDS:
                ours = name not in current["imported"]
                if ours or current[name] == current["imported"][name]:
                    values[name] = from_file[name]
                else:
                    values[name] = current[name]
                    if current[name] != from_file[name]:
                        report.kept.append(f"{code} {name}")
        values["imported"] = from_file
        rows.append(values)

    def retire(pks):
        # The guide's roles that name an occupation leaving the release need an editor's eye.
        for title, code in Role.objects.filter(
            occupation__pk__in=pks, occupation__retired=False
        ).values_list("title", "occupation__code"):
            report.notes.append(
                f"The role {title} names {code}, which this release retires: choose another "
                "occupation for it in the admin."
            )
        return Occupation.objects.filter(pk__in=pks, retired=False).update(
            retired=True, updated_at=timezone.now()
        )

    counts = sync_rows(Occupation, "code", rows, create_only=("slug", "status"), retire=retire)
    report.record("Occupations", counts)
    return pks_by(Occupation.objects.current(), "code")


def sync_tasks_and_activities(paths, occupations, report):
    """Tasks, Detailed Work Activities, and which activities each task involves."""
    tasks = []
    task_codes = {}
    # Numbered within each occupation, so a release that drops one renumbers no other's tasks.
    positions = Counter()
    for row in read_table(paths["tasks"], columns=(CODE, "Task ID", "Task", "Task Type")):
        code = occupation_code(row, occupations)
        positions[code] += 1
        position = positions[code]
        task_id = row.integer("Task ID")
        if task_id in task_codes:
            row.fail(f"Task ID {task_id} appears twice")
        task_codes[task_id] = code
        if row["Task Type"] not in TASK_TYPES:
            row.fail(f"Task Type {row['Task Type']!r} is not Core, Supplemental or blank")
        tasks.append(
            {
                "onet_id": task_id,
                "occupation_id": occupations[code],
                "text": row.text("Task", required=True),
                "task_type": TASK_TYPES[row["Task Type"]],
                "position": position,
            }
        )
    report.record("Tasks", sync_rows(Task, "onet_id", tasks))

    activities = []
    seen = set()
    for row in read_table(
        paths["activities"],
        columns=("Element Name", "IWA ID", "IWA Title", "DWA ID", "DWA Title"),
    ):
        dwa_id = row.text("DWA ID", max_length=max_length(WorkActivity, "dwa_id"), required=True)
        if dwa_id in seen:
            row.fail(f"DWA ID {dwa_id} appears twice")
        seen.add(dwa_id)
        activities.append(
            {
                "dwa_id": dwa_id,
                "title": row.text("DWA Title", max_length=max_length(WorkActivity, "title")),
                "iwa_id": row.text("IWA ID", max_length=max_length(WorkActivity, "iwa_id")),
                "iwa_title": row.text(
                    "IWA Title", max_length=max_length(WorkActivity, "iwa_title")
                ),
                "gwa_name": row.text(
                    "Element Name", max_length=max_length(WorkActivity, "gwa_name")
                ),
            }
        )
    report.record("Work activities", sync_rows(WorkActivity, "dwa_id", activities))

    task_pks = pks_by(Task.objects, "onet_id")
    activity_pks = pks_by(WorkActivity.objects, "dwa_id")
    links = set()
    for row in read_table(paths["task_activities"], columns=(CODE, "Task ID", "DWA ID")):
        task_id = row.integer("Task ID")
        if task_codes.get(task_id) != row[CODE]:
            row.fail(f"Task ID {task_id} of {row[CODE]} is not in Task Statements")
        if row["DWA ID"] not in activity_pks:
            row.fail(f"DWA ID {row['DWA ID']} is not in DWA Reference")
        links.add((task_pks[task_id], activity_pks[row["DWA ID"]]))
    counts = sync_rows(
        Task.activities.through,
        ("task_id", "workactivity_id"),
        [{"task_id": task, "workactivity_id": activity} for task, activity in sorted(links)],
    )
    report.record("Task activities", counts)


def sync_titles(paths, occupations, report):
    """Alternate titles (for search) and the sample of titles workers reported (for pages)."""
    alternates = {}
    merged = 0
    for row in read_table(
        paths["alternate_titles"], columns=(CODE, "Alternate Title", "Short Title", "Source(s)")
    ):
        code = occupation_code(row, occupations)
        title = row.text(
            "Alternate Title", max_length=max_length(AlternateTitle, "title"), required=True
        )
        short_title = row.text("Short Title", max_length=max_length(AlternateTitle, "short_title"))
        sources = {source.strip() for source in row["Source(s)"].split(",") if source.strip()}
        key = (occupations[code], title)
        if key in alternates:
            # O*NET lists a few titles twice, once with a short title: keep one row with both.
            merged += 1
            earlier = alternates[key]
            short_title = earlier["short_title"] or short_title
            sources |= set(earlier["sources"].split(",")) - {""}
        value = ",".join(sorted(sources))
        if len(value) > max_length(AlternateTitle, "sources"):
            row.fail("Source(s) is too long")
        alternates[key] = {
            "occupation_id": key[0],
            "title": title,
            "short_title": short_title,
            "sources": value,
        }
    if merged:
        report.notes.append(f"{merged} alternate titles listed twice were merged into one row each")
    counts = sync_rows(AlternateTitle, ("occupation_id", "title"), alternates.values())
    report.record("Alternate titles", counts)

    reported = {}
    for row in read_table(
        paths["reported_titles"], columns=(CODE, "Reported Job Title", "Shown in My Next Move")
    ):
        code = occupation_code(row, occupations)
        title = row.text(
            "Reported Job Title", max_length=max_length(ReportedTitle, "title"), required=True
        )
        key = (occupations[code], title)
        shown = row.flag("Shown in My Next Move")
        if key in reported:
            shown = shown or reported[key]["shown_in_my_next_move"]
        reported[key] = {"occupation_id": key[0], "title": title, "shown_in_my_next_move": shown}
    counts = sync_rows(ReportedTitle, ("occupation_id", "title"), reported.values())
    report.record("Reported titles", counts)


def sync_skills(paths, occupations, report):
    """The skills O*NET rates, and each occupation's importance (IM) and level (LV) ratings."""
    descriptions = {
        row["Element ID"]: row["Description"]
        for row in read_table(
            paths["content_model"], columns=("Element ID", "Element Name", "Description")
        )
    }
    skills = {}
    ratings = {}
    for row in read_table(
        paths["skills"],
        columns=(
            CODE,
            "Element ID",
            "Element Name",
            "Scale ID",
            "Data Value",
            "Recommend Suppress",
            "Not Relevant",
        ),
    ):
        code = occupation_code(row, occupations)
        element = row.text("Element ID", max_length=max_length(Skill, "element_id"), required=True)
        if element not in descriptions:
            row.fail(f"Element ID {element} is not in Content Model Reference")
        skills[element] = {
            "element_id": element,
            "name": row.text("Element Name", max_length=max_length(Skill, "name"), required=True),
            "description": descriptions[element],
        }
        rating = ratings.setdefault((code, element), {"suppressed": False})
        scale = row["Scale ID"]
        if scale not in ("IM", "LV"):
            row.fail(f"Scale ID {scale!r} is not IM or LV")
        if scale in rating:
            row.fail(f"{code} has a second {scale} rating for {element}")
        value = row.decimal("Data Value", places=2)
        if scale == "LV" and row.flag("Not Relevant", blank_is_false=True):
            value = None
        rating[scale] = value
        rating["suppressed"] |= row.flag("Recommend Suppress", blank_is_false=True)
        rating.setdefault("row", row)
    report.record("Skills", sync_rows(Skill, "element_id", skills.values()))

    skill_pks = pks_by(Skill.objects, "element_id")
    rows = []
    for (code, element), rating in ratings.items():
        if "IM" not in rating:
            rating["row"].fail(f"{code} has no importance (IM) rating for {element}")
        rows.append(
            {
                "occupation_id": occupations[code],
                "skill_id": skill_pks[element],
                "importance": rating["IM"],
                "level": rating.get("LV"),
                "suppressed": rating["suppressed"],
            }
        )
    counts = sync_rows(OccupationSkill, ("occupation_id", "skill_id"), rows)
    report.record("Occupation skills", counts)


def sync_education_shares(shares, occupations, categories, report):
    """The share of workers reporting each required level of education, per occupation."""
    rows = [
        {
            "occupation_id": occupations[code],
            "category_id": categories[number],
            "percent": percent,
            "suppressed": suppressed,
        }
        for code, by_category in shares.items()
        for number, (percent, suppressed) in by_category.items()
    ]
    counts = sync_rows(EducationShare, ("occupation_id", "category_id"), rows)
    report.record("Education shares", counts)


def sync_related(path, occupations, report):
    """O*NET's related occupations, in its tiers and order (among the imported occupations)."""
    rows = {}
    skipped = 0
    for row in read_table(
        path, columns=(CODE, "Related O*NET-SOC Code", "Relatedness Tier", "Index")
    ):
        code = occupation_code(row, occupations)
        related = row["Related O*NET-SOC Code"]
        if related not in occupations:
            skipped += 1
            continue
        tier = RELATED_TIERS.get(row["Relatedness Tier"])
        if tier is None:
            row.fail(f"Relatedness Tier {row['Relatedness Tier']!r} is not one O*NET uses")
        key = (occupations[code], occupations[related])
        if key in rows:
            row.fail(f"{code} lists {related} twice")
        rows[key] = {
            "occupation_id": key[0],
            "related_id": key[1],
            "tier": tier,
            "index": row.integer("Index"),
        }
    if skipped:
        report.notes.append(
            f"{skipped:,} related-occupation rows skipped: the related code is not an occupation "
            "in Occupation Data"
        )
    counts = sync_rows(RelatedOccupation, ("occupation_id", "related_id"), rows.values())
    report.record("Related occupations", counts)
