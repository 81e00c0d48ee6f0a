"""The words a page's <head> gives search engines and link previews, trimmed to what they show."""

import html

from django.utils.html import strip_tags

# Search results cut titles longer than this; the whole <title> stays under 65 characters.
TITLE_LIMIT = 64
# About what search results and link previews show of a description.
DESCRIPTION_LIMIT = 160
SEPARATOR = " · "
# Stripped before the "…" of a shortened text, so it never ends ",…" or ":…".
TRAILING = " ,;:·–-"


def plain(text):
    """Rendered template text as plain words: no tags, no entities, single spaces."""
    return " ".join(html.unescape(strip_tags(str(text))).split())


def shorten(text, limit):
    """`text` if it fits in `limit` characters, else cut at a word boundary and ended with "…"."""
    if len(text) <= limit:
        return text
    space = text.rfind(" ", 0, limit)
    cut = text[:space] if space > 0 else text[: limit - 1]
    return cut.rstrip(TRAILING) + "…"


def full_title(title, site_name, detail=""):
    """A page's <title>: its own title, then what the page tells about it (`detail`, which may be
    left out), then the site's name (also in og:site_name), each only while the whole fits; a
    title too long on its own is shortened."""
    if not title or title == site_name:
        return site_name
    detailed = f"{title}: {detail}" if detail else title
    for candidate in (
        f"{detailed}{SEPARATOR}{site_name}",
        detailed,
        f"{title}{SEPARATOR}{site_name}",
    ):
        if len(candidate) <= TITLE_LIMIT:
            return candidate
    return shorten(title, TITLE_LIMIT)


def description(text):
    return shorten(text, DESCRIPTION_LIMIT)
