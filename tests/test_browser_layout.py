"""In a real browser: no page scrolls sideways on a phone (wide charts scroll inside their own
labelled, focusable region), and the focus indicator stands out at least 3:1 wherever it shows."""

import re

import pytest

from roles.importers.content import load_content
from tests.browser import chromium_page
from tests.catalogue import load_test_catalogue
from tests.test_security_headers import PUBLIC_PAGES

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE_WIDTHS = [320, 390]
TWO_ROLE_CHART = "/compare/legal-assistant-vs-legal-secretary/"
# Guide roles only: their duties are listed, each shared one with a "Shared with..." badge.
FOUR_ROLE_CHART = "/compare/legal-assistant-vs-legal-case-manager-vs-legal-secretary-vs-paralegal/"
PAGES = [
    *PUBLIC_PAGES,
    "/compare/legal-assistant-vs-legal-secretary-vs-paralegal/?differences=only",
    FOUR_ROLE_CHART,
    "/occupations/computer-systems-engineers-architects/",
]

# The elements whose right edge passes the window's, outermost first, outside any box that
# scrolls or clips them: what makes the page scroll sideways.
STICKING_OUT = """
() => {
  const width = window.innerWidth;
  // Whether a box between the element and the page clips it: only positioned boxes clip what is
  // absolutely positioned inside them.
  const clips = (element) => {
    let absolute = getComputedStyle(element).position === "absolute";
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box);
      if (absolute && style.position === "static") continue;
      if (style.overflowX !== "visible") return true;
      absolute = style.position === "absolute";
    }
    return false;
  };
  const found = [];
  for (const element of document.body.querySelectorAll("*")) {
    const right = element.getBoundingClientRect().right + window.scrollX;
    if (right > width + 0.5 && !clips(element) && !found.some((outer) => outer.contains(element))) {
      found.push(element);
    }
  }
  return found.slice(0, 5).map((element) =>
    `<${element.tagName.toLowerCase()} class="${element.className}"> reaches ` +
    `${Math.round(element.getBoundingClientRect().right + window.scrollX)}px`);
}
"""

# What a scrolling box is to assistive technology and the keyboard.
SCROLL_REGION = """
(table) => {
  let box = table.parentElement;
  while (box && !["auto", "scroll"].includes(getComputedStyle(box).overflowX)) {
    box = box.parentElement;
  }
  if (!box) return null;
  const labelledBy = box.getAttribute("aria-labelledby");
  const label = labelledBy
    ? labelledBy.split(" ").map((id) => document.getElementById(id)?.textContent ?? "").join(" ")
    : box.getAttribute("aria-label") ?? "";
  return {
    role: box.getAttribute("role"),
    label: label.trim(),
    tabindex: box.getAttribute("tabindex"),
    scrolls: box.scrollWidth > box.clientWidth,
  };
}
"""


@pytest.fixture
def guide():
    load_test_catalogue()
    load_content()


def test_no_page_scrolls_sideways_on_a_phone(live_server, guide):
    problems = []
    with chromium_page() as page:
        for width in PHONE_WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            for path in PAGES:
                page.goto(f"{live_server.url}{path}")
                page_width = page.evaluate("document.documentElement.scrollWidth")
                if page_width > page.evaluate("window.innerWidth"):
                    culprits = page.evaluate(STICKING_OUT)
                    problems.append(f"{width}px {path}: {page_width}px wide; {culprits}")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("path", [TWO_ROLE_CHART, FOUR_ROLE_CHART])
def test_a_wide_chart_scrolls_inside_a_labelled_focusable_region_on_a_phone(
    live_server, guide, path
):
    with chromium_page() as page:
        page.set_viewport_size({"width": 320, "height": 800})
        page.goto(f"{live_server.url}{path}")
        regions = [
            page.evaluate(SCROLL_REGION, table.element_handle())
            for table in page.locator("table.chart").all()
        ]

    assert len(regions) >= 1
    for region in regions:
        assert region["role"] == "region"
        assert region["label"]
        assert region["tabindex"] == "0"  # keyboard users scroll it with the arrow keys
    # The main chart is wider than a phone: it scrolls, not the page, and is named by its caption.
    assert regions[-1]["scrolls"]
    assert regions[-1]["label"].startswith("Legal assistant compared with")


# ---------------------------------------------------------------- the focus indicator

