"""A kind's list: one page at today's size, in parts beyond its limit."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import SOURCES
from mkdocs.commands.build import build
from mkdocs.config import load_config
from test_preview import EXTRA
from test_site import FIXTURES, project

from briefing import render
from briefing.graph import load_graph


def grown(root):
    with (root / "sources.yaml").open("a", encoding="utf-8") as bibliography:
        bibliography.write(SOURCES)
    for n in range(4):
        (root / f"topics/extra-{n}.yaml").write_text(EXTRA.format(n=n), encoding="utf-8")
    return root


def test_a_kind_is_listed_on_one_page_within_its_limit(tmp_path):
    root = grown(shutil.copytree(FIXTURES / "small", tmp_path / "content"))
    graph = load_graph(root)
    pages = render.render_pages(graph)
    assert not [p for p in pages if "/index-" in p]
    assert all(f"]({e.id}.md)" in pages["topics/index.md"] for e in graph.of_kind("topics"))


def test_beyond_its_limit_a_kind_is_listed_in_parts_whose_links_resolve(tmp_path, monkeypatch):
    monkeypatch.setattr(render, "KIND_PAGE_LIMIT", 2)
    (tmp_path / "project").mkdir()
    root = project(tmp_path / "project")
    grown(root / "content")
    graph = load_graph(root / "content")
    pages = render.render_pages(graph)
    topics = graph.of_kind("topics")
    parts = {p: text for p, text in pages.items() if re.fullmatch(r"topics/index-\d+\.md", p)}
    assert len(parts) == 3  # five topics, at most two a page, in even parts
    rows = [i for text in parts.values() for i in re.findall(r"\]\(([a-z0-9-]+)\.md\) \|", text)]
    assert sorted(rows) == sorted(e.id for e in topics)  # each topic on exactly one part
    index = pages["topics/index.md"]
    assert all(f"]({p.removeprefix('topics/')})" in index for p in parts)
    assert "| Summary |" not in index  # the parts, not the table

    # strict: the list's links to its parts, theirs back and every entry's resolve
    config = load_config(str(root / "mkdocs.yml"), strict=True, site_dir=str(root / "site"))
    build(config)
    for page in parts:
        assert (root / "site" / page.removesuffix(".md") / "index.html").exists()


@pytest.mark.parametrize("name", ["index", "index-2"])
def test_an_entry_cannot_take_the_name_of_a_list_page(tmp_path, name):
    from briefing.problems import ContentError

    root = shutil.copytree(FIXTURES / "small", tmp_path / "content")
    shutil.copy(root / "topics/talks-topic.yaml", root / f"summits/{name}.yaml")
    (root / "topics/talks-topic.yaml").unlink()
    with pytest.raises(ContentError) as error:
        load_graph(root)
    assert f'the id "{name}" is taken by the pages listing the summits' in str(error.value)
