"""In a real browser, the dark theme (prefers-color-scheme: dark) turns the page dark, and in both
themes the charts' text and marks and the focus ring keep WCAG 2.2 AA contrast with what is
actually behind them: 4.5:1 for text, 3:1 for chart marks, lines and focus rings. axe-core
(tests/test_browser_accessibility.py) checks neither SVG text nor focus rings, so these tests do.
"""

import pytest

from roles.importers.content import load_content
from tests.browser import chromium_page
from tests.catalogue import load_test_catalogue
from tests.test_browser_layout import FOCUS_COLOURS, contrast, relative_luminance

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THEMES = ["light", "dark"]
TEXT = 4.5
GRAPHIC = 3.0
# A role page: career paths with the role highlighted, quick facts on a tinted panel.
ROLE_PAGE = "/roles/legal-assistant/"
# A comparison with pay ranges and medians, and one with a work-mix bar.
PAY_RANGES = "/compare/lawyers-vs-paralegal-vs-paralegals-and-legal-assistants/"
WORK_MIX = "/compare/legal-assistant-vs-legal-secretary-vs-paralegal/"
# Pages whose every tab stop is measured: between them the skip link, the dark header and its
# search box, links on the page, on tinted panels and in the footer, the chart's dark heading and
# its scrolling region, filters and buttons on a tinted panel, and the picker's form fields.
TAB_THROUGH = [
    ROLE_PAGE,
    "/compare/legal-assistant-vs-legal-secretary/",
    "/roles/?sort=pay&pay=40000-59999",
    "/compare/paralegal/",
]
# A page with the header and footer that needs no content.
ANY_PAGE = "/roles/no-such-role/"

# Each chart's text and marks with the colours they are painted in and the colour behind them:
# the page behind the SVG (its first opaque background, walking up) or the shape they sit on.
CHART_COLOURS = """
() => {
  const style = (element) => getComputedStyle(element);
  const pageBehind = (svg) => {
    for (let box = svg.parentElement; box; box = box.parentElement) {
      const colour = style(box).backgroundColor;
      if (!/^rgba\\(.*, 0\\)$/.test(colour) && colour !== "transparent") return colour;
    }
    return "rgb(255, 255, 255)";  // the canvas
  };
  const found = [];
  const add = (mark, element, colours, behind) => found.push({
    mark, colours: [colours].flat().filter((colour) => colour !== "none"), behind,
    what: `${element.getAttribute("class")} "${element.textContent.trim().slice(0, 30)}"`,
  });
  for (const svg of document.querySelectorAll(".pay-chart-svg")) {
    const page = pageBehind(svg);
    for (const text of svg.querySelectorAll("text")) {
      add("pay chart text", text, style(text).fill, page);
    }
    for (const axis of svg.querySelectorAll(".pay-chart-axis")) {
      add("pay axis", axis, style(axis).stroke, page);
    }
    for (const row of svg.querySelectorAll(".pay-chart-row")) {
      const range = row.querySelector(".pay-chart-range");
      const median = row.querySelector(".pay-chart-median");
      if (range) add("pay range", range, style(range).fill, page);
      // A median sits on its range bar when there is one, else on the page.
      if (median) add("pay median", median, style(median).fill, range ? style(range).fill : page);
    }
  }
  for (const svg of document.querySelectorAll(".career-paths-svg")) {
    const page = pageBehind(svg);
    for (const node of svg.querySelectorAll(".career-paths-node")) {
      const box = node.querySelector("rect");
      add("career box text", node, style(node.querySelector("text")).fill, style(box).fill);
      // A box stands out from the page by its border, or by its fill where that is strong.
      add("career box", node, [style(box).stroke, style(box).fill], page);
    }
    for (const line of svg.querySelectorAll(".career-paths-line")) {
      add("career line", line, style(line).stroke, page);
    }
    for (const arrow of svg.querySelectorAll(".career-paths-arrow")) {
      add("career arrow", arrow, style(arrow.querySelector("path")).fill, page);
    }
  }
  for (const svg of document.querySelectorAll(".work-mix-bar")) {
    const page = pageBehind(svg);
    for (const share of svg.querySelectorAll("rect")) {
      add("work-mix share", share, style(share).fill, page);
    }
  }
  return found;
}
"""
# Each kind of chart mark and the contrast it needs.
MARKS = {
    "pay chart text": TEXT,
    "pay axis": GRAPHIC,
    "pay range": GRAPHIC,
    "pay median": GRAPHIC,
    "career box text": TEXT,
    "career box": GRAPHIC,
    "career line": GRAPHIC,
    "career arrow": GRAPHIC,
    "work-mix share": GRAPHIC,
}

# The newly focused element's focus colours (tests/test_browser_layout.py), or null once focus
# has left the page or come round to an element already measured.
NEXT_TAB_STOP = f"""
() => {{
  const element = document.activeElement;
  if (!element || element === document.body || element.dataset.focusMeasured) return null;
  element.dataset.focusMeasured = "yes";
  const what = `<${{element.tagName.toLowerCase()}}> "${{
    (element.textContent || element.name).trim().slice(0, 30)}}"`;
  return {{what, ...({FOCUS_COLOURS})(element)}};
}}
"""

