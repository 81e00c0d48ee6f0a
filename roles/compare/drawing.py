"""Geometry for the pictures drawn on the server as inline SVG: the pay chart and the career paths.

Functions here return plain dataclasses with every coordinate worked out; the templates
`roles/_pay_chart.html` and `roles/_career_paths.html` only place them.
"""

import math
import textwrap
from dataclasses import dataclass, field
from itertools import pairwise

from django.contrib.humanize.templatetags.humanize import intcomma

from roles.compare.chart import PAY_RANGES, pay_range
from roles.models import CareerMove, Figure, FigureMetric, Role

# Pay chart layout, in SVG user units (the SVG scales to its container through its viewBox).
PAY_WIDTH = 400
PAY_SIDE_MARGIN = 22
PAY_TOP = 8
PAY_ROW_HEIGHT = 52
PAY_TITLE_CHARS = 42
# Rough width of one character of a value label, to tell whether it fits beside its mark.
PAY_LABEL_CHAR_WIDTH = 9
PAY_LABEL_GAP = 10
PAY_MAX_INTERVALS = 8
PAY_RANGE_HEIGHT = 12
PAY_MEDIAN_RADIUS = 7
NICE_STEPS = (1, 2, 5)


def dollars(value):
    return f"${intcomma(round(value))}"


def _short_dollars(value):
    """Axis labels: '$0', '$40k', '$1m'."""
    if value >= 1_000_000 and value % 1_000_000 == 0:
        return f"${value // 1_000_000:g}m"
    if value >= 1000 and value % 1000 == 0:
        return f"${value // 1000:g}k"
    return dollars(value)


def _fit(text, limit):
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def nice_axis_max(highest):
    """A round step and the axis end it gives, so that 0..end holds `highest` in few intervals."""
    if highest <= 0:
        return 1000, 1000
    magnitude = 10 ** math.floor(math.log10(highest / PAY_MAX_INTERVALS))
    for scale in (1, 10):
        for nice in NICE_STEPS:
            step = nice * magnitude * scale
            intervals = math.ceil(highest / step)
            if intervals <= PAY_MAX_INTERVALS:
                return step, step * intervals
    raise AssertionError("unreachable: a step ten times larger always fits")


@dataclass
class Tick:
    value: float
    x: float
    label: str


@dataclass
class PayRow:
    job: object  # a curated role or an occupation
    median: Figure | None
    low: Figure | None
    high: Figure | None
    range_label: str
    title_text: str
    title_y: float
    bar_y: float
    median_x: float | None = None
    low_x: float | None = None
    high_x: float | None = None
    label_x: float | None = None
    label_anchor: str = "start"
    hourly: Figure | None = None  # the median, where BLS publishes hourly pay only

    @property
    def has_range(self):
        return self.low is not None

    @property
    def range_top(self):
        return self.bar_y - PAY_RANGE_HEIGHT / 2

    @property
    def note_y(self):
        return self.bar_y + 5

    @property
    def range_width(self):
        return round(self.high_x - self.low_x, 1) if self.has_range else 0

    @property
    def median_label(self):
        if not self.median:
            return ""
        return dollars(self.median.value) + (" or more" if self.median.top_coded else "")

    @property
    def high_label(self):
        """Said after the range's top when it is published only as "this much or more"."""
        return " or more" if self.high is not None and self.high.top_coded else ""

    @property
    def figures(self):
        """Every figure this row draws, so each can be cited."""
        return [f for f in (self.median, self.low, self.high, self.hourly) if f is not None]


