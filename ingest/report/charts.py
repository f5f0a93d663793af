"""The report's charts: Vega-Lite specs (altair) rendered to static SVG by vl-convert, so the page needs no
JavaScript and no network. Every label a reader sees is text the report formatted from Decimal (fmt.py); the
floats given to Vega only place marks. Each SVG carries a <title> and <desc> (its text alternative), and nothing
depends on colour alone: the waste quadrant is a dashed, labelled area and its teams a distinct shape."""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from decimal import Decimal

import altair as alt
import pandas as pd
import vl_convert

from ingest.report import fmt
from ingest.report.data import Row

FONT = "Helvetica, Arial, sans-serif"
INK, MUTED, WASTE = "#1f2933", "#616e7c", "#c0392b"
QUADRANTS = {  # mart_spend_efficiency.quadrant -> legend text, point shape, colour
    "high_spend_low_outcomes": ("High spend, low outcomes (waste)", "triangle-up", WASTE),
    "high_spend_high_outcomes": ("High spend, high outcomes", "circle", "#2f6db5"),
    "low_spend_high_outcomes": ("Low spend, high outcomes", "diamond", "#2e8b57"),
    "low_spend_low_outcomes": ("Low spend, low outcomes", "square", "#7b8794"),
}
TYPE_LABELS = {"pr_merged": "per merged PR", "issue_resolved": "per resolved issue"}


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    desc: str  # the text alternative: what the chart shows, in a sentence or two
    svg: str


def _place(value: Decimal) -> float:
    """Where a mart's exact value puts a mark on the page: a coordinate for Vega, never a figure anyone reads or
    adds (the labels are text fmt.py formats from the Decimal). The one place the report leaves Decimal."""
    return float(value)


def _config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return chart.configure(font=FONT, background="white").configure_view(stroke=None).configure_axis(
        labelColor=MUTED, titleColor=INK, gridColor="#e4e7eb", domainColor="#cbd2d9", labelFontSize=11,
        titleFontSize=12,
    ).configure_legend(labelColor=INK, titleColor=INK, labelFontSize=11, orient="bottom", columns=2, labelLimit=320)


def render(key: str, title: str, desc: str, chart: alt.TopLevelMixin) -> Figure:
    svg = vl_convert.vegalite_to_svg(_config(chart).to_json())
    return Figure(key, title, desc, _accessible(svg, key, title, desc))


def _accessible(svg: str, key: str, title: str, desc: str) -> str:
    """Vega's SVG names no chart: give it role img, a <title> and a <desc>, and let it shrink to the page."""
    opening = re.match(r"<svg\b[^>]*>", svg)
    if opening is None:
        raise ValueError("vl-convert returned no <svg> element")
    head = opening.group(0)
    width = re.search(r'\swidth="([\d.]+)"', head)
    style = f' style="max-width:{width.group(1)}px"' if width else ""
    head = head[:-1] + f' role="img" aria-labelledby="{key}-title {key}-desc"{style}>'
    alt_text = f'<title id="{key}-title">{html.escape(title)}</title><desc id="{key}-desc">{html.escape(desc)}</desc>'
    return head + alt_text + svg[opening.end():]


QUADRANT_HEIGHT, LABEL_GAP = 380, 14  # pixels


def _place_labels(points: list[tuple[float, float]], height: float) -> list[tuple[float, float]]:
    """Label positions (pixels; y down) for points at (x, y) pixels. Teams near the median cluster: a cluster's
    labels stand LABEL_GAP apart in the points' top-to-bottom order, centred on it, each joined to its point by a
    leader line: in one column to its right for six points or more, else beside their points. A lone point is
    labelled beside itself."""
    cluster = list(range(len(points)))  # union-find over points closer than a label's reach

    def root(i: int) -> int:
        while cluster[i] != i:
            i = cluster[i]
        return i

    for i, (xi, yi) in enumerate(points):
        for j, (xj, yj) in enumerate(points[:i]):
            if abs(xi - xj) < 120 and abs(yi - yj) < 2 * LABEL_GAP:
                cluster[root(i)] = root(j)
    placed: list[tuple[float, float]] = [(x + 12, y) for x, y in points]
    for group in {root(i) for i in range(len(points))}:
        members = sorted((i for i in range(len(points)) if root(i) == group), key=lambda i: points[i][1])
        if len(members) < 2:
            continue
        column = max(points[i][0] for i in members) + 36
        centre = sum(points[i][1] for i in members) / len(members)
        first = min(max(centre - LABEL_GAP * (len(members) - 1) / 2, 6), height - 6 - LABEL_GAP * (len(members) - 1))
        for rank, i in enumerate(members):  # a small cluster keeps its labels beside their points, nudged apart
            placed[i] = (column if len(members) > 5 else points[i][0] + 12, first + rank * LABEL_GAP)
    return placed


