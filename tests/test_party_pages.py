"""A party's page: every entry that involves it, or a page per kind beyond its limit."""

from __future__ import annotations

import re
import shutil

from mkdocs.commands.build import build
from mkdocs.config import load_config
from test_site import FIXTURES, project

from briefing import render
from briefing.graph import load_graph


def test_a_party_page_lists_every_entry_within_its_limit():
    graph = load_graph(FIXTURES / "small")
    pages = render.render_pages(graph)
    assert not [p for p in pages if re.match(r"parties/[^/]+/", p)]
    for party, entries in graph.party_entries.items():
        page = pages[f"parties/{party}.md"]
        assert all(f"](../{entry.kind}/{entry.id}.md)" in page for entry in entries)


def test_beyond_its_limit_a_party_has_a_page_per_kind_and_every_link_resolves(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(render, "PARTY_PAGE_LIMIT", 1)
    graph = load_graph(FIXTURES / "small")
    pages = render.render_pages(graph)
    party, entries = max(graph.party_entries.items(), key=lambda item: len(item[1]))
    assert len(entries) > 1
    own = {path: text for path, text in pages.items() if path.startswith(f"parties/{party}/")}
    listed = [
        entry.id for entry in entries if sum(f"/{entry.id}.md)" in text for text in own.values())
    ]
    assert sorted(listed) == sorted(entry.id for entry in entries)  # each on one page…
    assert all(text.count("\n- [") <= 1 for text in own.values())  # …of at most the limit
    page = pages[f"parties/{party}.md"]
    assert all(f"]({path.removeprefix('parties/')})" in page for path in own)  # listed there
    views = graph.party_views.get(party, ())
    listed_here = [e for e in entries if e not in views and f"/{e.id}.md)" in page]
    assert not listed_here  # the kind pages list them instead

    # strict: the party page's links to its kind pages and theirs back resolve
    root = project(tmp_path)
    shutil.rmtree(root / "site", ignore_errors=True)
    config = load_config(str(root / "mkdocs.yml"), strict=True, site_dir=str(root / "site"))
    build(config)
    for path in own:
        assert (root / "site" / path.removesuffix(".md") / "index.html").exists()
