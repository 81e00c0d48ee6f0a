"""In a real browser, on paper: a four-job comparison chart prints on A4 landscape at full size (the
browser never shrinks it to fit), no text smaller than 9 pt, the job names at the top of every page
the chart takes, and each source's address once, in the Sources list at the end rather than after
every figure. Role and occupation pages print at 9 pt or more without shrinking too."""

import math
import re

import pytest

from roles.importers.content import load_content
from tests.browser import chromium_page
from tests.catalogue import load_test_catalogue

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHART = "/compare/legal-assistant-vs-legal-intake-specialist-vs-legal-secretary-vs-paralegal/"
JOB_PAGES = ["/roles/legal-assistant/", "/occupations/paralegals-and-legal-assistants/"]

# The page area static/css/print.css asks for (12 mm margins), in CSS pixels (96 to the inch).
PX_PER_MM = 96 / 25.4
LANDSCAPE_WIDTH = (297 - 2 * 12) * PX_PER_MM  # 1,031.8 px: a comparison chart's pages
LANDSCAPE_HEIGHT = (210 - 2 * 12) * PX_PER_MM  # 703 px
PORTRAIT_WIDTH = (210 - 2 * 12) * PX_PER_MM  # other pages on A4 portrait (Letter is wider)
A4_LANDSCAPE_POINTS = (842, 595)  # 297 by 210 mm
NINE_POINTS = 12  # px

# Every piece of text that prints under `root` and its size in CSS pixels as drawn: its font size
# times the scale of the SVG it sits in, if any. Generated text (`::before`, `::after`) counts.
PRINTED_TEXT = """
(root) => {
  const found = [];
  const shown = (element) =>
    !element.closest(".visually-hidden") && element.checkVisibility({ visibilityProperty: true });
  for (const element of document.querySelector(root).querySelectorAll("*")) {
    if (!shown(element)) continue;
    // An SVG's <title> and <desc> are read out, not drawn.
    if (element instanceof SVGElement && !(element instanceof SVGGraphicsElement)) continue;
    const style = getComputedStyle(element);
    const scale = element instanceof SVGGraphicsElement && element.getScreenCTM()
      ? Math.hypot(element.getScreenCTM().a, element.getScreenCTM().b) : 1;
    const drawing = element.closest("svg");
    const where = (drawing ? `<svg class="${drawing.getAttribute("class")}"> ` : "") +
      `<${element.tagName.toLowerCase()} class="${element.getAttribute("class") || ""}">`;
    for (const node of element.childNodes) {
      if (node.nodeType === Node.TEXT_NODE && node.textContent.trim()) {
        found.push({ where, text: node.textContent.trim().slice(0, 40),
                     px: parseFloat(style.fontSize) * scale, generated: false });
      }
    }
    for (const pseudo of ["::before", "::after"]) {
      const generated = getComputedStyle(element, pseudo);
      const content = generated.content;
      if (content === "none" || content === "normal" || generated.display === "none") continue;
      if (!content.replace(/["' ]/g, "")) continue;
      found.push({ where: where + pseudo, text: content, px: parseFloat(generated.fontSize) * scale,
                   generated: true, inTable: !!element.closest("table") });
    }
  }
  return found;
}
"""

# The chart's layout on the printed page, and the header links' widths to find them in the PDF.
CHART_LAYOUT = """
() => {
  const table = document.querySelector(".side-by-side table.chart");
  const header = [...table.querySelectorAll("thead th a")]
    .filter((link) => link.getClientRects().length === 1)
    .map((link) => ({ path: link.getAttribute("href"), width: link.getBoundingClientRect().width }));
  return {
    tableWidth: table.getBoundingClientRect().width,
    tableHeight: table.getBoundingClientRect().height,
    pageWidth: document.documentElement.scrollWidth,
    theadDisplay: getComputedStyle(table.tHead).display,
    rowBreaks: [...new Set([...table.rows].map((row) => getComputedStyle(row).breakInside))],
    header,
  };
}
"""


def printed_text(page, root):
    return page.evaluate(PRINTED_TEXT, root)


def too_small(text):
    return [f"{t['where']} {t['text']!r}: {t['px']:.1f}px" for t in text if t["px"] < NINE_POINTS]


# A PDF object that is a dictionary alone, as pages and links are (not a stream: text, fonts).
PDF_DICTIONARY = re.compile(rb"(\d+) 0 obj\s*(<<(?:(?!stream).)*?>>)\s*endobj", re.S)


def _numbers(body, key, pattern=rb"[-\d.]+"):
    """The numbers in a PDF dictionary's array `key` (`[0 0 842 595]`, `[14 0 R 15 0 R]`)."""
    array = re.search(rb"/" + key + rb"\s*\[([^\]]*)\]", body)
    return [float(n) for n in re.findall(pattern, array.group(1))] if array else []


