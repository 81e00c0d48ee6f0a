"""Reading the source tables the importers carry, and syncing their rows into a model in bulk.

`read_table` opens a table whether plain, `.xz` or `.gz` and yields its rows as `Row` dicts that
know their file and line, so a bad value becomes a `TableError` naming both. `sync_rows` makes a
model's rows match the incoming ones by natural key with a handful of bulk queries.
"""

import csv
import gzip
import lzma
import time
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import connection
from django.utils import timezone

COMPRESSED_SUFFIXES = ("", ".xz", ".gz")
DEFAULT_BATCH_SIZE = 2000


class TableError(Exception):
    """A source table is missing or malformed; the message names the file and, if known, line."""

    def __init__(self, path, message, line=None):
        self.path = Path(path)
        self.line = line
        where = self.path.name if line is None else f"{self.path.name}, line {line}"
        super().__init__(f"{where}: {message}")


class Row(dict):
    """One data row of a table, by column name, that can say where it came from."""

    __slots__ = ("line", "path")

    def fail(self, message):
        raise TableError(self.path, message, self.line)

    def text(self, column, *, max_length=None, required=False):
        value = self[column]
        if required and not value:
            self.fail(f"{column} is empty")
        if max_length is not None and len(value) > max_length:
            self.fail(f"{column} is longer than {max_length} characters")
        return value

    def decimal(self, column, *, places=None, required=True):
        """The column as a Decimal, as published; an empty cell is None unless `required`."""
        value = self[column]
        if value == "" and not required:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            self.fail(f"{column} is {value!r}, not a number")
        if not number.is_finite():
            self.fail(f"{column} is {value!r}, not a number")
        if places is not None and number != round(number, places):
            self.fail(f"{column} is {value!r}, with more than {places} decimal places")
        return number

    def integer(self, column, *, required=True):
        """The column as an int; "95.0" counts, since the Excel export writes some integers so."""
        number = self.decimal(column, required=required)
        if number is None:
            return None
        if number != number.to_integral_value():
            self.fail(f"{column} is {self[column]!r}, not a whole number")
        return int(number)

    def flag(self, column, *, true="Y", false="N", blank_is_false=False):
        """A yes/no column as a bool; an empty cell is an error unless `blank_is_false`."""
        value = self[column]
        if value == true:
            return True
        if value == false or (blank_is_false and value == ""):
            return False
        return self.fail(f"{column} is {value!r}, expected {true!r} or {false!r}")


def find_table(directory, filename):
    """The path of `filename` in `directory`, plain or compressed (`.xz`, `.gz`)."""
    directory = Path(directory)
    for suffix in COMPRESSED_SUFFIXES:
        path = directory / (filename + suffix)
        if path.is_file():
            return path
    raise TableError(directory / filename, f"not found in {directory} (nor as .xz or .gz)")


def _open_text(path):
    if path.name.endswith(".xz"):
        return lzma.open(path, "rt", encoding="utf-8", newline="")
    if path.name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def _delimiter(path):
    stem = path.name.removesuffix(".xz").removesuffix(".gz")
    return "\t" if stem.endswith(".txt") else ","


def read_table(path, *, columns=()):
    """Every data row of a table as a `Row`, after checking the header has `columns`.

    Tab-separated for `.txt`, comma-separated for `.csv`, quoted with `"` either way.
    """
    path = Path(path)
    if not path.is_file():
        raise TableError(path, "file not found")
    try:
        with _open_text(path) as handle:
            reader = csv.reader(handle, delimiter=_delimiter(path), quotechar='"', strict=True)
            header = next(reader, None)
            if header is None:
                raise TableError(path, "the file is empty", 1)
            missing = [column for column in columns if column not in header]
            if missing:
                raise TableError(path, f"the header lacks {', '.join(missing)}", 1)
            width = len(header)
            for values in reader:
                if len(values) != width:
                    if not values:
                        continue
                    raise TableError(
                        path,
                        f"{len(values)} fields where the header has {width}",
                        reader.line_num,
                    )
                row = Row(zip(header, values, strict=True))
                row.path = path
                row.line = reader.line_num
                yield row
    except csv.Error as error:
        raise TableError(path, f"not readable as a table ({error})", reader.line_num) from error
    except (OSError, EOFError, lzma.LZMAError, UnicodeDecodeError) as error:
        raise TableError(path, f"cannot be read ({error})") from error


@dataclass
class SyncCounts:
    """What one sync did to one table."""

    added: int = 0
    changed: int = 0
    retired: int = 0

    @property
    def touched(self):
        return bool(self.added or self.changed or self.retired)

    def __str__(self):
        return f"{self.added:,} added, {self.changed:,} changed, {self.retired:,} retired"


def analyze(*models):
    """Refresh PostgreSQL's statistics of tables just filled in bulk (a no-op elsewhere).

    Without them the planner may still believe a table holds the few rows it had when last
    analysed, and join 50,000 rows as if they were 50: the steps after the import (ranking next
    moves, building the search index) and the first pages after it would crawl.
    """
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(quote(m._meta.db_table) for m in models))


