"""Markdown bodies: split out `[[id]]` references and enforce the raw-HTML and link policy.

Bodies are Markdown written by editors. Raw HTML is not allowed (the site's look and safety stay
in the templates), and links may only point to http(s) or mailto addresses: entries are linked
with [[id]], which is checked and works wherever the body is shown. Code spans
and fenced code blocks are left alone, so an editor can still show `<tags>` as code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

REF_RE = re.compile(r"\[\[\s*([^\]|]*?)\s*(?:\|\s*([^\]]*?)\s*)?\]\]")
HTML_RE = re.compile(r"<(!--|/?[A-Za-z][A-Za-z0-9-]*(?=[\s/>]))")
INLINE_LINK_RE = re.compile(r"\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))*)")
REFERENCE_DEF_RE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S*?)>?(?:\s|$)", re.MULTILINE)
FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1[ \t]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN_RE = re.compile(r"(`+)(?!`).+?(?<!`)\1", re.DOTALL)
# Bodies appear on their entry page and in the briefing book at the site root, so a relative
# link could only be right in one of them: entries are linked with [[id]], the rest absolutely.
SAFE_LINK_RE = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)


@dataclass(frozen=True)
class Ref:
    """An `[[id]]` or `[[id|text]]` reference inside a body."""

    target: str
    text: str | None
    source: str  # the reference exactly as written, to locate it in the file
    occurrence: int  # how many identical references precede it in the body


@dataclass(frozen=True)
class BodyIssue:
    source: str
    occurrence: int
    message: str


Segment = str | Ref


def _mask_code(body: str) -> str:
    """Blank out code blocks and spans, keeping offsets, so their contents are not scanned."""

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return CODE_SPAN_RE.sub(blank, FENCE_RE.sub(blank, body))


def split_body(body: str) -> tuple[Segment, ...]:
    """The body as Markdown text runs and references, in order."""
    masked = _mask_code(body)
    segments: list[Segment] = []
    counts: dict[str, int] = {}
    position = 0
    for match in REF_RE.finditer(masked):
        source = body[match.start() : match.end()]
        if match.start() > position:
            segments.append(body[position : match.start()])
        target = body[match.start(1) : match.end(1)]
        text = body[match.start(2) : match.end(2)] if match.group(2) is not None else None
        segments.append(Ref(target, text or None, source, counts.get(source, 0)))
        counts[source] = counts.get(source, 0) + 1
        position = match.end()
    if position < len(body):
        segments.append(body[position:])
    return tuple(segments)


def check_body(body: str) -> list[BodyIssue]:
    """Raw HTML and unsafe link targets in a body, each with what to look for in the file."""
    masked = _mask_code(body)
    issues: list[BodyIssue] = []
    counts: dict[str, int] = {}

    def add(source: str, message: str) -> None:
        issues.append(BodyIssue(source, counts.get(source, 0), message))
        counts[source] = counts.get(source, 0) + 1

    for match in HTML_RE.finditer(masked):
        tag = match.group(1)
        shown = "<!--" if tag == "!--" else f"<{tag}"
        add(shown, f'raw HTML ("{shown}…") is not allowed in a body; write Markdown instead')
    for pattern in (INLINE_LINK_RE, REFERENCE_DEF_RE):
        for match in pattern.finditer(masked):
            url = match.group(1)
            if url and not SAFE_LINK_RE.match(url):
                add(
                    url,
                    f'link target "{url}" is not allowed in a body: link entries with '
                    "[[id]] and other pages with a full https:// address",
                )
    return issues
