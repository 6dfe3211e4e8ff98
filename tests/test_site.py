"""The real thing: strict MkDocs builds, links followed in the HTML, nothing lost on failure."""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, SOURCES, VALID_ENTRY, write_tree

from briefing.graph import load_graph
from briefing.placeholders import PLACEHOLDERS

ROOT = Path(__file__).parent.parent
pytestmark = pytest.mark.e2e


def project(tmp_path: Path, content: Path = FIXTURES / "small") -> Path:
    """A copy of the project (mkdocs.yml, docs/) with the given content tree."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copytree(ROOT / "overrides", tmp_path / "overrides")
    shutil.copytree(content, tmp_path / "content")
    return tmp_path


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def href_target(html_file: Path, href: str) -> Path:
    target = (html_file.parent / href.split("#")[0]).resolve()
    return target / "index.html" if target.is_dir() or href.endswith("/") else target


def test_real_site_builds_strictly_and_its_links_can_be_followed(run, tmp_path):
    """The repository's own content: follow an [[id]] link, then the backlink it creates."""
    site = tmp_path / "site"
    status, _, err = run("build", "--site-dir", str(site), cwd=ROOT)
    assert status == 0, err
    graph = load_graph(ROOT / "content")
    source = next(e for e in graph.entries if e.body and "[[" in e.body)
    target_id = re.search(r"\[\[\s*([a-z0-9-]+)", source.body).group(1)
    target = graph.by_id[target_id]

    page = site / source.kind / source.id / "index.html"
    html = page.read_text(encoding="utf-8")
    href = posixpath.relpath(target.url, source.url) + "/"
    assert f'href="{href}"' in html, "the [[id]] link is not in the HTML"
    target_page = href_target(page, href)
    assert target_page.is_file()

    target_html = target_page.read_text(encoding="utf-8")
    section = target_html.split('id="referenced-by"', 1)[1]
    back = posixpath.relpath(source.url, target.url) + "/"
    assert f'href="{back}"' in section, "no backlink in the target's 'Referenced by'"
    assert href_target(target_page, back) == page
    for data in ("data/entries.json", "data/schema.json", "timeline/index.html"):
        assert (site / data).is_file()


def test_fixture_site_escapes_a_script_title_everywhere(run, tmp_path):
    root = project(tmp_path)
    status, _, err = run("build", cwd=root)
    assert status == 0, err
    for page in (root / "site").rglob("*.html"):
        assert "<script>alert(1)" not in page.read_text(encoding="utf-8"), page
    entry = (root / "site/sanctions/resolution-1718/index.html").read_text(encoding="utf-8")
    assert "<title>Resolution 1718 &lt;script&gt;alert(1)&lt;/script&gt;" in entry


def test_editor_guide_gets_the_field_reference_from_the_schema(run, tmp_path):
    root = project(tmp_path)
    assert run("build", cwd=root)[0] == 0
    guide = (root / "site/editor-guide/index.html").read_text(encoding="utf-8")
    for field in ("title", "summary", "sources", "reviewed", "subject"):
        assert f"<code>{field}</code>" in guide
    assert "briefing:field-reference" not in guide


def test_failed_build_leaves_site_docs_and_content_untouched(run, tmp_path):
    root = project(tmp_path)
    assert run("build", cwd=root)[0] == 0
    before = {name: snapshot(root / name) for name in ("site", "docs", "content")}

    # A content error: stopped before MkDocs runs.
    entry = root / "content/topics/talks-topic.yaml"
    entry.write_text(entry.read_text(encoding="utf-8") + "statuss: x\n", encoding="utf-8")
    status, _, err = run("build", cwd=root)
    assert status == 1 and 'unknown field "statuss"' in err
    before["content"] = snapshot(root / "content")
    assert {name: snapshot(root / name) for name in ("site", "docs", "content")} == before

    # A failure inside the strict MkDocs build (a broken link in a hand-written page).
    entry.write_text(entry.read_text(encoding="utf-8").replace("statuss: x\n", ""), "utf-8")
    about = root / "docs/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[x](missing-page.md)\n", "utf-8")
    before = {name: snapshot(root / name) for name in ("site", "docs", "content")}
    status, _, err = run("build", cwd=root)
    assert status == 1
    assert "missing-page.md" in err
    assert {name: snapshot(root / name) for name in ("site", "docs", "content")} == before
    assert not list(root.glob(".site-building-*"))


