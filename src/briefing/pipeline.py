"""Content folder -> generated pages, remembered per state of the content files.

`briefing build` validates before MkDocs starts (to report every problem in our format), and
the MkDocs plugin then needs the same pages: both call `generate_pages`, and the second call is
free as long as no content file changed in between (same names, sizes and modification times).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .graph import Graph, gc_paused, load_graph
from .memo import PageMemo
from .render import render_pages
from .validate import LoadMemo

Fingerprint = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class Generated:
    """One run of the pipeline: the linked content and every page rendered from it."""

    graph: Graph
    pages: dict[str, str]


# Folder -> (fingerprint, whether the preview's memos made it, the run).
_cache: dict[str, tuple[Fingerprint, bool, Generated]] = {}


def content_fingerprint(root: Path) -> Fingerprint:
    """Every file under root with its size and modification time, in a stable order.

    Paths are relative to root, so the same folder named two ways (`content` by the CLI, an
    absolute path by the plugin) gives the same fingerprint.
    """
    rows = []
    top = os.path.join(root, "")  # os.walk's folders start with it; cheaper than relpath
    for folder, _, names in os.walk(root, followlinks=False):
        inside = os.path.join(folder, "")[len(top) :]
        for name in names:
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except OSError:
                stat = os.lstat(path)
            rows.append((inside + name, stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(rows))


@dataclass
class _Memos:
    """What the preview keeps between two saves: each file's validated entry, each page."""

    load: LoadMemo = field(default_factory=LoadMemo)
    pages: PageMemo = field(default_factory=PageMemo)


_memos: dict[str, _Memos] = {}


def generate(root: Path, display_root: str = "content", *, incremental: bool = False) -> Generated:
    """The graph and every generated page; raises ContentError with every problem.

    `incremental` (the preview) reuses what unchanged files and pages gave the last time; the
    result is the same as without it.
    """
    key = f"{root.resolve()}\0{display_root}"
    fingerprint = content_fingerprint(root)
    cached = _cache.get(key)
    # A run that keeps nothing never takes a preview's run: the preview's must equal it, and
    # the tests compare the two.
    if cached is not None and cached[0] == fingerprint and (incremental or not cached[1]):
        return cached[2]
    memos = _memos.setdefault(key, _Memos()) if incremental else None
    with gc_paused():
        graph = load_graph(root, display_root, memos.load if memos else None)
        generated = Generated(graph, render_pages(graph, memos.pages if memos else None))
    _cache[key] = (fingerprint, incremental, generated)
    return generated


def generate_pages(root: Path, display_root: str = "content") -> dict[str, str]:
    """{path: text} of every generated page; raises ContentError with every problem."""
    return generate(root, display_root).pages


def last_good(root: Path, display_root: str = "content") -> Generated | None:
    """The last run that succeeded for this folder (the `serve` fallback), if any."""
    cached = _cache.get(f"{root.resolve()}\0{display_root}")
    return cached[2] if cached is not None else None