@dataclass(frozen=True)
class _Axis:
    """A scale's domain to pixels and back, to place labels in pixels and give Vega their data values."""

    low: float
    high: float
    size: float
    log: bool = False
    down: bool = False  # y: pixels grow downwards

    def _t(self, value: float) -> float:
        return math.log(value) if self.log else value

    def px(self, value: float) -> float:
        share = (self._t(value) - self._t(self.low)) / (self._t(self.high) - self._t(self.low))
        return (1 - share if self.down else share) * self.size

    def value(self, px: float) -> float:
        share = 1 - px / self.size if self.down else px / self.size
        t = self._t(self.low) + share * (self._t(self.high) - self._t(self.low))
        return math.exp(t) if self.log else t


def _scatter(rows: list[Row], across: _Axis, up: _Axis, title: str, y_title: str) -> alt.LayerChart:
    """One view of the quadrant: the waste area (dashed, shaded, named), the median lines, a shape per quadrant."""
    spend_line = _place(rows[0]["spend_per_head_threshold"])
    outcome_line = _place(rows[0]["outcomes_per_head_threshold"])
    inside = [r for r in rows if across.low <= _place(r["outcomes_per_head"]) <= across.high
              and up.low <= _place(r["spend_per_head"]) <= up.high]  # fmt: skip
    spots = [(across.px(_place(r["outcomes_per_head"])), up.px(_place(r["spend_per_head"]))) for r in inside]
    frame = pd.DataFrame([{
        "x": _place(r["outcomes_per_head"]), "y": _place(r["spend_per_head"]), "quadrant": QUADRANTS[r["quadrant"]][0],
        "label": r["team_name"] + (" ▲ waste" if r["quadrant"] == "high_spend_low_outcomes" else ""),
        "label_x": across.value(lx), "label_y": up.value(ly),
    } for r, (lx, ly) in zip(inside, _place_labels(spots, up.size), strict=True)])  # fmt: skip
    x = alt.X("x:Q", title="Weighted outcomes per head (per person-month)",
              scale=alt.Scale(domain=[across.low, across.high], nice=False, clamp=True))  # fmt: skip
    y = alt.Y("y:Q", title=y_title, scale=alt.Scale(type="log" if up.log else "linear",
                                                      domain=[up.low, up.high], nice=False, clamp=True))  # fmt: skip
    area = {"x": across.low, "x2": min(outcome_line, across.high), "y": max(spend_line, up.low), "y2": up.high}
    waste = alt.Chart(pd.DataFrame([area])).mark_rect(
        color="#fdecea", stroke=WASTE, strokeDash=[6, 4], strokeWidth=1.5
    ).encode(x=x, x2="x2:Q", y=y, y2="y2:Q")
    corner = alt.Chart(pd.DataFrame([{"x": across.value(8), "y": up.value(10)}])).mark_text(
        text="WASTE: high spend, low outcomes", color=WASTE, fontWeight="bold", fontSize=12, align="left"
    ).encode(x=x, y=y)
    rules = alt.layer(
        alt.Chart(pd.DataFrame([{"y": spend_line}])).mark_rule(color=MUTED, strokeDash=[2, 2]).encode(y=y),
        alt.Chart(pd.DataFrame([{"x": outcome_line}])).mark_rule(color=MUTED, strokeDash=[2, 2]).encode(x=x),
    )
    leaders = alt.Chart(frame).mark_rule(color="#9aa5b1", strokeWidth=0.7).encode(
        x=x, y=y, x2="label_x:Q", y2="label_y:Q"
    )
    names, shapes, colours = (list(v) for v in zip(*QUADRANTS.values(), strict=True))
    points = alt.Chart(frame).mark_point(filled=True, size=120, opacity=0.95, stroke="white", strokeWidth=0.8).encode(
        x=x, y=y,
        shape=alt.Shape("quadrant:N", title=None, scale=alt.Scale(domain=names, range=shapes)),
        color=alt.Color("quadrant:N", title=None, scale=alt.Scale(domain=names, range=colours)),
    )
    labels = alt.Chart(frame).mark_text(align="left", baseline="middle", dx=2, fontSize=11, color=INK).encode(
        x="label_x:Q", y="label_y:Q", text="label:N"
    )
    return alt.layer(waste, corner, rules, leaders, points, labels).properties(
        width=across.size, height=up.size, title=alt.Title(title, anchor="start", fontSize=13, color=INK)
    )


