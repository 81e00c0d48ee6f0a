"""The one Markdown renderer: Markdown to HTML, then an allowlist sanitiser.

Templates, the admin's live preview and the content loader all call `render_markdown`, so editor text
can never run script, load a frame or carry an event handler in a reader's browser.
"""

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# Editor text sits under a page's h1 and a section's h2, so its own headings start at h3.
TOP_HEADING_LEVEL = 3

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3", "h4", "h5",
    "h6", "hr", "img", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def _heading_level(element):
    tag = element.tag
    if isinstance(tag, str) and len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
        return int(tag[1])
    return None


class _ShiftHeadings(Treeprocessor):
    """Renumber the editor's heading levels from h3 down, with no level skipped."""

    def run(self, root):
        headings = [el for el in root.iter() if _heading_level(el)]
        levels = sorted({_heading_level(el) for el in headings})
        new_level = {old: min(TOP_HEADING_LEVEL + i, 6) for i, old in enumerate(levels)}
        for element in headings:
            element.tag = f"h{new_level[_heading_level(element)]}"


class ShiftHeadingsExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_ShiftHeadings(md), "shift_headings", 5)


MARKDOWN_EXTENSIONS = ["extra", "sane_lists", "smarty", ShiftHeadingsExtension()]


def render_markdown(text: str) -> str:
    """Return safe HTML for Markdown an editor wrote."""
    if not text:
        return ""
    html = markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
