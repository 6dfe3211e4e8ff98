"""The briefing book: one printable page at today's size, volumes beyond; never in search."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from conftest import SOURCES, VALID_ENTRY
from mkdocs.commands.build import build
from mkdocs.config import load_config
from test_site import FIXTURES, project

from briefing import render
from briefing.graph import load_graph


@pytest.fixture
def grown(tmp_path, monkeypatch):
    """The small fixture with three topics, over a book limit of 2 and volumes of at most 2: it
    splits as 10,000 would."""
    monkeypatch.setattr(render, "BOOK_PAGE_LIMIT", 2)
    monkeypatch.setattr(render, "BOOK_VOLUME_LIMIT", 2)
    content = tmp_path / "grown"
    shutil.copytree(FIXTURES / "small", content)
    with (content / "sources.yaml").open("a", encoding="utf-8") as bibliography:
        bibliography.write(SOURCES)
    for name, other in (("accord-one", "accord-two"), ("accord-two", "accord-one")):
        text = VALID_ENTRY + f"body: See [[{other}]] and [[talks-topic]] [@accord-text].\n"
        (content / "topics" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return content


def _build(root):
    config = load_config(str(root / "mkdocs.yml"), strict=True, site_dir=str(root / "site"))
    build(config)
    return root / "site"


def test_the_book_is_one_page_kept_out_of_search_while_every_entry_is_found(tmp_path):
    graph = load_graph(FIXTURES / "small")
    site = _build(project(tmp_path))
    book = (site / "book/index.html").read_text(encoding="utf-8")
    assert all(f'id="{entry.id}"' in book for entry in graph.entries)
    assert not (site / "book/sanctions").exists()

    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "book/" not in locations
    assert {f"{entry.kind}/{entry.id}/" for entry in graph.entries} <= locations


def test_beyond_the_limit_the_book_comes_in_volumes_whose_links_resolve(tmp_path, grown):
    graph = load_graph(grown)
    volumes = render.book_volumes(graph)
    assert all(len(volume.entries) <= 2 for volume in volumes)
    assert sorted(e.id for v in volumes for e in v.entries) == sorted(graph.by_id)
    split = next(v for v in volumes if v.part)
    assert split.page == f"book/{split.kind.name}-{split.part}.md"

    (tmp_path / "project").mkdir()
    # strict: a broken link or anchor fails the build
    site = _build(project(tmp_path / "project", grown))
    contents = (site / "book/index.html").read_text(encoding="utf-8")
    for volume in volumes:
        address = volume.page.removesuffix(".md") + "/"
        # each volume an item of its own in the list of volumes
        assert f'<li><a href="{address.removeprefix("book/")}">' in contents
        html = (site / address / "index.html").read_text(encoding="utf-8")
        assert all(f'id="{entry.id}"' in html for entry in volume.entries)
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert not [d for d in index["docs"] if re.match(r"book/", d["location"])]


def test_a_link_to_an_entry_in_another_volume_goes_to_that_volume(grown):
    graph = load_graph(grown)
    volume_of = {e.id: v.page for v in render.book_volumes(graph) for e in v.entries}
    pages = render.render_pages(graph)
    linked = [
        (entry, ref)
        for entry in graph.entries
        for ref in re.findall(r"\[\[\s*([a-z0-9-]+)", entry.body or "")
        if volume_of[ref] != volume_of[entry.id]
    ]
    assert linked, "the fixture links across volumes"
    entry, ref = linked[0]
    target = volume_of[ref].removeprefix("book/")
    assert f"]({target}#{ref})" in pages[volume_of[entry.id]]


def test_past_the_one_page_limit_each_kind_is_one_volume_until_it_outgrows_a_volume(
    grown, monkeypatch
):
    monkeypatch.setattr(render, "BOOK_VOLUME_LIMIT", 100)
    graph = load_graph(grown)
    volumes = render.book_volumes(graph)
    kinds = {entry.kind for entry in graph.entries}
    assert [v.page for v in volumes] == [f"book/{k}.md" for k in render.KINDS if k in kinds]
    assert "volumes of at most 100 entries" in render.render_pages(graph)["book.md"]