def test_same_content_gives_byte_identical_pages(run, tmp_path):
    root = project(tmp_path)
    first, second = tmp_path / "one", tmp_path / "two"
    assert run("generate", "--out", str(first), cwd=root)[0] == 0
    assert run("generate", "--out", str(second), cwd=root)[0] == 0
    assert snapshot(first) == snapshot(second)


def test_generating_again_rewrites_only_the_pages_that_changed(run, tmp_path):
    root = project(tmp_path)
    out = tmp_path / "pages"
    status, first, _ = run("generate", "--out", str(out), cwd=root)
    assert status == 0 and "already up to date" not in first
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    status, again, _ = run("generate", "--out", str(out), cwd=root)
    assert status == 0 and again.startswith("wrote 0 files") and "already up to date" in again
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == stamps

    entry = next((root / "content/summits").glob("*.yaml"))
    entry.write_text(
        entry.read_text(encoding="utf-8").replace("title: ", "title: Renamed ", 1),
        encoding="utf-8",
    )
    status, edited, _ = run("generate", "--out", str(out), cwd=root)
    rewritten = {p for p in stamps if p.stat().st_mtime_ns != stamps[p]}
    assert status == 0 and f"summits/{entry.stem}.md" in {
        p.relative_to(out).as_posix() for p in rewritten
    }
    assert 0 < len(rewritten) < len(stamps)
    assert edited.startswith(f"wrote {len(rewritten)} files")
    fresh = tmp_path / "fresh"
    assert run("generate", "--out", str(fresh), cwd=root)[0] == 0
    assert snapshot(out) == snapshot(fresh)


def test_generating_again_removes_the_pages_no_longer_generated_and_nothing_else(run, tmp_path):
    root = project(tmp_path)
    with (root / "content/sources.yaml").open("a", encoding="utf-8") as bibliography:
        bibliography.write(SOURCES)
    for name, year in (("summit-a", 2000), ("summit-b", 2010)):
        entry = VALID_ENTRY.replace("2031", str(year)) + "status: held\n"
        (root / "content/summits" / f"{name}.yaml").write_text(entry, encoding="utf-8")
    out = tmp_path / "pages"
    assert run("generate", "--out", str(out), cwd=root)[0] == 0
    assert (out / "summits/summit-b.md").is_file()
    own = out / "summits/notes.txt"  # a file of the user's own, beside the pages
    own.write_text("mine\n", encoding="utf-8")

    (root / "content/summits/summit-b.yaml").unlink()
    status, said, _ = run("generate", "--out", str(out), cwd=root)
    assert status == 0 and "no longer generated, removed" in said
    assert not (out / "summits/summit-b.md").exists()
    assert own.read_text(encoding="utf-8") == "mine\n"
    own.unlink()
    fresh = tmp_path / "fresh"
    assert run("generate", "--out", str(fresh), cwd=root)[0] == 0
    assert snapshot(out) == snapshot(fresh)


