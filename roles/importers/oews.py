"""Importing the BLS OEWS national wage estimates, and linking each occupation to its estimate.

`import_oews` makes `WageEstimate` match the OEWS CSV in `roles/data/oews/` (plain or `.xz`),
keyed by (SOC code, group), in one transaction, then calls `link_wages`. Values are stored as
published; a value OEWS publishes only as "this much or more" (`#`) is stored as the threshold
its note states, with its column named in `top_coded`.
"""

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from roles.editorial.history import recording_imported
from roles.importers.locking import catalogue_lock
from roles.importers.tabular import (
    ImportReport,
    SyncCounts,
    TableError,
    analyze,
    pks_by,
    read_manifest,
    read_table,
    sync_rows,
)
from roles.models import Occupation, Source, WageEstimate, WageMatch
from roles.serving.pagecache import content_changed

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
OEWS_DIR = DATA_DIR / "oews"
COMBINATIONS_CSV = OEWS_DIR / "combinations.csv"

WAGE_COLUMNS = WageEstimate.ANNUAL_COLUMNS + WageEstimate.HOURLY_COLUMNS
COLUMNS = ("soc_code", "title", "group", "employment", *WAGE_COLUMNS)
COLUMNS += ("annual_only", "hourly_only", "notes")
TITLE_LENGTH = WageEstimate._meta.get_field("title").max_length
SOC_CODE = re.compile(r"\d\d-\d{4}")
# A note clause naming a BLS marker and the columns it stood in, e.g. "# in pct90_annual: ...".
MARKER_CLAUSE = re.compile(r"(?P<marker>\*\*|\*|#|~) in (?P<columns>[a-z0-9_]+(?:, [a-z0-9_]+)*): ")
ANNUAL_THRESHOLD = re.compile(r"\$(\d[\d,]*) per year")
HOURLY_THRESHOLD = re.compile(r"\$(\d[\d,]*\.\d\d) per hour")
WAGE_MATCH_LABELS = {
    WageMatch.OWN: "own",
    WageMatch.SPECIALTY: "specialty",
    WageMatch.BROAD: "broad",
    WageMatch.COMBINATION: "combination",
    WageMatch.NONE: "none",
}


def manifest_for(path):
    """The manifest beside `path`, or the vendored one for a file kept elsewhere (tests)."""
    beside = Path(path).parent / "manifest.toml"
    return read_manifest(beside if beside.is_file() else OEWS_DIR / "manifest.toml")


def default_path():
    """The vendored OEWS file the manifest names."""
    manifest = read_manifest(OEWS_DIR / "manifest.toml")
    if "file" not in manifest:
        raise TableError(OEWS_DIR / "manifest.toml", "names no file")
    return OEWS_DIR / manifest["file"]


def import_oews(path=None, *, period=None, out=None):
    """Import the OEWS CSV at `path` (default: the vendored file) in one transaction.

    `period` ("May 2024") defaults to the manifest's. Returns an `ImportReport`.
    """
    path = Path(path) if path is not None else default_path()
    manifest = manifest_for(path)
    missing = [key for key in ("source_name", "publisher", "url") if not manifest.get(key)]
    if missing:
        raise TableError(path.parent / "manifest.toml", f"lacks {', '.join(missing)}")
    period = period or manifest.get("period")
    if not period:
        raise TableError(path.parent / "manifest.toml", "says no period (or pass --period)")
    if not path.is_file():
        raise TableError(path, "file not found")
    report = ImportReport(f"OEWS {period}", out=out)
    report.say(f"Importing OEWS {period} from {path}", timed=False)
    with (
        catalogue_lock(out),
        transaction.atomic(),
        recording_imported(f"Imported OEWS {period} (import_oews)."),
    ):
        content_changed()
        source = sync_source(manifest, report)
        rows = read_estimates(path, source.pk, period)
        report.say(f"Read {len(rows):,} estimates from {path.name}")
        report.record("Wage estimates", sync_rows(WageEstimate, ("soc_code", "group"), rows))
        if report.changed:
            analyze(WageEstimate)
        link_wages(report)
    return report


def sync_source(manifest, report):
    """The Source row readers see cited, found by its URL."""
    source, created = Source.objects.get_or_create(
        url=manifest["url"],
        defaults={"name": manifest["source_name"], "publisher": manifest["publisher"]},
    )
    changed = False
    if not created and (source.name, source.publisher) != (
        manifest["source_name"],
        manifest["publisher"],
    ):
        source.name = manifest["source_name"]
        source.publisher = manifest["publisher"]
        source.save(update_fields=["name", "publisher"])
        changed = True
    counts = SyncCounts(added=int(created), changed=int(changed))
    report.record("Sources", counts)
    return source


