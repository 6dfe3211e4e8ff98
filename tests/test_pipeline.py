"""One pipeline run shared by the CLI and the plugin, never stale."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import FIXTURES

from briefing.pipeline import generate_pages


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
