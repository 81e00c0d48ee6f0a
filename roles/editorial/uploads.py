"""Images uploaded through the Markdown editor that nothing uses any more.

An upload is in use while the text of any Markdown field refers to it, or any version kept in the
history does (so restoring an old version never brings back a broken image). One younger than the
grace period is kept too: an editor may have dropped it into a page they have not saved yet.

Only the storage API is used (listdir, get_modified_time, delete), so this works with the
filesystem and with S3 alike.
"""

import posixpath
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import unquote

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import Storage, default_storage
from django.utils import timezone
from markdownx.models import MarkdownxField
from reversion.models import Version

GRACE_PERIOD = timedelta(hours=24)


@dataclass
class UploadSweep:
    unused: list[str] = field(default_factory=list)
    in_use: list[str] = field(default_factory=list)
    recent: list[str] = field(default_factory=list)


def markdown_fields():
    """(model, field name) for every Markdown field of every installed model."""
    return [
        (model, model_field.name)
        for model in apps.get_models()
        if not model._meta.proxy
        for model_field in model._meta.concrete_fields
        if isinstance(model_field, MarkdownxField)
    ]


def stored_uploads(storage: Storage, folder: str) -> list[str]:
    """The names of every file under `folder` in `storage`, its subfolders' included."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # nothing uploaded yet (the filesystem has no folder)
        return []
    names = [posixpath.join(folder, name) for name in files]
    for sub in folders:
        names += stored_uploads(storage, posixpath.join(folder, sub))
    return names


def _texts_mentioning(folder: str):
    for model, name in markdown_fields():
        rows = model._base_manager.filter(**{f"{name}__contains": folder})
        yield from rows.values_list(name, flat=True).iterator()
    versions = Version.objects.filter(serialized_data__contains=folder)
    yield from versions.values_list("serialized_data", flat=True).iterator()


def referenced_uploads(folder: str) -> set[str]:
    """The storage names under `folder` that current text or a kept version refers to, whatever
    address the storage gave them (/media/markdownx/..., https://bucket/markdownx/...)."""
    # Stop at whatever ends an address in Markdown, HTML or the history's JSON (`\n`, `\"`).
    address = re.compile(re.escape(folder) + r"[^\s()\[\]<>\"'\\?#]+")
    found = set()
    for text in _texts_mentioning(folder):
        found.update(unquote(match) for match in address.findall(text))
    return found


def find_unused_uploads(
    storage: Storage = default_storage,
    grace: timedelta = GRACE_PERIOD,
    now: datetime | None = None,
) -> UploadSweep:
    """Sort the editor's uploads into in use, too recent to judge, and unused."""
    folder = settings.MARKDOWNX_MEDIA_PATH.rstrip("/")
    if not folder:  # uploads at the storage's top level: every file there would look unused
        raise ImproperlyConfigured("MARKDOWNX_MEDIA_PATH must name a folder for uploads alone.")
    cutoff = (now or timezone.now()) - grace
    in_use = referenced_uploads(folder + "/")
    sweep = UploadSweep()
    for name in sorted(stored_uploads(storage, folder)):
        if name in in_use:
            sweep.in_use.append(name)
            continue
        try:
            modified = storage.get_modified_time(name)
        except (NotImplementedError, OSError):  # cannot tell its age: keep it
            sweep.recent.append(name)
            continue
        if timezone.is_naive(modified):
            modified = timezone.make_aware(modified)
        (sweep.recent if modified > cutoff else sweep.unused).append(name)
    return sweep