# Colours no page that axe visits shows (drafts are for editors' eyes, the picker's suggestions
# come from a script, hover needs a pointer): the custom property painted, the one under it, the
# contrast needed.
UNSEEN_PAIRINGS = [
    ("--draft-ink", "--draft", TEXT),  # a draft badge, a notice
    ("--ink", "--draft", TEXT),  # a draft box's name in the career paths
    ("--accent", "--draft", TEXT),  # a link in a notice
    ("--draft-mark", "--paper", GRAPHIC),  # a draft box's border, a notice's stripe
    ("--draft-strong", "--paper", GRAPHIC),  # the border of the fit helper's notes
    ("--accent-ink", "--accent", TEXT),  # the suggestion picked in the compare picker
    ("--accent-ink", "--accent-hover", TEXT),  # a button under the pointer
]
# The custom properties as computed colours, through an element painted with each.
PALETTE = """
(names) => {
  const probe = document.body.appendChild(document.createElement("span"));
  const colours = Object.fromEntries(names.map((name) => {
    probe.style.color = `var(${name})`;
    return [name, getComputedStyle(probe).color];
  }));
  probe.remove();
  return colours;
}
"""


@pytest.fixture
def guide():
    load_test_catalogue()
    load_content()


def test_the_dark_theme_makes_the_page_dark_with_light_text_and_print_stays_light(live_server):
    colours = {}
    with chromium_page() as page:
        for media, theme in [("screen", "light"), ("screen", "dark"), ("print", "dark")]:
            page.emulate_media(media=media, color_scheme=theme)
            page.goto(f"{live_server.url}{ANY_PAGE}")
            colours[media, theme] = page.evaluate(
                """() => {
                  const root = getComputedStyle(document.documentElement);
                  const header = getComputedStyle(document.querySelector(".site-header"));
                  return {background: root.backgroundColor, text: root.color,
                          scheme: root.colorScheme, header: header.backgroundColor,
                          headerText: header.color};
                }"""
            )

    # The light theme is the one the guide has always had.
    light = colours["screen", "light"]
    assert (light["background"], light["text"]) == ("rgb(255, 255, 255)", "rgb(27, 31, 36)")
    assert light["scheme"] == "light"
    dark = colours["screen", "dark"]
    assert relative_luminance(dark["background"]) < 0.02
    assert relative_luminance(dark["text"]) > 0.6
    assert contrast(dark["text"], dark["background"]) >= 7
    # Form controls and scrollbars follow.
    assert dark["scheme"] == "dark"
    # The header stays a dark band with light text in both themes.
    for theme in (light, dark):
        assert relative_luminance(theme["header"]) < 0.02
        assert contrast(theme["headerText"], theme["header"]) >= 7
    # Light text on paper is unreadable: printing keeps dark text on white whatever the screen's.
    printed = colours["print", "dark"]
    assert relative_luminance(printed["background"]) > 0.9
    assert contrast(printed["text"], printed["background"]) >= 7
    assert printed["scheme"] == "light"


def test_chart_text_and_marks_contrast_with_what_is_behind_them_in_both_themes(live_server, guide):
    problems = []
    measured = set()
    with chromium_page() as page:
        for theme in THEMES:
            page.emulate_media(color_scheme=theme)
            for path in (ROLE_PAGE, PAY_RANGES, WORK_MIX):
                page.goto(f"{live_server.url}{path}")
                for found in page.evaluate(CHART_COLOURS):
                    measured.add(found["mark"])
                    ratio = max(contrast(colour, found["behind"]) for colour in found["colours"])
                    if ratio < MARKS[found["mark"]]:
                        problems.append(
                            f"{theme} {path}: {found['mark']} {found['what']} {found['colours']} "
                            f"on {found['behind']} {ratio:.2f}:1, needs {MARKS[found['mark']]}:1"
                        )

    # Every kind of mark was on the pages, so none went unmeasured.
    assert measured == set(MARKS)
    assert problems == [], "\n".join(problems)


def test_every_tab_stop_shows_a_focus_ring_that_stands_out_in_both_themes(live_server, guide):
    problems = []
    backgrounds = {theme: set() for theme in THEMES}
    with chromium_page() as page:
        for theme in THEMES:
            page.emulate_media(color_scheme=theme)
            for path in TAB_THROUGH:
                page.goto(f"{live_server.url}{path}")
                for _ in range(300):
                    page.keyboard.press("Tab")
                    found = page.evaluate(NEXT_TAB_STOP)
                    if found is None:
                        break
                    what = f"{theme} {path} {found['what']}"
                    if not found["focusVisible"] or found["outlineStyle"] != "solid":
                        problems.append(f"{what}: no visible focus outline")
                        continue
                    backgrounds[theme].update(found["backgrounds"])
                    for background in found["backgrounds"]:
                        ratio = contrast(found["outline"], background)
                        if ratio < GRAPHIC:
                            problems.append(
                                f"{what}: outline {found['outline']} on {background} {ratio:.2f}:1"
                            )
                    # The halo inside the outline is the other tone: the ring reads on any element.
                    if found["halo"] is None or contrast(found["outline"], found["halo"]) < GRAPHIC:
                        problems.append(f"{what}: halo {found['halo']} by {found['outline']}")

    # The ring was measured on the page, tinted panels and the dark header in each theme.
    assert all(len(seen) >= 3 for seen in backgrounds.values()), backgrounds
    assert problems == [], "\n".join(problems)


def test_colours_only_editors_scripts_or_a_pointer_show_keep_their_contrast_in_both_themes(
    live_server,
):
    names = sorted({name for painted, under, _ in UNSEEN_PAIRINGS for name in (painted, under)})
    problems = []
    with chromium_page() as page:
        for theme in THEMES:
            page.emulate_media(color_scheme=theme)
            page.goto(f"{live_server.url}{ANY_PAGE}")
            palette = page.evaluate(PALETTE, names)
            for painted, under, need in UNSEEN_PAIRINGS:
                ratio = contrast(palette[painted], palette[under])
                if ratio < need:
                    problems.append(f"{theme}: {painted} on {under} {ratio:.2f}:1, needs {need}:1")
    assert problems == [], "\n".join(problems)
