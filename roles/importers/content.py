"""Loading the guide's content from the TOML files in `roles/content/` into the database.

Rerunnable: a second run changes nothing. A row an editor has changed since it was loaded is left
as the editor left it, and reported as skipped, unless `overwrite` is asked for.
"""

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from roles.discover.index import index_content
from roles.discover.signals import indexing_deferred
from roles.editorial.history import record, recording
from roles.importers.locking import catalogue_lock
from roles.models import (
    CareerField,
    CareerMove,
    Comparison,
    ComparisonRole,
    ComparisonRowNote,
    Duty,
    DutyKind,
    EducationLevel,
    FitOption,
    FitQuestion,
    LabourFigure,
    LoadedContent,
    Occupation,
    Qualification,
    Role,
    RoleDuty,
    RoleQualification,
    Source,
    WorkSetting,
)
from roles.serving.pagecache import content_changed

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CONTENT_DIR = DATA_DIR / "content"

# Catalogue sections, loaded in this order: (file key, model, natural key fields, compared fields).
# A key or field naming another row ("field", "kind") is written in the files as that row's slug.
CATALOGUE = [
    ("fields", CareerField, ("slug",), ("name", "summary", "order")),
    ("duty_kinds", DutyKind, ("field", "slug"), ("name", "order", "chart_row", "work_mix")),
    ("work_settings", WorkSetting, ("slug",), ("name", "order", "is_remote")),
    ("sources", Source, ("url",), ("name", "publisher")),
    ("duties", Duty, ("slug",), ("name", "kind", "description", "onet_task_id")),
    (
        "qualifications",
        Qualification,
        ("slug",),
        ("name", "kind", "education_level", "description", "issuing_body", "url"),
    ),
]
# Fields the files write as an education level's name in lower case ("high_school", "associate":
# `EducationLevel`'s names), stored as the level.
EDUCATION_FIELDS = frozenset({"entry_education", "education_level"})
ROLE_FIELDS = [
    "title",
    "summary",
    "primary_focus",
    "overview",
    "occupation_relation",
    "occupation_note",
    "figures_note",
    "status",
]
COMPARISON_FIELDS = ["title", "introduction", "advice", "featured", "status"]
FIT_QUESTION_FIELDS = ("legend", "topic", "hint", "weight", "order")
FIT_OPTION_FIELDS = ("value", "label", "amount", "balanced")


class ContentError(Exception):
    """The content files say something the guide cannot hold; the message names the file."""


@dataclass
class Report:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    skipped: list = field(default_factory=list)

    @property
    def changed(self):
        return bool(self.created or self.updated)


def digest(payload):
    return hashlib.sha256(
        json.dumps(payload, sort_keys=True, default=str).encode("utf-8")
    ).hexdigest()


def read_content(directory=CONTENT_DIR):
    """Parse the catalogue, role and comparison files; raise ContentError on unreadable TOML."""
    directory = Path(directory)

    def parse(path):
        try:
            with path.open("rb") as handle:
                return tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise ContentError(f"{path}: {error}") from error

    catalogue_path = directory / "catalogue.toml"
    catalogue = parse(catalogue_path) if catalogue_path.exists() else {}
    roles = [(path, parse(path)) for path in sorted((directory / "roles").glob("*.toml"))]
    comparisons = [
        (path, parse(path)) for path in sorted((directory / "comparisons").glob("*.toml"))
    ]
    return catalogue, roles, comparisons


def _value(model, data, name):
    """The file's value for a field, or the model's default where the file leaves it out."""
    if name in data:
        return data[name]
    return model._meta.get_field(name).get_default()


def _set_review(page, data, where):
    """A file's `reviewed` date (when someone last checked it against its sources) as the page's
    review; a file without one leaves the page unreviewed."""
    reviewed = data.get("reviewed")
    if reviewed is None:
        page.reviewed_on = page.review_due = None
        return
    if not isinstance(reviewed, date) or isinstance(reviewed, datetime):
        raise ContentError(f"{where}: 'reviewed' must be a date such as 2026-11-27")
    page.mark_reviewed(reviewed)


def education_level(name, key, where):
    """The `EducationLevel` a file names for `key`, e.g. "associate"; refused if unknown."""
    try:
        return EducationLevel[str(name).upper()]
    except KeyError:
        raise ContentError(f"{where}: unknown {key} '{name}'") from None


def education_name(level):
    """A stored education level as the files write it: "high_school"."""
    return EducationLevel(level).name.lower()


def _require(data, key, where):
    if key not in data:
        raise ContentError(f"{where}: missing '{key}'")
    return data[key]


