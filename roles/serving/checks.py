"""Refuse to serve production pages whose style sheets and scripts would be missing.

With DEBUG off, static files are named by their content hash from the manifest `collectstatic`
writes; without it every page fails. `manage.py check --deploy` reports the missing manifest, and
the WSGI application refuses to start without it (careerguide/wsgi.py).
"""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register
from django.core.files.storage import storages


def missing_static_manifest():
    """A message naming the fix when production static files lack their manifest, else None."""
    if settings.DEBUG:
        return None
    storage = storages["staticfiles"]
    manifest_name = getattr(storage, "manifest_name", None)
    if manifest_name is None:
        return None
    if (Path(settings.STATIC_ROOT) / manifest_name).is_file():
        return None
    return (
        f"No {manifest_name} in STATIC_ROOT ({settings.STATIC_ROOT}): run "
        "`manage.py collectstatic --noinput` with the production settings before starting."
    )


@register("staticfiles", deploy=True)
def static_manifest_check(app_configs, **kwargs):
    problem = missing_static_manifest()
    return [Error(problem, id="careerguide.E001")] if problem else []
