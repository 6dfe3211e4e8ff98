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
