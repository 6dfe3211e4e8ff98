"""Shared helpers: tiny content trees written on the fly, and the CLI run in-process."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"

PARTIES = "united-states: United States\nnorth-korea: North Korea\nchina: China\n"

VALID_ENTRY = """\
title: Example accord
summary: A short plain-text summary.
date: 2031-05-04
parties: [united-states, north-korea]
sources:
  - accord-text
timeline: [{date: 2031-05-04, type: agreement, text: "Signed [@accord-text]."}]
"""

# The shared bibliography of test trees whose entries cite `accord-text`.
SOURCES = """\
accord-text:
  title: Text of the accord
  url: https://example.org/accord
  type: government
"""


def rewrite(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a file (which must hold it) by `new`, as an editor's save."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def split_as_at_scale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every long page's limits so low that the small fixture's book, bibliography, timeline,
    party pages and kind lists come in parts, as at 10,000 entries."""
    from briefing import render

    for name, limit in {
        "BOOK_PAGE_LIMIT": 2,
        "BOOK_VOLUME_LIMIT": 2,
        "SOURCES_PAGE_LIMIT": 2,
        "SOURCES_PART_LIMIT": 1,
        "TIMELINE_PAGE_LIMIT": 2,
        "TIMELINE_PART_LIMIT": 1,
        "PARTY_PAGE_LIMIT": 1,
        "KIND_PAGE_LIMIT": 2,
    }.items():
        monkeypatch.setattr(render, name, limit)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite tests/golden from the fixtures"
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write {relative path: text} under root, dedenting text; return root."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def content(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """A content tree with the parties file, plus the given files."""

    def make(files: dict[str, str | bytes]) -> Path:
        cites = any("@accord-text" in str(text) for text in files.values())
        shared = {"sources.yaml": SOURCES} if cites and "sources.yaml" not in files else {}
        return write_tree(tmp_path / "content", {"parties.yaml": PARTIES, **shared, **files})

    return make


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run `briefing ARGS` in a folder; return (exit status, stdout, stderr)."""

    def invoke(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        try:
            status = main(list(args))
        except SystemExit as exit_:  # argparse usage errors
            status = int(exit_.code or 0)
        out, err = capsys.readouterr()
        return status, out, err

    return invoke
