"""The incremental preview: after one saved file, the served site equals a fresh full build."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from conftest import SOURCES, rewrite, split_as_at_scale
from mkdocs.commands.build import build
from mkdocs.config import load_config
from test_site import project

SERVE_URL = "http://127.0.0.1:8000/"
# gzip stamps the time of writing into the compressed sitemap; sitemap.xml itself is compared.
VOLATILE = {"sitemap.xml.gz"}
EXTRA = """\
title: Extra topic {n}
summary: An entry nothing else changes.
parties: [united-states]
tags: [extra]
related: [talks-topic]
sources: [accord-text]
body: What the accord says [@accord-text].
"""


def serve_build(root: Path, site: Path, *, dirty: bool = True) -> None:
    """One build as `briefing serve` runs it after a save: serve command, dirty, not strict."""
    config = load_config(str(root / "mkdocs.yml"), strict=False, site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=dirty)
    config.site_url = SERVE_URL
    build(config, serve_url=SERVE_URL, dirty=dirty)


def files_of(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.name not in VOLATILE
    }


def assert_same_site(served: Path, fresh: Path) -> None:
    got, want = files_of(served), files_of(fresh)
    assert sorted(got) == sorted(want)
    differ = [path for path in want if got[path] != want[path]]
    assert not differ, f"served pages differ from a fresh build: {differ[:10]}"


def assert_same_as_a_fresh_build(root: Path, served: Path, tmp_path: Path) -> None:
    """Build the project afresh (not incrementally) and compare it with the served site."""
    fresh = tmp_path / "fresh"
    serve_build(root, fresh, dirty=False)
    assert_same_site(served, fresh)


def served_project(tmp_path: Path, extra_topics: int) -> tuple[Path, Path]:
    """A project with the small fixture and more topics, served once (a full build)."""
    (tmp_path / "project").mkdir()
    root = project(tmp_path / "project")
    with (root / "content/sources.yaml").open("a", encoding="utf-8") as bibliography:
        bibliography.write(SOURCES)
    for n in range(extra_topics):
        (root / f"content/topics/extra-{n}.yaml").write_text(EXTRA.format(n=n), encoding="utf-8")
    site = tmp_path / "served"
    serve_build(root, site)
    return root, site


@pytest.fixture
def preview(tmp_path):
    return served_project(tmp_path, extra_topics=6)


def _edit(root: Path, relative: str, old: str, new: str) -> None:
    rewrite(root / "content" / relative, old, new)


def test_an_edited_entry_is_served_as_a_fresh_build_would_show_it(preview, tmp_path, caplog):
    root, site = preview
    untouched = site / "topics/extra-0/index.html"
    stamp = untouched.stat().st_mtime_ns

    # Title, tags and date: the entry, its backlinks, indexes, timeline, parties, tags, home.
    _edit(
        root,
        "summits/singapore-summit.yaml",
        "title: Singapore summit\n",
        "title: Singapore summit, edited\ntags: [diplomacy]\n",
    )
    _edit(root, "summits/singapore-summit.yaml", "date: 2018-06-12", "date: 2018-06-13")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.briefing.preview"):
        serve_build(root, site)
    assert "Singapore summit, edited" in (site / "summits/singapore-summit/index.html").read_text(
        encoding="utf-8"
    )
    assert untouched.stat().st_mtime_ns == stamp, "an unchanged page was re-rendered"
    rendered = [r.getMessage() for r in caplog.records if "re-rendered" in r.getMessage()]
    assert rendered and not rendered[-1].startswith(("0 ", "re-rendered 0 "))

    assert_same_as_a_fresh_build(root, site, tmp_path)


def test_a_body_edit_and_a_removed_entry_leave_the_same_site_as_a_fresh_build(preview, tmp_path):
    root, site = preview
    _edit(root, "topics/extra-1.yaml", "summary: An entry", "summary: A changed entry")
    serve_build(root, site)
    (root / "content/topics/extra-2.yaml").unlink()
    serve_build(root, site)
    assert not (site / "topics/extra-2").exists()

    assert_same_as_a_fresh_build(root, site, tmp_path)


def test_an_error_and_its_fix_rebuild_every_page_with_and_without_the_banner(preview, tmp_path):
    root, site = preview
    _edit(root, "topics/extra-3.yaml", "title:", "titel:")
    serve_build(root, site)
    assert "The content has 1 error" in (site / "topics/extra-0/index.html").read_text(
        encoding="utf-8"
    )
    _edit(root, "topics/extra-3.yaml", "titel:", "title:")
    serve_build(root, site)
    assert_same_as_a_fresh_build(root, site, tmp_path)


def test_a_file_added_to_the_theme_folder_is_published_by_the_next_rebuild(preview, tmp_path):
    """The installed theme's files are listed once per preview; the project's own theme folder
    (custom_dir) is listed on every rebuild."""
    root, site = preview
    stylesheet = root / "overrides/assets/extra.css"
    stylesheet.parent.mkdir(parents=True)
    stylesheet.write_text("p { margin: 0 }\n", encoding="utf-8")
    serve_build(root, site)
    assert (site / "assets/extra.css").read_text(encoding="utf-8") == "p { margin: 0 }\n"
    assert_same_as_a_fresh_build(root, site, tmp_path)


def test_the_search_index_keeps_every_page_after_an_incremental_build(preview, tmp_path):
    root, site = preview
    before = (site / "search/search_index.json").read_bytes()
    _edit(root, "topics/extra-4.yaml", "summary: An entry", "summary: Another entry")
    serve_build(root, site)
    after = (site / "search/search_index.json").read_text(encoding="utf-8")
    assert "Another entry" in after and len(after) >= len(before) - 10
    assert "topics/extra-5/" in after


@pytest.mark.parametrize(
    ("relative", "old", "new"),
    [
        # Pages that name another file's words: a shared source cited by the extra topics…
        ("sources.yaml", "title: Text of the accord", "title: The accord's text, renamed"),
        # …a party's name, shown on every entry of that party…
        ("parties.yaml", "china: China", "china: People's Republic of China"),
        # …the title of an entry that another entry's body links to with [[singapore-summit]]…
        ("summits/singapore-summit.yaml", "title: Singapore summit\n", "title: Renamed summit\n"),
        # …and a glossary term that becomes a tag's capitals.
        ("glossary.yaml", "ICBM:", "ICBMS:"),
    ],
)
def test_an_edit_elsewhere_reaches_every_page_that_shows_it(preview, tmp_path, relative, old, new):
    root, site = preview
    _edit(root, relative, old, new)
    serve_build(root, site)
    assert_same_as_a_fresh_build(root, site, tmp_path)


@pytest.mark.parametrize(
    ("relative", "old", "new"),
    [
        ("sources.yaml", "title: Text of the accord", "title: The accord's text, renamed"),
        ("summits/singapore-summit.yaml", "title: Singapore summit\n", "title: Renamed summit\n"),
        # A title shown under a shared source, which itself is unchanged.
        ("topics/extra-1.yaml", "title: Extra topic 1", "title: Extra topic renamed"),
    ],
)
def test_past_their_limits_the_parts_of_long_pages_are_kept_exact(
    tmp_path, monkeypatch, relative, old, new
):
    """At scale the book, the bibliography, the timeline, party pages and kind lists come in
    parts, each kept while what it shows is unchanged: an edit reaches every part showing it."""
    split_as_at_scale(monkeypatch)
    root, site = served_project(tmp_path, extra_topics=3)
    assert list(site.glob("sources/*-2")) and list(site.glob("book/topics-2"))  # both are cut
    assert not (site / "timeline/2010s").exists() and (site / "timeline/2018").exists()
    assert (site / "parties/united-states/summits/index.html").exists()
    assert (site / "topics/index-2/index.html").exists()
    _edit(root, relative, old, new)
    serve_build(root, site)
    assert_same_as_a_fresh_build(root, site, tmp_path)
