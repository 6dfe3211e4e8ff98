"""Content folder -> generated pages, remembered per state of the content files.

`briefing build` validates before MkDocs starts (to report every problem in our format), and
the MkDocs plugin then needs the same pages: both call `generate_pages`, and the second call is
free as long as no content file changed in between (same names, sizes and modification times).
"""

from __future__ import annotations

import os
from pathlib import Path

from .graph import load_graph
from .render import render_pages

Fingerprint = tuple[tuple[str, int, int], ...]

_cache: dict[str, tuple[Fingerprint, dict[str, str]]] = {}


def content_fingerprint(root: Path) -> Fingerprint:
    """Every file under root with its size and modification time, in a stable order."""
    rows = []
    for folder, _, names in os.walk(root, followlinks=False):
        for name in names:
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except OSError:
                stat = os.lstat(path)
            rows.append((path, stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(rows))


def generate_pages(root: Path, display_root: str = "content") -> dict[str, str]:
    """{path: text} of every generated page; raises ContentError with every problem."""
    key = f"{root.resolve()}\0{display_root}"
    fingerprint = content_fingerprint(root)
    cached = _cache.get(key)
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    pages = render_pages(load_graph(root, display_root))
    _cache[key] = (fingerprint, pages)
    return pages


def last_good_pages(root: Path, display_root: str = "content") -> dict[str, str]:
    """The pages of the last run that succeeded for this folder (the `serve` fallback)."""
    cached = _cache.get(f"{root.resolve()}\0{display_root}")
    return cached[1] if cached is not None else {}
