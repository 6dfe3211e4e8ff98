"""The timeline: one page at today's size, a page per decade beyond its limit."""

from __future__ import annotations

import shutil

from mkdocs.commands.build import build
from mkdocs.config import load_config
from test_site import FIXTURES, project

from briefing import render
from briefing.graph import load_graph


def strict_home_page(tmp_path):
    """Build the fixture's project strictly (every link and anchor resolves); its home page."""
    root = project(tmp_path)
    shutil.rmtree(root / "site", ignore_errors=True)
    config = load_config(str(root / "mkdocs.yml"), strict=True, site_dir=str(root / "site"))
    build(config)
    return (root / "site/index.html").read_text(encoding="utf-8")


def test_the_timeline_is_one_page_within_its_limit():
    pages = render.render_pages(load_graph(FIXTURES / "small"))
    assert "timeline.md" in pages and not [p for p in pages if p.startswith("timeline/")]
    assert "## 2006" in pages["timeline.md"]


def test_beyond_its_limit_the_timeline_is_a_page_per_decade_and_old_links_still_arrive(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(render, "TIMELINE_PAGE_LIMIT", 3)
    graph = load_graph(FIXTURES / "small")
    years = sorted({event.date.year for event in graph.timeline})
    pages = render.render_pages(graph)
    decades = sorted({year // 10 * 10 for year in years})
    assert sorted(p for p in pages if p.startswith("timeline/")) == [
        f"timeline/{decade}s.md" for decade in decades
    ]
    index = pages["timeline.md"]
    for year in years:
        # every year keeps an anchor on /timeline/ that leads on to its decade's page
        assert f"{{ #{year} }}" in index
        assert f"## {year}" in pages[f"timeline/{year // 10 * 10}s.md"]
    rows = sum(page.count("data-type=") for path, page in pages.items() if "timeline/" in path)
    assert rows == len(graph.timeline)

    # strict: every link, the home page's year links and the decade pages' anchors resolve
    home = strict_home_page(tmp_path)
    assert f'href="timeline/{years[0] // 10 * 10}s/#{years[0]}"' in home


def test_a_decade_past_its_limit_is_cut_at_years_and_every_year_still_arrives(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(render, "TIMELINE_PAGE_LIMIT", 3)
    monkeypatch.setattr(render, "TIMELINE_PART_LIMIT", 1)
    graph = load_graph(FIXTURES / "small")
    counts: dict[int, int] = {}
    for event in graph.timeline:
        counts[event.date.year] = counts.get(event.date.year, 0) + 1
    pages = render.render_pages(graph)
    parts = {path: text for path, text in pages.items() if path.startswith("timeline/")}
    page_of = render.year_pages(graph)
    assert set(page_of.values()) == set(parts)
    for year, page in page_of.items():
        assert f"## {year}" in parts[page]  # the year's events are on its page…
        assert f"]({page}#{year}){{ #{year} }}" in pages["timeline.md"]  # …linked from the index
    for page in parts:
        years = [year for year, p in page_of.items() if p == page]
        # A page holds consecutive years of one decade, within the limit unless one year is
        # over it alone; it is named by them.
        assert len({year // 10 for year in years}) == 1
        assert sum(counts[y] for y in years) <= 1 or len(years) == 1
        name = page.removeprefix("timeline/").removesuffix(".md")
        assert name in (f"{years[0] // 10 * 10}s", str(years[0]), f"{years[0]}-{years[-1]}")
    assert any(not page.endswith("s.md") for page in parts)  # a decade was cut
    rows = sum(text.count("data-type=") for text in parts.values())
    assert rows == len(graph.timeline)

    # strict: the index's and the home page's links to every year resolve
    home = strict_home_page(tmp_path)
    first = min(page_of)
    assert f'href="{page_of[first].removesuffix(".md")}/#{first}"' in home


def test_limits_past_a_thousand_are_written_as_the_prose_writes_numbers(monkeypatch):
    monkeypatch.setattr(render, "TIMELINE_PAGE_LIMIT", 3)
    monkeypatch.setattr(render, "TIMELINE_PART_LIMIT", 2500)
    index = render.render_pages(load_graph(FIXTURES / "small"))["timeline.md"]
    assert "a decade of more than\n2,500 events is cut" in index
