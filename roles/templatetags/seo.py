"""Template tags for a page's <head> (roles/seo/head.py does the work).

`{% breadcrumb_data crumbs %}` is the trail the breadcrumbs include shows, as a schema.org
BreadcrumbList (JSON-LD), so every page with visible breadcrumbs describes them to search engines.

`{% capture name %}...{% endcapture %}` renders its contents once (a block, say) as plain text into
the variable `name`, so base.html can use one page title in <title>, og:title and elsewhere.
"""

from django import template
from django.conf import settings

from roles.seo import head, structured

register = template.Library()


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        context[self.name] = head.plain(self.nodelist.render(context))
        return ""


@register.tag
def capture(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("Use {% capture name %}...{% endcapture %}.")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1])


@register.filter
def full_title(title, detail=""):
    return head.full_title(title, settings.SITE_NAME, detail)


@register.filter
def meta_description(text):
    return head.description(text)


@register.simple_tag
def breadcrumb_data(crumbs):
    return structured.scripts(structured.breadcrumb_list(crumbs))
