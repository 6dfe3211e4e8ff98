"""Charts are drawn from the content: a new event changes the picture, the same content gives
the same SVG, and each chart carries its numbers as a table."""

from __future__ import annotations

import shutil
from pathlib import Path

from briefing import charts
from briefing.graph import load_graph
from briefing.render import render_pages

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_new_event_in_a_yaml_file_changes_the_chart(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))
    root = shutil.copytree(FIXTURES / "small", tmp_path / "content")
    before = charts.draw_charts(load_graph(root))
    entry = root / "topics/talks-topic.yaml"
    entry.write_text(
        entry.read_text(encoding="utf-8").replace(
            "sources:",
            "  - {date: 2017-09-03, type: nuclear-test, parties: [north-korea], "
            'text: "Sixth nuclear test [@crs-talks, p. 4]."}\nsources:',
        ),
        encoding="utf-8",
    )
    graph = load_graph(root)
    after = charts.draw_charts(graph)
    assert charts.tests_by_year(graph)["nuclear-test"][2017] == 1
    assert after["chart-tests"].svg != before["chart-tests"].svg
    assert ("2017", "1", "0", "0") in after["chart-tests"].rows
    assert ("2017", "1", "0", "0") not in before["chart-tests"].rows


def test_the_same_content_gives_byte_identical_svg(tmp_path, monkeypatch):
    drawn = []
    for attempt in ("first", "second"):  # each drawn afresh: no cache in memory or on disk
        monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / attempt))
        monkeypatch.setattr(charts, "_drawn", {})
        drawn.append(
            {k: c.svg for k, c in charts.draw_charts(load_graph(FIXTURES / "small")).items()}
        )
    assert drawn[0] == drawn[1]


def test_a_chart_is_drawn_once_and_then_read_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(charts, "_drawn", {})
    graph = load_graph(FIXTURES / "small")
    first = charts.draw_charts(graph)
    assert len(list((tmp_path / "charts").glob("*.svg"))) == 4
    monkeypatch.setattr(charts, "_drawn", {})
    monkeypatch.setattr(charts, "_figure", None)  # drawing again would fail
    assert charts.draw_charts(graph) == first


def test_charts_are_accessible_themeable_and_sanitiser_friendly():
    for chart in charts.draw_charts(load_graph(FIXTURES / "small")).values():
        assert chart.svg.startswith(f'<svg role="img" aria-labelledby="{chart.id}-title"')
        assert f'<title id="{chart.id}-title">' in chart.svg
        assert "currentColor" in chart.svg and "#123456" not in chart.svg
        assert ' style="' not in chart.svg and "<style" not in chart.svg
        assert "\n\n" not in chart.svg  # one raw HTML block in Markdown
        assert chart.rows and all(len(row) == len(chart.columns) for row in chart.rows)


def test_sanctions_are_counted_by_who_imposed_them():
    series = charts.sanctions_by_year(load_graph(FIXTURES / "small"))
    assert series["UN Security Council"][2006] == 1
    assert sum(series["United States"].values()) == 0


def test_chart_pages_show_each_chart_with_its_title_caption_and_table():
    pages = render_pages(load_graph(FIXTURES / "small"))
    page = pages["charts.md"]
    for chart_id in ("chart-eras", "chart-tests", "chart-sanctions", "chart-summits"):
        assert page.count(f'<figure class="briefing-chart" id="{chart_id}">') == 1
    assert page.count("<figcaption>") == 4 and page.count("the data as a table") == 4
    assert '<figure class="briefing-chart" id="chart-eras">' in pages["timeline.md"]