def pdf_pages(pdf):
    """Each page of a PDF as Chromium writes it (plain dictionaries, no object streams): its size
    in points and its links, as (address, width in points), in page order."""
    objects = {int(number): body for number, body in PDF_DICTIONARY.findall(pdf)}

    def in_order(number):
        body = objects[number]
        if not re.search(rb"/Type\s*/Pages\b", body):
            yield body
        for kid in _numbers(body, rb"Kids", rb"(\d+) 0 R"):
            yield from in_order(int(kid))

    root = next(
        number
        for number, body in objects.items()
        if re.search(rb"/Type\s*/Pages\b", body) and b"/Parent" not in body
    )
    pages = []
    for body in in_order(root):
        left, bottom, right, top = _numbers(body, rb"MediaBox")
        links = []
        for number in _numbers(body, rb"Annots", rb"(\d+) 0 R"):
            annotation = objects[int(number)]
            address = re.search(rb"/URI\s*\(([^)]*)\)", annotation)
            if address:
                x1, _, x2, _ = _numbers(annotation, rb"Rect")
                links.append((address.group(1).decode(), x2 - x1))
        pages.append({"size": (round(right - left), round(top - bottom)), "links": links})
    return pages


def open_printed(page, url, width):
    """The page as it prints on paper whose page area is `width` CSS pixels wide."""
    page.set_viewport_size({"width": math.floor(width), "height": 900})
    page.goto(url)
    page.emulate_media(media="print")


def test_a_four_job_chart_prints_on_a4_landscape_at_full_size_with_its_header_on_each_page(
    live_server,
):
    load_test_catalogue()
    load_content()
    with chromium_page() as page:
        open_printed(page, f"{live_server.url}{CHART}", LANDSCAPE_WIDTH)
        layout = page.evaluate(CHART_LAYOUT)
        # No paper size or orientation asked for here: the stylesheet's @page decides.
        pages = pdf_pages(page.pdf(format="Letter", prefer_css_page_size=True))

    # Nothing is wider than the page area, so the browser has nothing to shrink.
    assert layout["tableWidth"] <= LANDSCAPE_WIDTH
    assert layout["pageWidth"] <= LANDSCAPE_WIDTH
    assert layout["theadDisplay"] == "table-header-group"
    assert layout["rowBreaks"] == ["avoid"]
    assert {printed["size"] for printed in pages} == {A4_LANDSCAPE_POINTS}

    # The job names link to their pages, so the PDF says where each is drawn and how wide: at
    # full size, as wide as on screen (0.75 pt to the CSS pixel), on every page the chart takes.
    assert len(layout["header"]) >= 3

    def drawn_at_full_size(link, printed):
        return any(
            address.endswith(link["path"]) and abs(width - link["width"] * 0.75) < 1
            for address, width in printed["links"]
        )

    header_pages = [
        number
        for number, printed in enumerate(pages)
        if all(drawn_at_full_size(link, printed) for link in layout["header"])
    ]
    first = layout["header"][0]
    drawn = {round(w, 1) for p in pages for a, w in p["links"] if a.endswith(first["path"])}
    assert header_pages, f"{first['path']} is {first['width'] * 0.75:.1f} pt wide, drawn {drawn}"
    assert header_pages == list(range(header_pages[0], header_pages[-1] + 1))
    # At least one page for each page area of table (a row that does not fit moves whole).
    assert len(header_pages) >= max(3, math.ceil(layout["tableHeight"] / LANDSCAPE_HEIGHT))
    # A sanity bound: today the chart takes 6 pages and the whole comparison 12.
    assert len(header_pages) <= 9
    assert len(pages) <= 18


def test_a_printed_chart_has_no_text_under_9pt_and_gives_each_source_address_once(live_server):
    load_test_catalogue()
    load_content()
    with chromium_page() as page:
        open_printed(page, f"{live_server.url}{CHART}", LANDSCAPE_WIDTH)
        # Printed from a screen in dark mode, the page is still dark ink on white paper.
        page.emulate_media(media="print", color_scheme="dark")
        ink = page.evaluate("getComputedStyle(document.querySelector('.side-by-side td')).color")
        text = printed_text(page, "main")
        body = page.evaluate("document.body.innerText")
        cited = page.evaluate(
            "[...new Set([...document.querySelectorAll('.figure-source a')].map((a) => a.href))]"
        )
        listed = page.locator(".source-list li").all_inner_texts()

    assert ink == "rgb(27, 31, 36)"
    assert too_small(text) == []
    assert [t for t in text if t["generated"] and t.get("inTable")] == []
    assert len(cited) >= 2
    assert len(listed) == len(cited)
    printed = body + "".join(t["text"] for t in text if t["generated"])
    for address in cited:
        assert printed.count(address) == 1, address
        assert sum(address in item for item in listed) == 1, address


@pytest.mark.parametrize("path", JOB_PAGES)
def test_role_and_occupation_pages_print_on_a4_portrait_at_full_size_and_9pt_or_more(
    live_server, path
):
    load_test_catalogue()
    load_content()
    with chromium_page() as page:
        open_printed(page, f"{live_server.url}{path}", PORTRAIT_WIDTH)
        page_width = page.evaluate("document.documentElement.scrollWidth")
        # The career paths diagram is a drawing, scaled to the page: its labels print smaller
        # (six columns: about 6 pt). Every move it draws is also listed in text below it.
        text = [t for t in printed_text(page, "main") if "career-paths" not in t["where"]]

    assert page_width <= PORTRAIT_WIDTH
    assert too_small(text) == []