# The focused element's outline and halo colours, and the colour behind its outline on each side:
# what the page shows just outside the element where the outline is drawn (outlines take no part
# in hit-testing), from the first box there with a background colour of its own.
FOCUS_COLOURS = """
(element) => {
  const style = getComputedStyle(element);
  const behind = (box) => {
    for (; box; box = box.parentElement) {
      const colour = getComputedStyle(box).backgroundColor;
      if (!/^rgba\\(.*, 0\\)$/.test(colour) && colour !== "transparent") return colour;
    }
    return "rgb(255, 255, 255)";  // the canvas
  };
  const rect = element.getBoundingClientRect();
  const out = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth) / 2;
  const sides = [
    [rect.left - out, rect.top + rect.height / 2],
    [rect.right + out, rect.top + rect.height / 2],
    [rect.left + rect.width / 2, rect.top - out],
    [rect.left + rect.width / 2, rect.bottom + out],
  ].filter(([x, y]) => x >= 0 && y >= 0 && x < window.innerWidth && y < window.innerHeight);
  const backgrounds = sides.map(([x, y]) => {
    const under = document.elementsFromPoint(x, y).find((box) => !element.contains(box));
    return behind(under);
  });
  return {
    focusVisible: element.matches(":focus-visible"),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
    outline: style.outlineColor,
    halo: style.boxShadow.match(/^rgba?\\([^)]*\\)/)?.[0] ?? null,
    backgrounds: [...new Set(backgrounds)],
  };
}
"""

# (page, element to focus, what it is) across the backgrounds focus shows on.
FOCUSABLE = [
    ("/", "main a >> nth=0", "the first link in the home page's content"),
    ("/", ".site-header nav a >> nth=1", "a link in the dark header"),
    ("/", ".site-search input", "the search box in the header"),
    ("/", ".site-search button", "the search button in the header"),
    ("/", ".skip-link", "the skip link over the header"),
    ("/search/?q=legal", ".search-form input", "the search box on the page"),
    ("/search/?q=legal", ".search-form button", "a blue button on the page"),
    ("/roles/", ".role-filters select >> nth=0", "a filter on a grey panel"),
    ("/roles/", ".role-filters button", "a blue button on a grey panel"),
    (TWO_ROLE_CHART, ".table-scroll >> nth=-1", "the chart's scrolling region"),
    (TWO_ROLE_CHART, ".chart thead a >> nth=0", "a link in the chart's dark heading"),
    (TWO_ROLE_CHART, ".chart tbody a >> nth=0", "a link in a chart cell"),
    ("/", ".site-footer a >> nth=0", "a link in the grey footer"),
]


def relative_luminance(colour):
    """WCAG 2's relative luminance of a CSS rgb()/rgba() colour."""
    red, green, blue = (int(part) / 255 for part in re.findall(r"[\d.]+", colour)[:3])

    def linear(channel):
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(one, other):
    lighter, darker = sorted([relative_luminance(one), relative_luminance(other)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_ratios_follow_wcags_formula():
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 2) == 21
    assert round(contrast("rgb(255, 191, 71)", "rgb(255, 255, 255)"), 2) == 1.64  # the old focus


def test_the_focus_indicator_stands_out_at_least_3_to_1_wherever_it_shows(live_server, guide):
    problems = []
    with chromium_page() as page:
        for path, selector, what in FOCUSABLE:
            page.goto(f"{live_server.url}{path}")
            element = page.locator(selector)
            element.focus()
            found = page.evaluate(FOCUS_COLOURS, element.element_handle())
            if not found["focusVisible"] or found["outlineStyle"] != "solid":
                problems.append(f"{what} ({path} {selector}): no visible focus outline")
                continue
            if found["outlineWidth"] < 2:
                problems.append(f"{what}: an outline {found['outlineWidth']}px wide")
            for background in found["backgrounds"]:
                ratio = contrast(found["outline"], background)
                if ratio < 3:
                    problems.append(
                        f"{what}: outline {found['outline']} on {background} {ratio:.2f}:1"
                    )
            # The halo inside the outline is the other tone: the ring reads on any background.
            if found["halo"] is None or contrast(found["outline"], found["halo"]) < 3:
                problems.append(f"{what}: halo {found['halo']} beside outline {found['outline']}")
            if not found["backgrounds"]:
                problems.append(f"{what}: no background found around it")
    assert problems == [], "\n".join(problems)