@dataclass
class PayChart:
    dom_id: str
    rows: list
    ticks: list
    width: int
    height: float
    plot_left: float
    plot_right: float
    plot_top: float
    axis_y: float
    axis_max: float
    title: str
    description: str

    @property
    def has_figures(self):
        return any(row.figures for row in self.rows)

    @property
    def has_ranges(self):
        return any(row.has_range for row in self.rows)

    @property
    def range_labels(self):
        return sorted({row.range_label for row in self.rows if row.has_range})

    @property
    def range_height(self):
        return PAY_RANGE_HEIGHT

    @property
    def median_radius(self):
        return PAY_MEDIAN_RADIUS

    @property
    def tick_label_y(self):
        return self.axis_y + 20

    @property
    def axis_title_y(self):
        return self.axis_y + 42

    @property
    def axis_title_x(self):
        return (self.plot_left + self.plot_right) / 2


def _place_label(row, plot_right):
    """Put the median's label just right of the row's marks, or just left when it will not fit."""
    if not row.median:
        return
    right = row.high_x if row.has_range else row.median_x + PAY_MEDIAN_RADIUS
    left = row.low_x if row.has_range else row.median_x - PAY_MEDIAN_RADIUS
    width = len(row.median_label) * PAY_LABEL_CHAR_WIDTH
    if right + PAY_LABEL_GAP + width <= plot_right:
        row.label_x, row.label_anchor = round(right + PAY_LABEL_GAP, 1), "start"
    else:
        row.label_x, row.label_anchor = round(left - PAY_LABEL_GAP, 1), "end"


def _describe_pay(rows):
    parts = []
    for row in rows:
        title = row.job.title
        if row.median:
            text = f"{title}: median {row.median_label} a year"
        elif row.hourly:
            parts.append(f"{title}: hourly pay only, median {row.hourly.shown}.")
            continue
        elif row.has_range:
            text = f"{title}: no published median"
        else:
            parts.append(f"{title}: no published pay figure.")
            continue
        if row.has_range:
            text += (
                f", {row.range_label} {dollars(row.low.value)} to "
                f"{dollars(row.high.value)}{row.high_label}"
            )
        parts.append(text + ".")
    return " ".join(parts)


def pay_chart(jobs, *, dom_id="pay-chart", title="Annual pay by job"):
    """Each job's median annual pay and pay range on one shared dollar axis starting at $0.

    `jobs` are curated roles with their figures fetched (`with_figures()` or `with_profile()`) or
    occupations with their OEWS row; the chart makes no queries. Hourly-only pay is stated, not
    drawn on the annual axis.
    """
    plot_left = PAY_SIDE_MARGIN
    plot_right = PAY_WIDTH - PAY_SIDE_MARGIN
    rows = []
    values = []
    for index, job in enumerate(jobs):
        figures = job.figures_by_metric()
        median = figures.get(FigureMetric.MEDIAN_PAY)
        low, high, range_label = pay_range(figures, PAY_RANGES)  # annual: one dollar axis
        top = PAY_TOP + index * PAY_ROW_HEIGHT
        rows.append(
            PayRow(
                job=job,
                median=median,
                low=low,
                high=high,
                range_label=range_label,
                title_text=_fit(job.title, PAY_TITLE_CHARS),
                title_y=top + 18,
                bar_y=top + 36,
                hourly=None if median or low else figures.get("median_hourly"),
            )
        )
        values.extend(float(f.value) for f in (median, low, high) if f is not None)

    step, axis_max = nice_axis_max(max(values, default=0))

    def x_of(value):
        return round(plot_left + float(value) / axis_max * (plot_right - plot_left), 1)

    for row in rows:
        if row.median:
            row.median_x = x_of(row.median.value)
        if row.has_range:
            row.low_x, row.high_x = x_of(row.low.value), x_of(row.high.value)
        _place_label(row, plot_right)

    intervals = round(axis_max / step)
    ticks = [
        Tick(value=step * i, x=x_of(step * i), label=_short_dollars(step * i))
        for i in range(intervals + 1)
    ]
    axis_y = PAY_TOP + len(rows) * PAY_ROW_HEIGHT + 4
    return PayChart(
        dom_id=dom_id,
        rows=rows,
        ticks=ticks,
        width=PAY_WIDTH,
        height=axis_y + 52,
        plot_left=plot_left,
        plot_right=plot_right,
        plot_top=PAY_TOP,
        axis_y=axis_y,
        axis_max=axis_max,
        title=title,
        description=_describe_pay(rows),
    )


