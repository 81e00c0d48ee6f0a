"""Operations endpoints: the health check a load balancer polls, and uploaded images."""

import uuid

from django.core.cache import cache
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.http import FileResponse, Http404, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

# What the editor stores (roles/editorial/editor.py re-encodes every upload to one of these).
MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers and the cache stores and returns a value, 503 otherwise.

    Says only which part failed, never why (no hosts, names or messages).
    """
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except DatabaseError:
        checks["database"] = "unavailable"
    try:
        probe = uuid.uuid4().hex
        cache.set("healthz:probe", probe, timeout=30)
        checks["cache"] = "ok" if cache.get("healthz:probe") == probe else "unavailable"
    except Exception:  # any backend's connection error means the same to a load balancer
        checks["cache"] = "unavailable"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )


@require_safe
def media(request, path):
    """Serve an uploaded image from the storage (a folder on this machine; with object storage,
    images are linked at the bucket's address and never come here)."""
    content_type = MEDIA_TYPES.get(f".{path.rsplit('.', 1)[-1].lower()}" if "." in path else "")
    if content_type is None:
        raise Http404("No such image.")
    try:
        if not default_storage.exists(path):
            raise Http404("No such image.")
        handle = default_storage.open(path, "rb")
    except (SuspiciousFileOperation, OSError, ValueError):
        raise Http404("No such image.") from None
    response = FileResponse(handle, content_type=content_type)
    # Uploads get new random names and never change: browsers and CDNs may keep them.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def server_error(request):
    """The 500 page, with the request id the log line carries (and nothing from the database)."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(
        template.render({"request_id": getattr(request, "request_id", "")})
    )