def quadrant(rows: list[Row], currency: str) -> Figure:
    """All teams on a log scale, and beside it a linear close-up of the teams near the median, where they
    crowd; the close-up is left out when fewer than three teams are near it."""
    spend_line = _place(rows[0]["spend_per_head_threshold"])
    outcome_line = _place(rows[0]["outcomes_per_head_threshold"])
    xs, ys = [_place(r["outcomes_per_head"]) for r in rows], [_place(r["spend_per_head"]) for r in rows]
    whole = _scatter(
        rows, _Axis(0, max(*xs, outcome_line) * 1.3, 420),
        _Axis(min(*ys, spend_line) / 1.5, max(*ys, spend_line) * 1.8, QUADRANT_HEIGHT, log=True, down=True),
        "Every team", f"Spend per head ({currency}, log scale)",
    )  # fmt: skip
    near = [(x, y) for x, y in zip(xs, ys, strict=True)
            if 2 / 3 < x / outcome_line < 3 / 2 and 2 / 3 < y / spend_line < 3 / 2]  # fmt: skip
    chart: alt.TopLevelMixin = whole
    if len(near) >= 3:
        (x_low, x_high), (y_low, y_high) = ((min(v), max(v)) for v in zip(*near, strict=True))
        x_pad, y_pad = max(x_high - x_low, 0.1) * 0.12, max(y_high - y_low, 1) * 0.12
        close_up = _scatter(
            rows, _Axis(min(x_low, outcome_line) - x_pad, max(x_high, outcome_line) + 3.5 * x_pad, 380),
            _Axis(min(y_low, spend_line) - y_pad, max(y_high, spend_line) + 2.5 * y_pad, QUADRANT_HEIGHT, down=True),
            "Close-up: the teams near the median", f"Spend per head ({currency})",
        )  # fmt: skip
        chart = alt.hconcat(whole, close_up, spacing=36)
    waste_teams = [r["team_name"] for r in rows if r["quadrant"] == "high_spend_low_outcomes"]
    median_spend = fmt.money(rows[0]["spend_per_head_threshold"], currency)
    desc = (
        f"Scatter of {len(rows)} teams: weighted outcomes per head across, spend per head up"
        + (", with a close-up of the teams near the median" if len(near) >= 3 else "")
        + f". Dashed lines are the median team ({median_spend} "
        f"per head, {rows[0]['outcomes_per_head_threshold']:.2f} outcomes per head). Waste quadrant (top left, "
        "dashed and shaded, teams drawn as triangles): " + (", ".join(waste_teams) if waste_teams else "no team") + "."
    )  # fmt: skip
    return render("quadrant", "Spend against outcomes, per head, by team", desc, chart)