# Career paths layout, in SVG user units.
BOX_WIDTH = 168
COLUMN_GAP = 48
BOX_GAP = 18
LINE_HEIGHT = 18
BOX_PADDING = 10
WRAP_CHARS = 18
DIAGRAM_MARGIN = 12
# A move that skips columns passes through them in a lane this tall, so it never crosses a box.
LANE_HEIGHT = 4
ORDERING_SWEEPS = 4
# The smallest scale the diagram is drawn at; narrower screens scroll it sideways instead. Since the
# Content-Security-Policy allows no style attributes, static/css/site.css holds the minimum width
# for each column count (`.career-paths-svg[data-columns="N"]`).
DIAGRAM_MIN_SCALE = 0.75


def diagram_width(columns):
    """The career paths diagram's width, in SVG user units (pixels at full size), for `columns`."""
    return 2 * DIAGRAM_MARGIN + columns * BOX_WIDTH + max(columns - 1, 0) * COLUMN_GAP


@dataclass
class TextLine:
    x: float
    y: float
    text: str


@dataclass
class PathNode:
    """A box in the diagram: a role in the guide, or a destination title beyond it."""

    key: tuple
    label: str
    role: Role | None = None
    column: int = 0
    x: float = 0
    y: float = 0
    width: float = BOX_WIDTH
    height: float = 0
    current: bool = False
    lines: list = field(default_factory=list)

    @property
    def in_guide(self):
        return self.role is not None

    @property
    def is_draft(self):
        return self.role is not None and not self.role.is_published

    @property
    def url(self):
        return self.role.get_absolute_url() if self.role else ""

    @property
    def middle_y(self):
        return self.y + self.height / 2


@dataclass
class Lane:
    """Where a line passes through a column it skips."""

    key: tuple
    column: int = 0
    x: float = 0
    y: float = 0
    width: float = BOX_WIDTH
    height: float = LANE_HEIGHT

    @property
    def middle_y(self):
        return self.y + self.height / 2


@dataclass
class PathEdge:
    """One career move, as the list under the diagram shows it."""

    move: CareerMove
    source: PathNode
    target: PathNode

    @property
    def current(self):
        return self.source.current or self.target.current


@dataclass
class PathLine:
    """One line drawn between two boxes, with an arrowhead at each end a move arrives at."""

    start: PathNode
    end: PathNode
    path: str = ""
    arrow_at_start: bool = False
    arrow_at_end: bool = False

    @property
    def current(self):
        return self.start.current or self.end.current

    @property
    def two_way(self):
        return self.arrow_at_start and self.arrow_at_end


@dataclass
class CareerPaths:
    dom_id: str
    nodes: list
    lines: list
    edges: list
    columns: int
    width: float
    height: float
    current: Role | None
    title: str
    description: str

    @property
    def min_width(self):
        return round(self.width * DIAGRAM_MIN_SCALE)

    @property
    def highlighted(self):
        """The current role's box, when the current role takes part in any move."""
        return next((node for node in self.nodes if node.current), None)


def _node_key(move):
    if move.to_role_id:
        return ("role", move.to_role_id)
    return ("title", " ".join(move.to_title.split()).casefold())


def _shown_moves(field_roles, moves):
    """Moves out of the roles shown (`moves` already leave out destinations the reader can't see)."""
    shown_ids = {role.pk for role in field_roles}
    return [move for move in moves if move.from_role_id in shown_ids]


def _graph(moves, current):
    """The diagram's boxes (keyed by role or by destination title) and who leads where."""
    nodes = {}
    successors = {}
    for move in moves:
        source, target = ("role", move.from_role_id), _node_key(move)
        for key, role, label in (
            (source, move.from_role, move.from_role.title),
            (target, move.to_role, move.destination_title.strip()),
        ):
            if key not in nodes:
                is_current = role is not None and current is not None and role.pk == current.pk
                nodes[key] = PathNode(key, label, role=role, current=is_current)
                successors[key] = []
        if target not in successors[source]:
            successors[source].append(target)
    return nodes, successors