def pks_by(queryset, key):
    """{natural key: pk} for the queryset's rows, in one unordered query."""
    return dict(queryset.order_by().values_list(key, "pk"))


def _batches(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def sync_rows(
    model,
    key,
    rows,
    *,
    queryset=None,
    create_only=(),
    retire=None,
    batch_size=DEFAULT_BATCH_SIZE,
):
    """Make `model`'s rows match `rows` (dicts of field values, by attname) by natural `key`.

    Loads the existing rows in one query, creates the new ones, updates only the fields that
    differ (compared as Python values), and deletes the rows not in `rows`, or passes their
    primary keys to `retire`, which returns how many it retired. Fields in `create_only` are
    written when a row is created and never compared. `queryset` limits which existing rows
    this sync owns. Auto-now fields are refreshed on changed rows. Returns `SyncCounts`.
    """
    keys = (key,) if isinstance(key, str) else tuple(key)
    rows = list(rows)
    incoming = {}
    for values in rows:
        natural_key = tuple(values[name] for name in keys)
        if natural_key in incoming:
            raise ValueError(f"{model.__name__}: {natural_key} appears twice in the incoming rows")
        incoming[natural_key] = values
    compared = [name for name in (rows[0] if rows else ()) if name not in keys + tuple(create_only)]
    auto_now = [
        field.attname
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) and field.attname not in compared
    ]

    queryset = model._default_manager.all() if queryset is None else queryset
    width = len(keys)
    existing = {
        values[1 : 1 + width]: (values[0], values[1 + width :])
        for values in queryset.order_by()
        .values_list("pk", *keys, *compared)
        .iterator(chunk_size=10_000)
    }

    counts = SyncCounts()
    to_create = []
    # Rows are updated in groups that share the same changed fields, so each UPDATE writes only those.
    to_update = {}
    now = timezone.now()
    for natural_key, values in incoming.items():
        current = existing.get(natural_key)
        if current is None:
            to_create.append(model(**values))
            continue
        pk, current_values = current
        changed = tuple(
            name for name, old in zip(compared, current_values, strict=True) if old != values[name]
        )
        if changed:
            instance = model(pk=pk, **{name: values[name] for name in changed})
            for name in auto_now:
                setattr(instance, name, now)
            to_update.setdefault(changed, []).append(instance)

    gone = [pk for natural_key, (pk, _) in existing.items() if natural_key not in incoming]
    if gone:
        if retire is None:
            for batch in _batches(gone, batch_size):
                model._default_manager.filter(pk__in=batch).delete()
            counts.retired = len(gone)
        else:
            counts.retired = retire(gone)
    for changed, instances in to_update.items():
        model._default_manager.bulk_update(instances, [*changed, *auto_now], batch_size=batch_size)
        counts.changed += len(instances)
    if to_create:
        model._default_manager.bulk_create(to_create, batch_size=batch_size)
        counts.added = len(to_create)
    return counts


def read_manifest(path):
    """A folder's `manifest.toml` (what its source files are) as a dict."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as error:
        raise TableError(path, f"not found in {path.parent}") from error
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise TableError(path, f"cannot be read ({error})") from error


@dataclass
class ImportReport:
    """What one import did: counts per table, editors' changes kept, rows skipped, and notes.

    With an `out` stream, each step also writes one progress line there as it finishes.
    """

    title: str
    out: object = None
    tables: dict = field(default_factory=dict)
    kept: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    wage_matches: dict = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)

    def __post_init__(self):
        self._step_started = self.started

    def say(self, message, *, timed=True):
        """One progress line, with the time the step took."""
        now = time.monotonic()
        if self.out is not None:
            took = f" ({now - self._step_started:.1f} s)" if timed else ""
            self.out.write(f"{message}{took}\n")
        self._step_started = now

    def record(self, table, counts):
        """A table's `SyncCounts`, also written as its progress line."""
        self.tables[table] = counts
        self.say(f"{table}: {counts}")

    @property
    def changed(self):
        """Whether the import added, changed or retired anything."""
        return any(counts.touched for counts in self.tables.values())

    def totals(self):
        totals = SyncCounts()
        for counts in self.tables.values():
            totals.added += counts.added
            totals.changed += counts.changed
            totals.retired += counts.retired
        return totals

    def summary_lines(self):
        """The closing summary a command prints: totals, each table, then what was kept."""
        elapsed = time.monotonic() - self.started
        lines = [f"{self.title}: {self.totals()} in {elapsed:.1f} s."]
        width = max((len(table) for table in self.tables), default=0)
        lines += [f"  {table:<{width}}  {counts}" for table, counts in self.tables.items()]
        if self.wage_matches:
            matches = ", ".join(f"{count:,} {kind}" for kind, count in self.wage_matches.items())
            lines.append(f"Wage estimates linked: {matches}.")
        lines += [f"Note: {note}" for note in self.notes]
        lines += [f"Kept an editor's change: {kept}" for kept in self.kept]
        return lines
