"""Graph -> charts: the record at a glance, as static SVG drawn at build time.

Each chart is computed from the content (so a new event in a YAML file changes the picture),
drawn with matplotlib's SVG backend, and returned with its data as rows for the table that
stands beside it. Text and axes are drawn in `currentColor`, so an inline chart takes the
page's text colour in light and dark mode and in print. Builds are deterministic: fixed hash
salt, no date or creator in the file, and text kept as text (`svg.fonttype: none`).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from .citations import strip_citations
from .graph import Graph, TimelineEvent
from .schema import PartialDate

# Drawn in this colour, then replaced by currentColor in the SVG.
INK = "#123456"
# Series colours that keep their contrast on white and on Material's slate background.
PALETTE = ("#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#9c755f")
FIRST_YEAR = 1950


@dataclass(frozen=True)
class Chart:
    """One chart: its SVG, what it shows, and the same numbers as a table."""

    id: str
    title: str
    caption: str
    svg: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _last_year(graph: Graph) -> int:
    years = [event.date.year for event in graph.timeline]
    years += [e.reviewed.year for e in graph.entries if e.reviewed is not None]
    return max(years, default=FIRST_YEAR)


def _imposer(parties: Iterable[str]) -> str:
    parties = set(parties)
    if "united-nations" in parties:
        return "UN Security Council"
    if "united-states" in parties:
        return "United States"
    return "Others"


# --- the numbers -------------------------------------------------------------------------


def tests_by_year(graph: Graph) -> dict[str, Counter[int]]:
    """Nuclear tests, missile launches and satellite launches recorded, by year."""
    series = {
        "nuclear-test": Counter[int](),
        "missile-launch": Counter[int](),
        "satellite-launch": Counter[int](),
    }
    for event in graph.timeline:
        if event.type in series:
            series[event.type][event.date.year] += 1
    return series


def sanctions_by_year(graph: Graph) -> dict[str, Counter[int]]:
    """Sanctions measures by year and by who imposed them: every sanctions entry, and every
    timeline event of type `sanctions` that is not the date of a sanctions entry."""
    series = {name: Counter[int]() for name in ("UN Security Council", "United States", "Others")}
    entry_dates = set()
    for entry in graph.of_kind("sanctions"):
        if entry.date is not None:
            series[_imposer(entry.parties)][entry.date.year] += 1
            entry_dates.add(str(entry.date))
    for event in graph.timeline:
        if event.type == "sanctions" and str(event.date) not in entry_dates:
            series[_imposer(event.parties)][event.date.year] += 1
    return series


def summits_by_pair(graph: Graph) -> list[tuple[str, int]]:
    """Leaders' summits held, by the pair (or group) of parties that met."""
    counts: Counter[str] = Counter()
    for entry in graph.of_kind("summits"):
        if entry.status not in (None, "held"):
            continue
        names = sorted(graph.parties[p] for p in entry.parties if p != "united-nations")
        if names:
            counts[" – ".join(names)] += 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


@dataclass(frozen=True)
class Span:
    lane: str
    label: str
    start: float
    end: float | None  # None: a point in time
    when: str  # the dates as readers read them, for the table


def _at(date: PartialDate) -> float:
    return date.year + ((date.month or 1) - 1) / 12 + ((date.day or 1) - 1) / 365


def era_marks(graph: Graph) -> list[Span]:
    """Agreements as spans from signing to end (or to now while in force or stalled),
    summits as points, sanctions and nuclear tests as marks."""
    now = _last_year(graph) + 1
    marks: list[Span] = []
    for entry in graph.of_kind("agreements"):
        if entry.date is None:
            continue
        if entry.end:
            end, when = _at(entry.end), f"{entry.date.label} – {entry.end.label}"
        elif entry.status != "collapsed":
            end, when = now, f"{entry.date.label} – {entry.status or 'now'}"
        else:
            end, when = None, entry.date.label
        marks.append(Span("Agreements", entry.title, _at(entry.date), end, when))
    for entry in graph.of_kind("summits"):
        if entry.date is not None and entry.status in (None, "held"):
            marks.append(Span("Summits", entry.title, _at(entry.date), None, entry.date.label))
    for entry in graph.of_kind("sanctions"):
        if entry.date is not None:
            marks.append(Span("Sanctions", entry.title, _at(entry.date), None, entry.date.label))
    for event in graph.timeline:
        if event.type == "nuclear-test":
            label = strip_citations(event.text or event.entry.title)
            marks.append(Span("Nuclear tests", label, _at(event.date), None, event.date.label))
    return marks