def _save_valid(instance, where, exclude=None):
    try:
        instance.full_clean(exclude=exclude, validate_unique=True)
    except ValidationError as error:
        details = "; ".join(
            " ".join(msgs) if name == NON_FIELD_ERRORS else f"{name}: {' '.join(msgs)}"
            for name, msgs in error.message_dict.items()
        )
        raise ContentError(f"{where}: {details}") from error
    instance.save()


def _fit_question_state(question):
    """A fit question and its answers as the content files write them, to compare with a file."""
    return {
        **{name: getattr(question, name) for name in FIT_QUESTION_FIELDS},
        "options": [
            {
                **{name: getattr(option, name) for name in FIT_OPTION_FIELDS},
                "kinds": sorted(kind.slug for kind in option.kinds.all()),
            }
            for option in question.options.order_by("order", "id")
        ],
    }


def _record(kind, key, payload_digest, loaded_at):
    LoadedContent.objects.update_or_create(
        kind=kind, key=key, defaults={"digest": payload_digest, "loaded_at": loaded_at}
    )


class Loader:
    def __init__(self, overwrite=False):
        self.overwrite = overwrite
        self.report = Report()
        self.records = {(r.kind, r.key): r for r in LoadedContent.objects.all()}

    def _related(self, model, name, value, data, where):
        """The row a file's slug names in a foreign key (a field by slug, a duty kind in a field)."""
        target = model._meta.get_field(name).related_model
        if target is CareerField:
            return self._lookup(CareerField, "slug", value, where)
        if target is DutyKind:
            field_slug = _require(data, "field", where)
            kind = DutyKind.objects.filter(field__slug=field_slug, slug=value).first()
            if kind is None:
                raise ContentError(f"{where}: field '{field_slug}' has no duty kind '{value}'")
            return kind
        raise ContentError(f"{where}: cannot refer to a {target._meta.verbose_name} by slug")

    def _model_value(self, model, name, value, data, where):
        if model._meta.get_field(name).is_relation:
            return self._related(model, name, value, data, where)
        if name in EDUCATION_FIELDS and value is not None:
            return education_level(value, name, where)
        return value

    def _model_values(self, model, values, data, where):
        return {
            name: self._model_value(model, name, value, data, where)
            for name, value in values.items()
        }

    @staticmethod
    def _file_form(instance, name):
        """A field's current value as the files write it (a related row by its slug, an
        education level by its name)."""
        if instance._meta.get_field(name).is_relation:
            return getattr(instance, name).slug
        value = getattr(instance, name)
        if name in EDUCATION_FIELDS and value is not None:
            return education_name(value)
        return value

    # Catalogue rows have no "last updated" time, so an editor's change is seen by comparing the
    # row with what the loader last wrote.
    def load_catalogue_row(self, model, key_fields, fields, data, where):
        keys = {name: _require(data, name, where) for name in key_fields}
        values = {name: _value(model, data, name) for name in fields}
        for name in EDUCATION_FIELDS.intersection(values):
            if values[name] is not None:  # refused here if unknown; compared as files write it
                values[name] = education_name(education_level(values[name], name, where))
        wanted = digest(values)
        kind = model._meta.model_name
        key = "/".join(str(keys[name]) for name in key_fields)
        label = f"{model._meta.verbose_name} {key}"
        lookup = self._model_values(model, keys, data, where)
        instance = model.objects.filter(**lookup).first()
        if instance is None:
            instance = model(**lookup, **self._model_values(model, values, data, where))
            _save_valid(instance, where)
            _record(kind, key, wanted, timezone.now())
            self.report.created.append(label)
            return
        current = digest({name: self._file_form(instance, name) for name in fields})
        record = self.records.get((kind, key))
        if current == wanted:
            if record is None or record.digest != wanted:
                _record(kind, key, wanted, timezone.now())
            self.report.unchanged.append(label)
            return
        if self.overwrite or (record is not None and record.digest == current):
            for name, value in self._model_values(model, values, data, where).items():
                setattr(instance, name, value)
            _save_valid(instance, where)
            _record(kind, key, wanted, timezone.now())
            self.report.updated.append(label)
            return
        self.report.skipped.append(f"{label}: changed by an editor since it was loaded")

    def load_fit_question(self, data, where):
        """A field's fit question with its answers: replaced whole unless an editor changed it."""
        field_slug = _require(data, "field", where)
        slug = _require(data, "slug", where)
        key = f"{field_slug}/{slug}"
        label = f"fit question {key}"
        wanted_state = {
            **{name: _value(FitQuestion, data, name) for name in FIT_QUESTION_FIELDS},
            "options": [
                {
                    **{name: _value(FitOption, option, name) for name in FIT_OPTION_FIELDS},
                    "kinds": sorted(option.get("kinds", [])),
                }
                for option in data.get("options", [])
            ],
        }
        wanted = digest(wanted_state)
        career_field = self._lookup(CareerField, "slug", field_slug, where)
        question = FitQuestion.objects.filter(field=career_field, slug=slug).first()
        record = self.records.get(("fitquestion", key))
        if question is not None:
            current = digest(_fit_question_state(question))
            if current == wanted:
                if record is None or record.digest != wanted:
                    _record("fitquestion", key, wanted, timezone.now())
                self.report.unchanged.append(label)
                return
            if not self.overwrite and (record is None or record.digest != current):
                self.report.skipped.append(f"{label}: changed by an editor since it was loaded")
                return
        action = "update" if question else "create"
        question = question or FitQuestion(field=career_field, slug=slug)
        for name in FIT_QUESTION_FIELDS:
            setattr(question, name, wanted_state[name])
        _save_valid(question, where)
        question.options.all().delete()
        kinds = {kind.slug: kind for kind in career_field.duty_kinds.all()}
        for order, state in enumerate(wanted_state["options"], start=1):
            option = FitOption(question=question, order=order)
            for name in FIT_OPTION_FIELDS:
                setattr(option, name, state[name])
            _save_valid(option, where)
            unknown = [slug for slug in state["kinds"] if slug not in kinds]
            if unknown or not state["kinds"]:
                raise ContentError(
                    f"{where}: answer '{option.value}' needs duty kinds of field '{field_slug}'"
                    + (f" (unknown: {', '.join(unknown)})" if unknown else "")
                )
            option.kinds.set([kinds[slug] for slug in state["kinds"]])
        _record("fitquestion", key, wanted, timezone.now())
        (self.report.created if action == "create" else self.report.updated).append(label)

    def _decide(self, kind, key, instance, wanted):
        """'create', 'update', 'unchanged' or 'skip' for a role or comparison."""
        if instance is None:
            return "create"
        record = self.records.get((kind, key))
        untouched = record is not None and instance.updated_at <= record.loaded_at
        if untouched and record.digest == wanted:
            return "unchanged"
        if untouched or self.overwrite:
            return "update"
        return "skip"

    def _decide_and_report(self, kind, key, instance, wanted):
        """'create' or 'update', or None (reported as unchanged or skipped) for a role or comparison."""
        action = self._decide(kind, key, instance, wanted)
        label = f"{kind} {key}"
        if action == "unchanged":
            self.report.unchanged.append(label)
            return None
        if action == "skip":
            self.report.skipped.append(
                f"{label}: changed by an editor since it was loaded (use --overwrite to replace)"
            )
            return None
        return action

    def load_roles(self, role_files):
        pending = []
        for path, data in role_files:
            where = str(path)
            slug = _require(data, "slug", where)
            wanted = digest(data)
            instance = Role.objects.filter(slug=slug).first()
            action = self._decide_and_report("role", slug, instance, wanted)
            if action is None:
                continue
            role = instance or Role(slug=slug)
            for name in ROLE_FIELDS:
                setattr(role, name, _value(Role, data, name))
            _set_review(role, data, where)
            role.other_titles = "\n".join(data.get("other_titles", []))
            role.occupation = None
            if data.get("occupation"):
                role.occupation = Occupation.objects.filter(code=data["occupation"]).first()
                if role.occupation is None:
                    raise ContentError(
                        f"{where}: unknown occupation '{data['occupation']}' (import the O*NET "
                        "catalogue first: manage.py import_onet)"
                    )
            field_slug = _require(data, "field", where)
            role.field = CareerField.objects.filter(slug=field_slug).first()
            if role.field is None:
                raise ContentError(f"{where}: unknown field '{field_slug}'")
            role.entry_education = education_level(
                _require(data, "entry_education", where), "entry_education", where
            )
            _save_valid(role, where)
            pending.append((role, data, where, wanted, action))
        # Profiles after every role exists, so career moves can point at any of them.
        for role, data, where, wanted, action in pending:
            self._replace_profile(role, data, where)
            record([role])  # again, with the rows it now has
            _record("role", role.slug, wanted, role.updated_at)
            (self.report.created if action == "create" else self.report.updated).append(
                f"role {role.slug}"
            )

    def _lookup(self, model, key_field, key, where):
        instance = model.objects.filter(**{key_field: key}).first()
        if instance is None:
            raise ContentError(f"{where}: unknown {model._meta.verbose_name} '{key}'")
        return instance

    def _replace_profile(self, role, data, where):
        role.work_settings.set(
            [
                self._lookup(WorkSetting, "slug", slug, where)
                for slug in data.get("work_settings", [])
            ]
        )
        role.role_duties.all().delete()
        for order, entry in enumerate(data.get("duties", []), start=1):
            duty = self._lookup(Duty, "slug", _require(entry, "duty", where), where)
            _save_valid(
                RoleDuty(
                    role=role, duty=duty, emphasis=entry.get("emphasis", "regular"), order=order
                ),
                where,
            )
        role.role_qualifications.all().delete()
        for order, entry in enumerate(data.get("qualifications", []), start=1):
            qualification = self._lookup(
                Qualification, "slug", _require(entry, "qualification", where), where
            )
            _save_valid(
                RoleQualification(
                    role=role,
                    qualification=qualification,
                    level=entry.get("level", "preferred"),
                    note=entry.get("note", ""),
                    order=order,
                ),
                where,
            )
        role.figures.all().delete()
        for entry in data.get("figures", []):
            source = self._lookup(Source, "url", _require(entry, "source", where), where)
            _save_valid(
                LabourFigure(
                    role=role,
                    metric=_require(entry, "metric", where),
                    value=_require(entry, "value", where),
                    population=_require(entry, "population", where),
                    source=source,
                    year=_require(entry, "year", where),
                    period_end=entry.get("period_end"),
                ),
                where,
            )
        role.moves.all().delete()
        for order, entry in enumerate(data.get("moves", []), start=1):
            to_role = None
            if entry.get("to_role"):
                to_role = self._lookup(Role, "slug", entry["to_role"], where)
            _save_valid(
                CareerMove(
                    from_role=role,
                    to_role=to_role,
                    to_title=entry.get("to_title", ""),
                    what_it_takes=_require(entry, "what_it_takes", where),
                    order=order,
                ),
                where,
            )

    def load_comparisons(self, comparison_files):
        for path, data in comparison_files:
            where = str(path)
            slug = _require(data, "slug", where)
            wanted = digest(data)
            instance = Comparison.objects.filter(slug=slug).first()
            action = self._decide_and_report("comparison", slug, instance, wanted)
            if action is None:
                continue
            label = f"comparison {slug}"
            role_slugs = _require(data, "roles", where)
            roles = [self._lookup(Role, "slug", role_slug, where) for role_slug in role_slugs]
            if len(set(role_slugs)) < 2:
                raise ContentError(f"{where}: a comparison needs two or more different roles")
            same = Comparison.objects.for_roles(roles).exclude(slug=slug).first()
            if same is not None:
                raise ContentError(
                    f"{where}: the comparison '{same.slug}' already compares exactly these roles "
                    "(one set of roles has one comparison)"
                )
            comparison = instance or Comparison(slug=slug)
            for name in COMPARISON_FIELDS:
                setattr(comparison, name, _value(Comparison, data, name))
            _set_review(comparison, data, where)
            _save_valid(comparison, where)
            ComparisonRole.objects.filter(comparison=comparison).delete()
            ComparisonRole.objects.bulk_create(
                [ComparisonRole(comparison=comparison, role=role) for role in roles]
            )
            comparison.row_notes.all().delete()
            for row, note in data.get("row_notes", {}).items():
                _save_valid(ComparisonRowNote(comparison=comparison, row=row, note=note), where)
            record([comparison])  # again, with the roles it now compares
            _record("comparison", slug, wanted, comparison.updated_at)
            (self.report.created if action == "create" else self.report.updated).append(label)


def load_content(directory=CONTENT_DIR, overwrite=False):
    """Load every content file in one transaction; returns a Report of what happened."""
    catalogue, role_files, comparison_files = read_content(directory)
    # Every role is indexed once at the end, not again on each save along the way.
    with catalogue_lock(), transaction.atomic(), indexing_deferred():
        content_changed()
        return _load(directory, catalogue, role_files, comparison_files, overwrite)


def _load(directory, catalogue, role_files, comparison_files, overwrite):
    # One revision in the history, holding every page the load wrote (roles/editorial/history.py).
    with recording("Loaded from the guide's content files (load_content)."):
        loader = Loader(overwrite=overwrite)
        for section, model, key_fields, fields in CATALOGUE:
            for index, data in enumerate(catalogue.get(section, []), start=1):
                where = f"{Path(directory) / 'catalogue.toml'} [{section} #{index}]"
                loader.load_catalogue_row(model, key_fields, fields, data, where)
        for index, data in enumerate(catalogue.get("fit_questions", []), start=1):
            where = f"{Path(directory) / 'catalogue.toml'} [fit_questions #{index}]"
            loader.load_fit_question(data, where)
        loader.load_roles(role_files)
        loader.load_comparisons(comparison_files)
        index_content()
    return loader.report
