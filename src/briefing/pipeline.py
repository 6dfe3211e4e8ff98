"""Content folder -> generated pages, remembered per state of the content files.

`briefing build` validates before MkDocs starts (to report every problem in our format), and
the MkDocs plugin then needs the same pages: both call `generate_pages`, and the second call is
free as long as no content file changed in between (same names, sizes and modification times).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .graph import Graph, load_graph
from .render import render_pages

Fingerprint = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class Generated:
    """One run of the pipeline: the linked content and every page rendered from it."""

    graph: Graph
    pages: dict[str, str]


_cache: dict[str, tuple[Fingerprint, Generated]] = {}


def content_fingerprint(root: Path) -> Fingerprint:
    """Every file under root with its size and modification time, in a stable order.

    Paths are relative to root, so the same folder named two ways (`content` by the CLI, an
    absolute path by the plugin) gives the same fingerprint.
    """
    rows = []
    for folder, _, names in os.walk(root, followlinks=False):
        for name in names:
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except OSError:
                stat = os.lstat(path)
            rows.append((os.path.relpath(path, root), stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(rows))


def generate(root: Path, display_root: str = "content") -> Generated:
    """The graph and every generated page; raises ContentError with every problem."""
    key = f"{root.resolve()}\0{display_root}"
    fingerprint = content_fingerprint(root)
    cached = _cache.get(key)
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    graph = load_graph(root, display_root)
    generated = Generated(graph, render_pages(graph))
    _cache[key] = (fingerprint, generated)
    return generated


def generate_pages(root: Path, display_root: str = "content") -> dict[str, str]:
    """{path: text} of every generated page; raises ContentError with every problem."""
    return generate(root, display_root).pages


def last_good(root: Path, display_root: str = "content") -> Generated | None:
    """The last run that succeeded for this folder (the `serve` fallback), if any."""
    cached = _cache.get(f"{root.resolve()}\0{display_root}")
    return cached[1] if cached is not None else None
