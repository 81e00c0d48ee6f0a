"""Readers' pages served from Django's cache, never stale.

Every cached page is stored with the content *generation* that was current when its rendering
began. The generation is a random token kept in the same (shared) cache; any content change
replaces it (`content_changed`), so every page cached before the change stops matching at once, on
every app server that shares the cache. A lookup reads the generation and the page in one round
trip.

Why this is never stale: a change replaces the generation after its transaction commits (and once
more as it happens, for work that reads its own transaction). A page rendered from data older than
a change was begun under an older generation, so it can never be served after the change. A
missing generation (a cleared or restarted cache) becomes a new random token, never an old one.

Only anonymous readers' GET and HEAD requests are cached: a request carrying a session cookie
(an editor, logged in or not) is neither served from the cache nor stored in it. Stored pages carry
a weak ETag and are sent gzip-compressed when the client accepts it, compressed once when stored;
`If-None-Match` gets 304. Responses that set cookies, vary on anything but Accept-Encoding and
Cookie, or are not 200 are never stored.

If the cache cannot be reached, pages are rendered fresh (and the failure logged) rather than
failing; a change that cannot replace the generation is logged as an error, since a page cached
before it could then be served until the cache is reachable again and the next change lands.
"""

import gzip
import hashlib
import logging
import re
import threading
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import cc_delim_re, patch_vary_headers

logger = logging.getLogger(__name__)

GENERATION_KEY = "pages:generation"
PAGE_KEY = "pages:v1:{}"
SAFE_METHODS = {"GET", "HEAD"}
# Never cached: the admin, the editor's endpoints, the health check, uploads (served elsewhere).
UNCACHED_PREFIXES = ("/admin/", "/markdownx/", "/healthz", "/media/")
CACHED_TYPES = (
    "text/html",
    "application/json",
    "text/csv",
    "image/svg+xml",
    "text/plain",
    "application/xml",
)
# Headers that are the middleware's own business, or per request.
DROPPED_HEADERS = {"content-length", "content-encoding", "etag", "vary", "cache-control", "date"}
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
MIN_COMPRESS = 200
CACHE_CONTROL = "no-cache"  # browsers and CDNs may keep a copy but must revalidate it (cheap 304)

# Whether this process stored a page since it last replaced the generation: while it has not,
# changes inside one transaction need not replace the generation again as they happen.
_stored_since_change = threading.Event()
_stored_since_change.set()


def _new_generation():
    return uuid.uuid4().hex


def _replace_generation():
    _stored_since_change.clear()
    try:
        cache.set(GENERATION_KEY, _new_generation(), timeout=None)
    except Exception:  # any cache backend's failure: the change itself is saved, say so loudly
        logger.exception("Could not invalidate cached pages: the cache is unreachable")


def content_changed():
    """Invalidate every cached page: now, and again when the current transaction commits.

    Call it from anything that changes what readers see. Cheap to call many times in one
    transaction: the commit-time replacement is scheduled once.
    """
    if _stored_since_change.is_set():
        _replace_generation()
    if connection.in_atomic_block:
        pending = getattr(connection, "run_on_commit", [])
        if any(entry[1] is _replace_generation for entry in pending):
            return
    transaction.on_commit(_replace_generation)


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _new_generation(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def _is_editor(request):
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def _cacheable_request(request):
    return (
        settings.PAGE_CACHE
        and request.method in SAFE_METHODS
        and not _is_editor(request)
        and not request.path.startswith(UNCACHED_PREFIXES)
    )


def _page_key(request):
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return PAGE_KEY.format(hashlib.sha256(address.encode()).hexdigest())


def _cacheable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith(CACHED_TYPES):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    varies = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    return varies <= {"cookie", "accept-encoding"}


def _entry(generation, response):
    body = response.content
    headers = [(k, v) for k, v in response.items() if k.lower() not in DROPPED_HEADERS]
    compressed = (
        gzip.compress(body, compresslevel=6, mtime=0) if len(body) >= MIN_COMPRESS else None
    )
    etag = f'W/"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'
    # A compressible page is kept compressed only (nearly every client accepts gzip; the rare
    # one that does not gets it unzipped on the way out).
    return {
        "generation": generation,
        "headers": headers,
        "body": None if compressed else body,
        "gzip": compressed,
        "etag": etag,
    }


def _etag_matches(request, etag):
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    if header.strip() == "*":
        return True
    # Weak comparison: W/"x" and "x" name the same page.
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in header.split(","))


def _respond(request, entry, state):
    if _etag_matches(request, entry["etag"]):
        response = HttpResponseNotModified()
    else:
        use_gzip = entry["gzip"] is not None and ACCEPTS_GZIP.search(
            request.META.get("HTTP_ACCEPT_ENCODING", "")
        )
        if use_gzip:
            body = entry["gzip"]
        else:
            body = entry["body"] if entry["body"] is not None else gzip.decompress(entry["gzip"])
        response = HttpResponse(b"" if request.method == "HEAD" else body)
        for name, value in entry["headers"]:
            response[name] = value
        response["Content-Length"] = str(len(body))
        if use_gzip:
            response["Content-Encoding"] = "gzip"
    response["ETag"] = entry["etag"]
    response["Cache-Control"] = CACHE_CONTROL
    patch_vary_headers(response, ("Accept-Encoding", "Cookie"))
    response["X-Page-Cache"] = state
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # For readers' pages that are not stored (a 404, say): compressed as Django would.
        self.gzip = GZipMiddleware(get_response)

    def __call__(self, request):
        if not _cacheable_request(request):
            response = self.get_response(request)
            if (
                request.method not in SAFE_METHODS
                and _is_editor(request)
                and request.path.startswith("/admin/")
                and response.status_code < 400
            ):
                # Whatever an editor's successful admin form or action changed (a save, a bulk
                # action, a delete, a restore) is visible on the next page view.
                content_changed()
            return response

        key = _page_key(request)
        try:
            found = cache.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY) or current_generation()
        except Exception:  # the cache is down: serve the page fresh rather than fail
            logger.warning("Page cache unreachable; serving %s uncached", request.path)
            return self.get_response(request)
        entry = found.get(key)
        if entry is not None and entry["generation"] == generation:
            return _respond(request, entry, "hit")

        # The page is compressed here, once, as it is stored: Django's GZipMiddleware further in
        # (there for editors' pages) must leave it alone, and its random padding would change
        # the ETag on every render.
        accept_encoding = request.META.pop("HTTP_ACCEPT_ENCODING", None)
        response = self.get_response(request)
        if accept_encoding is not None:
            request.META["HTTP_ACCEPT_ENCODING"] = accept_encoding
        if not (request.method == "GET" and _cacheable_response(response)):
            return self.gzip.process_response(request, response)
        entry = _entry(generation, response)
        try:
            cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
            _stored_since_change.set()
        except Exception:
            logger.warning("Page cache unreachable; %s not stored", request.path)
        return _respond(request, entry, "miss")
