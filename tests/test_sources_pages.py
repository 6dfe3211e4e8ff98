"""The bibliography: one page at today's size, a page per kind of source beyond its limit."""

from __future__ import annotations

import re

from mkdocs.commands.build import build
from mkdocs.config import load_config
from test_site import FIXTURES, project

from briefing import render
from briefing.graph import load_graph


def test_the_bibliography_is_one_page_within_its_limit():
    graph = load_graph(FIXTURES / "small")
    pages = render.render_pages(graph)
    assert not [p for p in pages if p.startswith("sources/")]
    assert all(f'<span id="{source_id}">' in pages["sources.md"] for source_id in graph.cited_by)


def test_beyond_its_limit_every_source_is_on_one_part_and_every_note_links_to_it(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(render, "SOURCES_PAGE_LIMIT", 1)
    monkeypatch.setattr(render, "SOURCES_PART_LIMIT", 1)
    graph = load_graph(FIXTURES / "small")
    pages = render.render_pages(graph)
    parts = {path: text for path, text in pages.items() if path.startswith("sources/")}
    listed = [i for text in parts.values() for i in re.findall(r'<span id="([^"]+)">', text)]
    assert sorted(listed) == sorted(graph.cited_by)  # each cited source once, on one part
    assert all(text.count('<span id="') == 1 for text in parts.values())
    assert any(re.search(r"sources/[a-z]+-2\.md", path) for path in parts)  # a type was cut
    index = pages["sources.md"]
    assert all(f"]({path})" in index for path in parts)

    page_of = {i: path for path, text in parts.items() for i in re.findall(r'id="([^"]+)"', text)}
    note = re.search(
        r"\[In the bibliography\]\(\.\./([^)#]+)#([^)]+)\)", pages["summits/singapore-summit.md"]
    )
    assert note and page_of[note.group(2)] == note.group(1)

    # strict: every note's link and anchor into the parts resolves
    root = project(tmp_path)
    config = load_config(str(root / "mkdocs.yml"), strict=True, site_dir=str(root / "site"))
    build(config)
    assert (root / "site/sources/index.html").exists()
    for path in parts:
        assert (root / "site" / path.removesuffix(".md") / "index.html").exists()


def test_past_the_one_page_limit_each_type_is_one_page_until_it_outgrows_a_part(monkeypatch):
    monkeypatch.setattr(render, "SOURCES_PAGE_LIMIT", 1)
    monkeypatch.setattr(render, "SOURCES_PART_LIMIT", 1000)
    graph = load_graph(FIXTURES / "small")
    pages = render.render_pages(graph)
    types = {graph.sources[source_id].type or "other" for source_id in graph.cited_by}
    assert sorted(p for p in pages if p.startswith("sources/")) == sorted(
        f"sources/{name}.md" for name in types
    )
    assert "in parts of at most 1,000" in pages["sources.md"]
