"""The MkDocs plugin under `serve`: errors show on the preview, and it recovers when fixed."""

from __future__ import annotations

from mkdocs.commands.build import build
from mkdocs.config import load_config
from test_site import project


def serve_build(root, site):
    """One rebuild as `briefing serve` runs it: serve command, not strict."""
    config = load_config(str(root / "mkdocs.yml"), strict=False, site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)


def test_preview_shows_content_errors_and_recovers(tmp_path, capsys):
    root = project(tmp_path)
    site = tmp_path / "preview"
    serve_build(root, site)
    assert "The content has" not in (site / "index.html").read_text(encoding="utf-8")

    entry = root / "content/topics/talks-topic.yaml"
    good = entry.read_text(encoding="utf-8")
    entry.write_text(good.replace("title:", "titel:", 1), encoding="utf-8")
    serve_build(root, site)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "The content has 1 error" in home
    assert 'topics/talks-topic.yaml:1:1: error: unknown field "titel"' in home
    assert "unknown field" in capsys.readouterr().err
    # the last good pages stay up meanwhile
    assert (site / "topics/talks-topic/index.html").is_file()

    entry.write_text(good, encoding="utf-8")
    serve_build(root, site)
    assert "The content has" not in (site / "index.html").read_text(encoding="utf-8")


def test_a_plain_mkdocs_build_refuses_a_starter_and_the_preview_shows_it(tmp_path, caplog):
    import datetime as dt

    import pytest
    from mkdocs.exceptions import Abort

    from briefing.scaffold import new_entry

    root = project(tmp_path)
    new_entry(root / "content", "topics", "my-draft", dt.date(2031, 5, 4))
    config = load_config(str(root / "mkdocs.yml"), strict=True, site_dir=str(tmp_path / "s"))
    config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
    with pytest.raises(Abort):
        build(config)
    assert "my-draft.yaml:6:10: error: the starter's placeholder" in caplog.text

    serve_build(root, tmp_path / "preview")
    assert (tmp_path / "preview/topics/my-draft/index.html").is_file()
