"""Request handling every page, the admin included, relies on: ids for the log, body limits, clean
query strings and the client's address behind a proxy."""

import logging
import re
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, QueryDict


def strip_nul_characters(get_response):
    """Drop NUL characters from query strings.

    PostgreSQL refuses NUL in any text it is sent, so an address like `?q=%00` would otherwise end
    in a server error wherever the value reaches a query (the admin's search box, for one).
    """

    def middleware(request):
        pairs = list(request.GET.lists())
        if any("\x00" in key or any("\x00" in v for v in values) for key, values in pairs):
            cleaned = QueryDict(mutable=True)
            for key, values in pairs:
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return get_response(request)

    return middleware


# The id of the request being served, for every log line written while serving it.
current_request_id: ContextVar[str] = ContextVar("current_request_id", default="-")
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id(get_response):
    """Give each request an id (the proxy's X-Request-ID when it sent a sane one), log it with
    everything the request logs, and send it back so a reader's report can be matched to the log."""

    def middleware(request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        rid = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = rid
        token = current_request_id.set(rid)
        try:
            response = get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = rid
        return response

    return middleware


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every log record ("-" outside a request)."""

    def filter(self, record):
        # Django logs some responses (404s, for one) after the middleware has returned, with the
        # request attached to the record.
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or current_request_id.get()
        return True


def limit_request_body(get_response):
    """Refuse a request whose declared body is larger than MAX_REQUEST_BODY with 413, unread."""

    def middleware(request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponseBadRequest("Bad Content-Length header.", content_type="text/plain")
        if length > settings.MAX_REQUEST_BODY:
            limit = settings.MAX_REQUEST_BODY // (1024 * 1024)
            return HttpResponse(
                f"The request is too large: at most {limit} MB can be sent at once.",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return get_response(request)

    return middleware


def client_ip(request):
    """The reader's address, for login throttling: the connection's, or with TRUSTED_PROXY_COUNT
    proxies in front, the address the outermost of them saw (from the right of X-Forwarded-For)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