def _forward_pairs(order, successors):
    """The moves left once every move closing a cycle is set aside (iterative depth-first search)."""
    state = {}  # node key -> "open" while on the search path, "done" after
    forward = set()
    for start in order:
        if start in state:
            continue
        state[start] = "open"
        stack = [(start, iter(successors[start]))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = "done"
                stack.pop()
            elif child not in state:
                forward.add((node, child))
                state[child] = "open"
                stack.append((child, iter(successors[child])))
            elif state[child] == "done":
                forward.add((node, child))
            # A move to an "open" node closes a cycle: it is drawn backwards and sets no depth.
    return forward


def _depths(order, forward):
    """Longest-path depth of each node over the acyclic forward moves."""
    depth = dict.fromkeys(order, 0)
    incoming = dict.fromkeys(order, 0)
    outgoing = {key: [] for key in order}
    for source, target in forward:
        incoming[target] += 1
        outgoing[source].append(target)
    ready = [key for key in order if incoming[key] == 0]
    while ready:
        node = ready.pop(0)
        for target in outgoing[node]:
            depth[target] = max(depth[target], depth[node] + 1)
            incoming[target] -= 1
            if incoming[target] == 0:
                ready.append(target)
    return depth


def _order_columns(columns, links):
    """Sweep left and right, sorting each column by where its neighbours sit, so lines cross less."""
    before = {item.key: [] for column in columns.values() for item in column}
    after = {key: [] for key in before}
    for left, right in links:
        before[right].append(left)
        after[left].append(right)
    position = {}
    for column in columns.values():
        for index, item in enumerate(column):
            position[item.key] = (index + 0.5) / len(column)
    for sweep in range(ORDERING_SWEEPS):
        rightwards = sweep % 2 == 0
        neighbours = before if rightwards else after
        for column in sorted(columns, reverse=not rightwards):
            items = columns[column]

            def barycentre(item, neighbours=neighbours):
                placed = [position[key] for key in neighbours[item.key]]
                return sum(placed) / len(placed) if placed else position[item.key]

            items.sort(key=lambda item, rank=barycentre: (rank(item), position[item.key]))
            for index, item in enumerate(items):
                position[item.key] = (index + 0.5) / len(items)


def _column_height(items):
    return sum(item.height for item in items) + BOX_GAP * (len(items) - 1)


def _place(columns):
    """Size every box to its wrapped label and stack each column, centred on the tallest."""
    texts = {}
    for items in columns.values():
        for item in items:
            if isinstance(item, PathNode):
                texts[item.key] = textwrap.wrap(item.label, WRAP_CHARS) or [item.label]
                if item.is_draft:
                    texts[item.key].append("(draft)")
                item.height = 2 * BOX_PADDING + LINE_HEIGHT * len(texts[item.key])
    tallest = max((_column_height(items) for items in columns.values()), default=0)
    for column, items in columns.items():
        y = DIAGRAM_MARGIN + (tallest - _column_height(items)) / 2
        for item in items:
            item.column = column
            item.x = DIAGRAM_MARGIN + column * (BOX_WIDTH + COLUMN_GAP)
            item.y = round(y, 1)
            y += item.height + BOX_GAP
            if isinstance(item, PathNode):
                item.lines = [
                    TextLine(
                        x=item.x + BOX_PADDING,
                        y=round(item.y + BOX_PADDING + LINE_HEIGHT * (i + 1) - 5, 1),
                        text=text,
                    )
                    for i, text in enumerate(texts[item.key])
                ]
    return tallest


def _line_path(start, lanes, end):
    """A smooth line from the right of `start`, along its lanes, into the left of `end`."""
    x, y = start.x + start.width, start.middle_y
    commands = [f"M{x:g},{y:g}"]
    for stop in [*lanes, end]:
        x2, y2 = stop.x, stop.middle_y
        bend = (x2 - x) / 2
        commands.append(f"C{x + bend:g},{y:g} {x2 - bend:g},{y2:g} {x2:g},{y2:g}")
        x, y = x2, y2
        if stop is not end:
            x = stop.x + stop.width
            commands.append(f"L{x:g},{y:g}")
    return " ".join(commands)


def _describe_paths(edges):
    text = "; ".join(f"{edge.source.label} to {edge.target.label}" for edge in edges)
    text = f"Career moves: {text}." if text else "No career moves are listed."
    current = {node.label for edge in edges for node in (edge.source, edge.target) if node.current}
    if current:
        text += f" {current.pop()}, the role on this page, is highlighted."
    return text


def career_paths(field_roles, moves, current=None, *, dom_id="career-paths", title="Career paths"):
    """A layered diagram of the moves out of `field_roles`, with roles in columns by path depth.

    `field_roles` are the roles the reader may see (from `Role.objects.visible_to`); `moves` come
    from `CareerMove.objects.out_of_field` with `from_role` and `to_role` selected. Moves from other roles are left out. A move that closes a cycle (A to B and B to A) is drawn
    pointing back along the line, so each pair of boxes has at most one line. Makes no queries.
    """
    moves = _shown_moves(field_roles, moves)
    nodes, successors = _graph(moves, current)
    has_incoming = {target for targets in successors.values() for target in targets}
    by_label = sorted(nodes, key=lambda key: (nodes[key].label.casefold(), key))
    # Search from the boxes nothing leads to first, so paths read from entry roles onwards.
    order = [key for key in by_label if key not in has_incoming] + [
        key for key in by_label if key in has_incoming
    ]
    forward = _forward_pairs(order, successors)
    depth = _depths(order, forward)

    # Each pair of boxes gets one line, drawn left to right; moves against it arrow its start.
    lines = {}
    for source, targets in successors.items():
        for target in targets:
            pair = (source, target) if (source, target) in forward else (target, source)
            line = lines.setdefault(pair, PathLine(nodes[pair[0]], nodes[pair[1]]))
            if pair[1] == target:
                line.arrow_at_end = True
            else:
                line.arrow_at_start = True

    columns = {}
    for key in by_label:
        columns.setdefault(depth[key], []).append(nodes[key])
    rank = {key: index for index, key in enumerate(by_label)}
    lanes = {}
    links = []
    for left, right in sorted(lines, key=lambda pair: (rank[pair[0]], rank[pair[1]])):
        lanes[(left, right)] = [
            Lane(("lane", left, right, column), column=column)
            for column in range(depth[left] + 1, depth[right])
        ]
        for lane in lanes[(left, right)]:
            columns[lane.column].append(lane)
        links.extend(pairwise([left, *(lane.key for lane in lanes[(left, right)]), right]))

    _order_columns(columns, links)
    tallest = _place(columns)
    for pair, line in lines.items():
        line.path = _line_path(line.start, lanes[pair], line.end)

    edges = [
        PathEdge(
            move=move, source=nodes[("role", move.from_role_id)], target=nodes[_node_key(move)]
        )
        for move in moves
    ]
    edges.sort(
        key=lambda edge: (edge.source.column, edge.source.y, edge.move.order, edge.move.pk or 0)
    )
    column_count = len(columns)
    return CareerPaths(
        dom_id=dom_id,
        nodes=sorted(nodes.values(), key=lambda node: (node.column, node.y)),
        # The current role's lines come last so they are drawn on top.
        lines=sorted(
            lines.values(),
            key=lambda line: (line.current, line.start.column, line.start.y, line.end.y),
        ),
        edges=edges,
        columns=column_count,
        width=diagram_width(column_count),
        height=round(tallest + 2 * DIAGRAM_MARGIN, 1),
        current=current,
        title=title,
        description=_describe_paths(edges),
    )