# --- drawing -----------------------------------------------------------------------------

# Drawn SVG by chart and by the numbers it shows, in memory and on disk: a preview after an
# edit that leaves a chart's numbers alone, and a build of content whose numbers did not
# change, neither import matplotlib nor draw (about a second). The SVG is the same either way.
CHART_STYLE = "3"  # bump when the drawing code changes, so cached charts are redrawn
_drawn: dict[str, str] = {}


def cache_dir() -> Path:
    """Where drawn charts are kept between builds: $BRIEFING_CACHE_DIR, else .cache/briefing."""
    return Path(os.environ.get("BRIEFING_CACHE_DIR") or ".cache/briefing") / "charts"


def _memo(chart_id: str, numbers: Any, draw: Any) -> str:
    plotter = metadata.version("matplotlib")
    text = f"{CHART_STYLE}\0{plotter}\0{chart_id}\0{numbers!r}"
    digest = hashlib.sha256(text.encode()).hexdigest()
    key = f"{chart_id}-{digest[:32]}"
    if key in _drawn:
        return _drawn[key]
    path = cache_dir() / f"{key}.svg"
    try:
        svg = path.read_text(encoding="utf-8")
    except OSError:
        svg = draw()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(svg, encoding="utf-8")
            temporary.replace(path)
        except OSError:
            pass  # a read-only folder only costs the next build the drawing
    if len(_drawn) > 64:
        _drawn.clear()
    _drawn[key] = svg
    return svg