def read_markers(row):
    """{column: marker} from the row's notes, and the top-coding thresholds a `#` note states."""
    markers = {}
    thresholds = {}
    for clause in row["notes"].split("; "):
        match = MARKER_CLAUSE.match(clause)
        if match is None:
            continue
        for column in match["columns"].split(", "):
            if column not in WAGE_COLUMNS and column != "employment":
                row.fail(f"notes name {column!r}, which is not a column")
            markers[column] = match["marker"]
        if match["marker"] == "#":
            for kind, pattern in (("annual", ANNUAL_THRESHOLD), ("hourly", HOURLY_THRESHOLD)):
                found = pattern.search(clause)
                if found:
                    thresholds[kind] = found[1].replace(",", "")
    return markers, thresholds


def read_estimates(path, source_pk, period):
    """The CSV's rows as WageEstimate field values, checked."""
    rows = []
    seen = set()
    groups = set(WageEstimate.Group.values)
    for row in read_table(path, columns=COLUMNS):
        soc_code = row["soc_code"]
        if not SOC_CODE.fullmatch(soc_code):
            row.fail(f"{soc_code!r} is not a SOC code")
        group = row["group"]
        if group not in groups:
            row.fail(f"group {group!r} is not one of {', '.join(sorted(groups))}")
        if (soc_code, group) in seen:
            row.fail(f"{soc_code} ({group}) appears twice")
        seen.add((soc_code, group))
        markers, thresholds = read_markers(row)
        values = {
            "soc_code": soc_code,
            "group": group,
            "title": row.text("title", max_length=TITLE_LENGTH, required=True),
            "employment": row.integer("employment", required="employment" not in markers),
        }
        top_coded = []
        for column in WAGE_COLUMNS:
            kind = "annual" if column.endswith("_annual") else "hourly"
            marker = markers.get(column)
            if row[column] != "":
                if marker is not None:
                    row.fail(f"{column} has a value, but the notes mark it {marker}")
                value = row.integer(column) if kind == "annual" else row.decimal(column, places=2)
            elif marker is None:
                row.fail(f"{column} is empty and the notes do not say why")
            elif marker == "#":
                if kind not in thresholds:
                    row.fail(f"the notes top-code {column} but state no {kind} threshold")
                value = int(thresholds[kind]) if kind == "annual" else Decimal(thresholds[kind])
                top_coded.append(column)
            else:
                value = None
            values[column] = value
        values.update(
            {
                "annual_only": row.flag("annual_only", true="True", false="False"),
                "hourly_only": row.flag("hourly_only", true="True", false="False"),
                "top_coded": top_coded,
                "notes": row["notes"],
                "source_id": source_pk,
                "period": period,
            }
        )
        rows.append(values)
    if not rows:
        raise TableError(path, "has no estimates")
    return rows


def read_combinations(path=COMBINATIONS_CSV):
    """{O*NET code: OEWS combination code} for occupations OEWS publishes only in a combination."""
    combinations = {}
    for row in read_table(path, columns=("onet_code", "oews_code")):
        if row["onet_code"] in combinations:
            row.fail(f"{row['onet_code']} appears twice")
        if not SOC_CODE.fullmatch(row["oews_code"]):
            row.fail(f"{row['oews_code']!r} is not a SOC code")
        combinations[row["onet_code"]] = row["oews_code"]
    return combinations


def wage_link(code, detailed, combinations):
    """(estimate pk, match) for an O*NET code, given {SOC code: pk} of the `detailed` rows."""
    soc_code = code[:7]
    if soc_code in detailed:
        match = WageMatch.OWN if code.endswith(".00") else WageMatch.SPECIALTY
        return detailed[soc_code], match
    # Seven SOC broad occupations are published only whole, as a "detailed" row ending in 0.
    broad_code = soc_code[:6] + "0"
    if broad_code in detailed:
        return detailed[broad_code], WageMatch.BROAD
    combination = combinations.get(code)
    if combination in detailed:
        return detailed[combination], WageMatch.COMBINATION
    return None, WageMatch.NONE


def link_wages(report=None, *, combinations_path=COMBINATIONS_CSV):
    """Point every occupation at the OEWS estimate it shows; saves only links that changed.

    Returns {match label: number of occupations}.
    """
    detailed = pks_by(WageEstimate.objects.filter(group=WageEstimate.Group.DETAILED), "soc_code")
    combinations = read_combinations(combinations_path)
    rows = []
    matches = Counter()
    for code in Occupation.objects.order_by("code").values_list("code", flat=True):
        estimate, match = wage_link(code, detailed, combinations)
        matches[WAGE_MATCH_LABELS[match]] += 1
        rows.append({"code": code, "wage_estimate_id": estimate, "wage_match": match.value})
    counts = sync_rows(Occupation, "code", rows, retire=lambda pks: 0)
    matches = {label: matches[label] for label in WAGE_MATCH_LABELS.values() if matches[label]}
    if report is not None:
        report.wage_matches = matches
        report.record("Wage links", counts)
        if not detailed:
            report.notes.append("No OEWS estimates are imported yet: run import_oews to link pay.")
    return matches
