"""Request clean-up that every page, the admin included, relies on."""

from django.http import QueryDict


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