def _figure(width: float, height: float) -> Any:
    import matplotlib

    matplotlib.use("svg")
    from matplotlib.figure import Figure

    matplotlib.rcParams.update(
        {
            "svg.hashsalt": "briefing",
            "svg.fonttype": "none",
            "font.family": "sans-serif",
            "font.size": 9,
            "text.color": INK,
            "axes.edgecolor": INK,
            "axes.labelcolor": INK,
            "xtick.color": INK,
            "ytick.color": INK,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    figure = Figure(figsize=(width, height))
    figure.patch.set_alpha(0)
    return figure


def _svg(figure: Any, chart_id: str, title: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, flags=re.DOTALL)
    text = re.sub(r"\s*<defs>\s*<style[^>]*>.*?</style>\s*</defs>", "", text, flags=re.DOTALL)
    text = text.replace(INK, "currentColor")
    # Ids unique on a page that shows several charts.
    text = re.sub(r'\bid="([^"]+)"', rf'id="{chart_id}-\1"', text)
    text = re.sub(r"url\(#([^)]+)\)", rf"url(#{chart_id}-\1)", text)
    text = re.sub(r'href="#([^"]+)"', rf'href="#{chart_id}-\1"', text)
    # Presentation attributes instead of style="", which the page sanitiser does not keep.
    text = re.sub(r' style="([^"]*)"', _presentation_attributes, text)
    # Scale with the page: keep the viewBox, drop the fixed size.
    text = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", text, count=1)
    text = text.replace(
        "<svg",
        f'<svg role="img" aria-labelledby="{chart_id}-title" class="briefing-chart__svg"',
        1,
    )
    opening_end = text.index(">", text.index("<svg")) + 1
    title_tag = f'<title id="{chart_id}-title">{_escape(title)}</title>'
    text = text[:opening_end] + title_tag + text[opening_end:]
    # No blank lines: the SVG stays one raw HTML block in Markdown.
    return "\n".join(line for line in text.splitlines() if line.strip()) + "\n"


_PROPERTIES = frozenset(
    {
        "fill",
        "fill-opacity",
        "stroke",
        "stroke-width",
        "stroke-opacity",
        "stroke-linejoin",
        "stroke-linecap",
        "stroke-dasharray",
        "opacity",
        "text-anchor",
        "clip-path",
        "font-size",
        "font-family",
    }
)


def _presentation_attributes(match: re.Match[str]) -> str:
    attributes = []
    for declaration in match.group(1).split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip(), value.strip().replace('"', "'")
        if name in _PROPERTIES:
            attributes.append(f' {name}="{value}"')
        elif name == "font":  # "10px 'DejaVu Sans'": keep the size, use the page's font
            attributes.append(f' font-size="{value.split()[0]}"')
    return "".join(attributes)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _stacked_bars(
    chart_id: str, title: str, series: dict[str, Counter[int]], first: int, last: int, ylabel: str
) -> str:
    years = list(range(first, last + 1))
    figure = _figure(6, 2.8)
    axes = figure.add_axes((0.1, 0.12, 0.88, 0.72))
    axes.set_facecolor("none")
    bottom = [0] * len(years)
    for index, (name, counts) in enumerate(series.items()):
        values = [counts.get(year, 0) for year in years]
        axes.bar(years, values, bottom=bottom, color=PALETTE[index], label=name, width=0.8)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_ylabel(ylabel)
    axes.set_xlim(first - 1, last + 1)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.xaxis.get_major_locator().set_params(integer=True)
    legend = axes.legend(
        loc="lower left",
        bbox_to_anchor=(0, 1.02),
        frameon=False,
        ncols=len(series),
        columnspacing=1.5,
        handlelength=1.2,
    )
    for text in legend.get_texts():
        text.set_color(INK)
    return _svg(figure, chart_id, title)


def _by_year(
    graph: Graph,
    chart_id: str,
    title: str,
    caption: str,
    series: dict[str, Counter[int]],
    ylabel: str,
) -> Chart:
    """A stacked bar chart of counts per year, and its table of the years with any count."""
    years = sorted({year for counts in series.values() for year in counts})
    first, last = (years[0], max(years[-1], _last_year(graph))) if years else (2000, 2000)
    rows = tuple(
        (str(year), *(str(series[name].get(year, 0)) for name in series))
        for year in range(first, last + 1)
        if any(series[name].get(year, 0) for name in series)
    )
    svg = _memo(
        chart_id,
        (series, first, last),
        lambda: _stacked_bars(chart_id, title, series, first, last, ylabel),
    )
    return Chart(chart_id, title, caption, svg, ("Year", *series), rows)


def draw_tests(graph: Graph) -> Chart:
    labels = {
        "nuclear-test": "Nuclear tests",
        "missile-launch": "Missile launches",
        "satellite-launch": "Satellite launches",
    }
    named = {labels[key]: counts for key, counts in tests_by_year(graph).items()}
    return _by_year(
        graph,
        "chart-tests",
        "Nuclear tests and launches by year",
        "Counted from the briefing's timeline: every event typed nuclear test, missile launch or "
        "satellite launch, by year of the Korean local date. The timeline records the launches "
        "its entries tell, not every launch.",
        named,
        "Events",
    )


def draw_sanctions(graph: Graph) -> Chart:
    return _by_year(
        graph,
        "chart-sanctions",
        "Sanctions measures by year and by who imposed them",
        "Counted from the briefing: every sanctions entry (a resolution, executive order or law) "
        "and every timeline event typed sanctions on another date, by year, attributed to the UN "
        "Security Council, the United States or others by the parties that imposed it.",
        sanctions_by_year(graph),
        "Measures",
    )


def draw_summits(graph: Graph) -> Chart:
    pairs = summits_by_pair(graph)
    title = "Leaders' summits held, by who met"
    return Chart(
        "chart-summits",
        title,
        "Counted from the briefing's summit entries with status held, by the parties each "
        "entry lists (the United Nations left out).",
        _memo("chart-summits", pairs, lambda: _summits_svg(pairs, title)),
        ("Who met", "Summits"),
        tuple((name, str(count)) for name, count in pairs),
    )


def _summits_svg(pairs: list[tuple[str, int]], title: str) -> str:
    figure = _figure(6, 0.32 * max(len(pairs), 2) + 0.7)
    axes = figure.add_axes((0.42, 0.18, 0.52, 0.78))
    axes.set_facecolor("none")
    names = [name for name, _ in reversed(pairs)]
    counts = [count for _, count in reversed(pairs)]
    axes.barh(names, counts, color=PALETTE[0], height=0.6)
    for y, count in enumerate(counts):
        axes.text(count + 0.05, y, str(count), va="center", color=INK)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.set_xlabel("Summits")
    return _svg(figure, "chart-summits", title)


LANES = ("Agreements", "Summits", "Sanctions", "Nuclear tests")


def draw_eras(graph: Graph) -> Chart:
    marks = era_marks(graph)
    last = _last_year(graph) + 1
    title = f"The record at a glance, {FIRST_YEAR}–{last - 1}"
    rows = tuple(
        (mark.lane, mark.label, mark.when)
        for lane in LANES
        for mark in sorted((m for m in marks if m.lane == lane), key=lambda m: m.start)
    )
    return Chart(
        "chart-eras",
        title,
        "Drawn from the briefing's entries: agreements from signing to collapse or to now (if "
        "in force or stalled), summits held as dots, sanctions measures and nuclear tests as "
        "marks on the year they happened.",
        _memo(
            "chart-eras",
            ([(m.lane, m.start, m.end) for m in marks], last),
            lambda: _eras_svg(marks, last, title),
        ),
        ("Lane", "What", "When"),
        rows,
    )


def _eras_svg(marks: list[Span], last: int, title: str) -> str:
    figure = _figure(6, 2.4)
    axes = figure.add_axes((0.17, 0.12, 0.8, 0.84))
    axes.set_facecolor("none")
    ticks: list[float] = []
    for lane_index, lane in enumerate(LANES):
        y = len(LANES) - lane_index
        ticks.append(y)
        lane_marks = sorted((m for m in marks if m.lane == lane), key=lambda m: m.start)
        colour = PALETTE[lane_index]
        # Spans that overlap are drawn in thin sub-rows so that each stays visible.
        ends: list[float] = []
        for mark in lane_marks:
            if mark.end is None:
                axes.plot(
                    [mark.start],
                    [y],
                    marker="|" if lane != "Summits" else "o",
                    markersize=14 if lane != "Summits" else 6,
                    color=colour,
                    linestyle="none",
                )
            else:
                row = next((i for i, end in enumerate(ends) if end <= mark.start), len(ends))
                if row == len(ends):
                    ends.append(mark.end)
                else:
                    ends[row] = mark.end
                offset = 0.28 - 0.14 * (row % 5)
                axes.plot([mark.start, mark.end], [y + offset] * 2, color=colour, linewidth=4)
    axes.set_yticks(ticks, list(LANES))
    axes.set_xlim(FIRST_YEAR, last)
    axes.set_ylim(0.4, len(LANES) + 0.6)
    axes.spines["left"].set_visible(False)
    axes.tick_params(axis="y", length=0)
    axes.grid(axis="x", color=INK, alpha=0.15)
    return _svg(figure, "chart-eras", title)


def draw_charts(graph: Graph) -> dict[str, Chart]:
    """Every chart of the site, by id."""
    charts = (draw_eras(graph), draw_tests(graph), draw_sanctions(graph), draw_summits(graph))
    return {chart.id: chart for chart in charts}


__all__ = ["Chart", "TimelineEvent", "draw_charts"]
