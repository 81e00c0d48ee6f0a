"""A context processor giving every page's <head> its defaults: the canonical address (this path
on SITE_URL, without the query string), the share image and the Open Graph type."""

from django.conf import settings
from django.templatetags.static import static
from django.utils.encoding import escape_uri_path

from roles.compare.export import site_url

SHARE_IMAGE = "img/share-card.png"
SHARE_IMAGE_SIZE = (1200, 630)
# Pages about one thing; the rest (lists, forms, the home page) are "website".
ARTICLE_PAGES = {"role_detail", "occupation_detail", "field_detail", "compare"}


def absolute(url):
    """An address on the site as SITE_URL gives it (a static file may already be on a CDN)."""
    return url if url.startswith(("http://", "https://")) else site_url(url)


def page_head(request):
    match = getattr(request, "resolver_match", None)
    return {
        "seo": {
            "site_name": settings.SITE_NAME,
            "canonical_url": site_url(escape_uri_path(request.path)),
            # Pages whose query string changes what they show may say "noindex" for it.
            "has_query": bool(request.GET),
            "og_type": "article" if match and match.url_name in ARTICLE_PAGES else "website",
            "image_url": absolute(static(SHARE_IMAGE)),
            "image_width": SHARE_IMAGE_SIZE[0],
            "image_height": SHARE_IMAGE_SIZE[1],
        }
    }