def test_new_entry_is_valid_and_builds(run, tmp_path):
    root = project(tmp_path)
    status, out, _ = run("new", "topics", "my-new-topic", cwd=root)
    assert status == 0 and "content/topics/my-new-topic.yaml" in out
    text = (root / "content/topics/my-new-topic.yaml").read_text(encoding="utf-8")
    schema_line = text.splitlines()[0]
    assert schema_line == "# yaml-language-server: $schema=../../site/data/schema.json"
    status, out, _ = run("check", cwd=root)
    assert status == 0 and "my-new-topic.yaml still holds the starter's placeholders" in out
    assert run("new", "summits", "my-new-topic", cwd=root)[0] == 2  # the id is taken

    # The build refuses the starter's placeholders, each at its line, and leaves site/ alone.
    (root / "content/topics/my-new-topic.yaml").rename(root / "aside.yaml")
    assert run("build", cwd=root)[0] == 0  # a first site, from before the new entry
    (root / "aside.yaml").rename(root / "content/topics/my-new-topic.yaml")
    before = snapshot(root / "site")
    status, _, err = run("build", cwd=root)
    assert status == 1
    rows = [row for row in err.splitlines() if "my-new-topic.yaml:" in row]
    assert len(rows) == len(PLACEHOLDERS) - 1, err  # all but the role, which people have
    assert "content/topics/my-new-topic.yaml:6:10: error: the starter's placeholder" in err
    assert snapshot(root / "site") == before

    for marker in PLACEHOLDERS.values():
        filled = "https://example.org/source" if "://" in marker else "Filled in."
        text = text.replace(marker, filled)
    (root / "content/topics/my-new-topic.yaml").write_text(text, encoding="utf-8")
    assert run("build", cwd=root)[0] == 0
    assert (root / "site/topics/my-new-topic/index.html").is_file()
    # The schema line leads an editor to the schema the build published.
    schema = root / "content/topics" / schema_line.split("$schema=", 1)[1]
    assert schema.resolve() == (root / "site/data/schema.json").resolve()
    assert json.loads(schema.read_text(encoding="utf-8"))["$schema"].endswith("2020-12/schema")


def test_generate_refuses_to_write_into_docs(run, tmp_path):
    root = project(tmp_path)
    status, _, err = run("generate", "--out", "docs/generated", cwd=root)
    assert status == 2 and "refusing" in err
    assert not (root / "docs/generated").exists()


def test_hand_written_page_clashing_with_a_generated_one_is_an_error(run, tmp_path):
    root = project(tmp_path)
    write_tree(root / "docs", {"timeline.md": "# Mine\n"})
    status, _, err = run("build", cwd=root)
    assert status == 1
    assert "docs/timeline.md is hand-written" in err


def test_two_builds_of_the_same_content_are_byte_identical(run, tmp_path):
    root = project(tmp_path)
    first, second = tmp_path / "first", tmp_path / "second"
    assert run("build", "--site-dir", str(first), cwd=root)[0] == 0
    assert run("build", "--site-dir", str(second), cwd=root)[0] == 0
    # sitemap.xml.gz carries the gzip timestamp MkDocs stamps; everything else must match.
    one, two = snapshot(first), snapshot(second)
    for stamped in ("sitemap.xml.gz",):
        one.pop(stamped, None)
        two.pop(stamped, None)
    assert one == two


def test_mkdocs_and_properdocs_build_the_same_pages_and_links(run, tmp_path):
    """ProperDocs, the maintained continuation of MkDocs 1.x, builds the same site; the about
    page says which of the two built it."""
    root = project(tmp_path)
    assert run("build", "--site-dir", "by-mkdocs", cwd=root)[0] == 0
    status, out, err = run(
        "build", "--generator", "properdocs", "--site-dir", "by-properdocs", cwd=root
    )
    assert status == 0, err
    assert "with properdocs" in out
    assert run("compare-sites", "by-mkdocs", "by-properdocs", cwd=root)[0] == 0
    for folder, name in (("by-mkdocs", "MkDocs"), ("by-properdocs", "ProperDocs")):
        about = (root / folder / "about/index.html").read_text(encoding="utf-8")
        assert f"This copy of the site was built with {name} 1." in about


def test_the_navigation_drawn_once_per_folder_is_each_pages_own(tmp_path, monkeypatch):
    """Pages outside the navigation share one drawing of it per folder; every page is the
    same byte for byte as when each draws its own."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from briefing import plugin

    (tmp_path / "project").mkdir()
    root = project(tmp_path / "project")

    def site(name: str) -> dict[str, str]:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / name))
        build(config)
        pages = snapshot(tmp_path / name)
        pages.pop("sitemap.xml.gz")
        return pages

    shared = site("shared")
    monkeypatch.setattr(plugin, "draw_navigation_once_per_folder", lambda env: None)
    assert site("own") == shared
