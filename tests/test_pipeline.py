"""One pipeline run shared by the CLI and the plugin, never stale."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, SOURCES, VALID_ENTRY, rewrite, split_as_at_scale

from briefing.pipeline import GENERATED_LIST, generate, generate_pages, write_pages


def test_pages_are_reused_until_a_content_file_changes(tmp_path):
    root = shutil.copytree(FIXTURES / "small", tmp_path / "content")
    first = generate_pages(root, "content")
    assert generate_pages(root, "content") is first  # nothing changed: same run

    entry = root / "topics/talks-topic.yaml"
    entry.write_text(
        entry.read_text(encoding="utf-8").replace("What is at stake.", "What is at stake now.")
    )
    stat = entry.stat()
    os.utime(entry, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    second = generate_pages(root, "content")
    assert second is not first
    assert "What is at stake now." in second["topics/talks-topic.md"]

    copy = entry.read_text(encoding="utf-8").replace("crs-talks", "crs-new")
    (root / "topics/new-topic.yaml").write_text(copy.replace("/crs", "/crs-new"))
    assert "topics/new-topic.md" in generate_pages(root, "content")


def test_the_plugin_reuses_the_clis_run_though_it_names_the_folder_absolutely(
    tmp_path, monkeypatch
):
    """`briefing build` generates from "content", then its MkDocs plugin asks again with the
    absolute path: the content is loaded and rendered once, not twice."""
    root = shutil.copytree(FIXTURES / "small", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    first = generate_pages(Path("content"), "content")
    assert generate_pages(root.resolve(), "content") is first


@pytest.mark.parametrize("split", [False, True], ids=["one-page", "split-as-at-scale"])
def test_the_previews_reuse_gives_the_pages_a_fresh_run_gives(tmp_path, monkeypatch, split):
    """`serve` keeps unchanged files' entries and pages between saves; after each kind of
    edit its pages equal those of a run that keeps nothing, with the long pages (book,
    bibliography, timeline, party pages, kind lists) whole or, as at scale, in parts."""
    if split:
        split_as_at_scale(monkeypatch)
    root = shutil.copytree(FIXTURES / "small", tmp_path / "content")
    with (root / "sources.yaml").open("a", encoding="utf-8") as bibliography:
        bibliography.write(SOURCES)
    for name, year in (("summit-a", 2000), ("summit-b", 2010)):
        entry = VALID_ENTRY.replace("2031", str(year)) + "status: held\n"
        (root / "summits" / f"{name}.yaml").write_text(entry, encoding="utf-8")
    fresh = shutil.copytree(root, tmp_path / "fresh")
    edits = [
        # Another summit's new date moves the Singapore summit to the other volume of summits:
        # the sanctions volume, whose body links to it, must follow it there.
        ("summits/summit-a.yaml", "date: 2000-05-04", "date: 2019-05-04"),
        # A kind of event no other item has: every decade's filter offers it.
        ("summits/summit-b.yaml", "type: agreement", "type: cyber"),
        # An entry that others link to, list as related and cite beside.
        ("summits/singapore-summit.yaml", "title: Singapore summit\n", "title: Renamed\n"),
        ("parties.yaml", "china: China", "china: PRC"),
        ("glossary.yaml", "ICBM:", "ICBMS:"),
        ("sources.yaml", "\n  title: ", "\n  title: Renamed "),
    ]
    generate(root, "content", incremental=True)
    for relative, old, new in edits:
        for folder in (root, fresh):
            rewrite(folder / relative, old, new)
        served = generate(root, "content", incremental=True).pages
        assert served == generate(fresh, "content").pages, relative
        # The next run is fresh from the start: nothing is kept from the last one.
        shutil.rmtree(fresh)
        fresh = shutil.copytree(root, tmp_path / "fresh")


def test_writing_pages_removes_only_what_it_wrote_inside_the_folder(tmp_path):
    """The list of what the last run wrote sits in the folder, where anyone can edit it: a
    name in it that leads outside the folder is not removed."""
    out = tmp_path / "pages"
    write_pages(out.resolve(), {"topics/a.md": "A\n", "topics/b.md": "B\n"})
    outside = tmp_path / "keep.txt"
    outside.write_text("keep\n", encoding="utf-8")
    with (out / GENERATED_LIST).open("a", encoding="utf-8") as listing:
        listing.write("../keep.txt\n")

    done = write_pages(out.resolve(), {"topics/a.md": "A\n"})
    assert (done.written, done.unchanged, done.removed) == (0, 1, 1)
    assert not (out / "topics/b.md").exists() and (out / "topics/a.md").exists()
    assert outside.read_text(encoding="utf-8") == "keep\n"