def trend(rows: list[Row], month_names: list[str]) -> Figure:
    frame = pd.DataFrame([{
        "team": r["team_name"], "month": f"{r['period_month']:%Y-%m}", "cost": _place(r["cost_per_outcome"]),
        "type": TYPE_LABELS[r["outcome_type"]],
    } for r in rows])  # fmt: skip
    types = list(TYPE_LABELS.values())
    base = alt.Chart(frame).encode(
        x=alt.X("month:O", title=None, sort=month_names, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("cost:Q", title=None, scale=alt.Scale(zero=False, nice=True), axis=alt.Axis(tickCount=3)),
        strokeDash=alt.StrokeDash("type:N", title="Cost", scale=alt.Scale(domain=types, range=[[1, 0], [5, 3]])),
        shape=alt.Shape("type:N", title="Cost", scale=alt.Scale(domain=types, range=["circle", "square"])),
        color=alt.Color("type:N", title="Cost", scale=alt.Scale(domain=types, range=["#2f6db5", "#d9822b"])),
    )
    layered = alt.layer(base.mark_line(strokeWidth=2), base.mark_point(filled=True, size=40)).properties(
        width=190, height=100
    )
    chart = layered.facet(
        facet=alt.Facet("team:N", title=None, header=alt.Header(labelFontSize=12, labelFontWeight="bold")),
        columns=4,
    ).resolve_scale(y="independent")
    desc = (
        f"Small multiples, one per team ({frame['team'].nunique()} teams), of the mean AI cost per merged PR "
        f"(solid line, circles) and per resolved issue (dashed line, squares) over {', '.join(month_names)}; "
        "each team has its own vertical scale. The values are in the table below."
    )
    return render("trend", "Cost per outcome by team, month by month", desc, chart)


def _bars(
    key: str, title: str, desc: str, frame: pd.DataFrame, colour: alt.Color | str, mark_at: float | None = None
) -> Figure:
    """Horizontal bars, largest first, each labelled with its exact amount (text, not Vega's number format)."""
    y = alt.Y("name:N", title=None, sort=list(frame["name"]), axis=alt.Axis(labelLimit=260))
    x = alt.X("value:Q", title=None, axis=alt.Axis(labels=False, ticks=False, grid=False, domain=False),
              scale=alt.Scale(domain=[min(0, frame["value"].min()),
                                      max(frame["value"].max(), mark_at or 0) * 1.25]))  # fmt: skip
    if isinstance(colour, alt.Color):
        bars = alt.Chart(frame).mark_bar(height=16, cornerRadiusEnd=2).encode(x=x, y=y, color=colour)
    else:
        bars = alt.Chart(frame).mark_bar(height=16, cornerRadiusEnd=2, color=colour).encode(x=x, y=y)
    text = alt.Chart(frame).mark_text(align="left", dx=5, fontSize=11, color=INK).encode(x=x, y=y, text="label:N")
    layers = [bars, text]
    if mark_at is not None:  # a reference line (100% of budget) under the bars, dashed so it reads without colour
        rule = alt.Chart(pd.DataFrame([{"value": mark_at}])).mark_rule(color=INK, strokeDash=[4, 3]).encode(x=x)
        layers.insert(0, rule)
    return render(key, title, desc, alt.layer(*layers).properties(width=700, height=26 * len(frame)))


def spend_by_model(rows: list[Row], currency: str) -> Figure:
    frame = pd.DataFrame([{
        "name": f"{r['provider']} · {r['model']}", "provider": r["provider"], "value": _place(r["billed_cost"]),
        "label": fmt.money(r["billed_cost"], currency),
    } for r in rows])  # fmt: skip
    colour = alt.Color("provider:N", title="Provider", scale=alt.Scale(range=["#2f6db5", "#d9822b", "#2e8b57", MUTED]))
    top = rows[0]
    desc = (
        f"Bars of the month's billed AI cost for {len(rows)} provider and model pairs, largest first; the largest is "
        f"{top['provider']} {top['model']} at {fmt.money(top['billed_cost'], currency)}. Each bar is labelled with "
        "its amount and named by provider and model."
    )
    return _bars("spend-by-model", "Spend by provider and model", desc, frame, colour)


def unattributed_by_reason(rows: list[Row], currency: str) -> Figure:
    shown = [r for r in rows if r["cost"]]
    frame = pd.DataFrame([{
        "name": r["reason"].replace("_", " "), "value": _place(r["cost"]), "label": fmt.money(r["cost"], currency),
    } for r in shown])  # fmt: skip
    desc = "Bars of the month's spend that reached no outcome, by reason: " + "; ".join(
        f"{r['reason'].replace('_', ' ')} {fmt.money(r['cost'], currency)}" for r in shown
    ) + "."
    return _bars("unattributed", "Spend that reached no outcome, by reason", desc, frame, "#7b8794")


def budgets(rows: list[Row]) -> Figure:
    levels = {"over": "#c0392b", "warning": "#d9822b", "ok": "#2e8b57"}
    frame = pd.DataFrame([{
        "name": f"{r['scope_name']} ({r['scope_kind'].replace('_', ' ')})", "level": r["alert_level"],
        "value": _place(r["forecast_pct_of_budget"]),
        "label": f"{fmt.percent(r['forecast_pct_of_budget'] / 100)} · {r['alert_level'].upper()}",
    } for r in rows if r["forecast_pct_of_budget"] is not None])  # fmt: skip
    colour = alt.Color("level:N", title="Alert", scale=alt.Scale(domain=list(levels), range=list(levels.values())))
    over = [r["scope_name"] for r in rows if r["alert_level"] != "ok"]
    desc = (
        f"Bars of the forecast month-end spend as a percentage of budget for {len(frame)} budgets, highest first, "
        "each labelled with its percentage and alert level; the dashed line is 100%; "
        + (f"over or near budget: {', '.join(over)}." if over else "every budget is ok.")
    )
    return _bars("budgets", "Forecast spend as a share of budget", desc, frame, colour, mark_at=100)
