"""Markdown bodies: split out `[[id]]` references and enforce the raw-HTML and link policy.

Bodies are Markdown written by editors. Raw HTML is not allowed (the site's look and safety stay
in the templates). Links may go to http(s) and mailto addresses, or be relative, read from the
entry's own page (`<kind>/<id>.md`) as in any MkDocs page: MkDocs' strict build checks that their
pages and anchors exist. The briefing book shows every body again at the site root, so there its
relative links are rebased (`rebase_links`). Site-absolute paths (which break under a sub-path)
and every other scheme are errors. Code spans and fenced code blocks are left alone, so an editor
can still show `<tags>` as code.

Nothing in a body may set an HTML attribute: attribute lists (`{: .class onclick=…}`), which the
site's own templates use, abbreviation definitions (`*[X]: …`, the glossary's job), hand-written
footnotes (citations make those) and admonitions other than the standard types are refused, so
the look, the behaviour and the safety of a page stay in the templates.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass

REF_RE = re.compile(r"\[\[\s*([^\]|]*?)\s*(?:\|\s*([^\]]*?)\s*)?\]\]")
# Python-Markdown passes any `<name ...>` through as HTML, whatever the name (`<x:y onclick=…>`).
HTML_RE = re.compile(
    r"<(!--|[?!][A-Za-z]*|/?[A-Za-z][A-Za-z0-9-]*(?=[\s/>])|/?[A-Za-z][^\s<>@/]*(?=>|[\s/][^<]*>))"
)
AUTOLINK_RE = re.compile(r"<(?:https?://|mailto:)[^<>\s]*>|<[^<>\s!@]+@[^@<>\s]+>")
# attr_list's own pattern: any `{...}` on one line may become attributes of the element before it.
ATTR_LIST_RE = re.compile(r"(?<!\\)\{:?[ ]*[^}\n ][^}\n]*[ ]*\}")
ABBREVIATION_RE = re.compile(r"^ {0,3}\*\[[^\]]*\]:", re.MULTILINE)
FOOTNOTE_RE = re.compile(r"\[\^[^\]\s]*\]:?")
ADMONITION_RE = re.compile(r"^[ \t]*(!!!)[ \t]*([^\n]*)$", re.MULTILINE)
ADMONITION_TYPES = [
    "note",
    "abstract",
    "info",
    "tip",
    "success",
    "question",
    "warning",
    "failure",
    "danger",
    "bug",
    "example",
    "quote",
]
INLINE_LINK_RE = re.compile(r"\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))*)")
REFERENCE_DEF_RE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S*?)>?(?:\s|$)", re.MULTILINE)
FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1[ \t]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN_RE = re.compile(r"(`+)(?!`).+?(?<!`)\1", re.DOTALL)
EXTERNAL_LINK_RE = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# What a browser ignores in an address: C0 controls and spaces around it, tabs and newlines inside.
_URL_TRIM = "".join(chr(code) for code in range(0x21))
_URL_DROP = re.compile(r"[\t\n\r]")


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


def mask_code(body: str) -> str:
    """Blank out code blocks and spans, keeping offsets, so their contents are not scanned."""

    if "`" not in body and "~~~" not in body:  # most bodies: no code to blank
        return body

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return CODE_SPAN_RE.sub(blank, FENCE_RE.sub(blank, body))


@functools.lru_cache(maxsize=16384)
def split_body(body: str) -> tuple[Segment, ...]:
    """The body as Markdown text runs and references, in order. Remembered: the preview
    resolves every unchanged body again after each save."""
    masked = mask_code(body)
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


def _link_targets(body: str) -> list[tuple[int, int]]:
    """Start and end of every link and image target in the body, outside code, in order."""
    masked = mask_code(body)
    spans = [
        match.span(1)
        for pattern in (INLINE_LINK_RE, REFERENCE_DEF_RE)
        for match in pattern.finditer(masked)
        if match.group(1)
    ]
    return sorted(spans)


def resolve_link(target: str, page: str) -> str | None:
    """The docs-relative file a relative link on `page` points at (`page` itself for its own
    #anchors), or None when it leaves the site."""
    path = target.split("#", 1)[0].split("?", 1)[0]
    if not path:
        return page
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    return None if resolved == ".." or resolved.startswith("../") else resolved


def link_as_browsed(url: str) -> str:
    """The address a browser follows for `url` as written: character references decoded
    (`&#106;avascript:` is `javascript:`), tabs and newlines dropped, controls trimmed."""
    return _URL_DROP.sub("", html.unescape(url)).strip(_URL_TRIM)


def check_body(body: str, page: str) -> list[BodyIssue]:
    """Raw HTML, attribute-setting Markdown and unusable link targets in the body shown on
    `page`, each with what to look for in the file."""
    masked = mask_code(body)
    issues: list[BodyIssue] = []
    counts: dict[str, int] = {}
    found: list[tuple[int, str, str]] = []  # (offset, source, message), reported in body order

    def add(source: str, message: str) -> None:
        issues.append(BodyIssue(source, counts.get(source, 0), message))
        counts[source] = counts.get(source, 0) + 1

    def blank(match: re.Match[str]) -> str:
        return " " * len(match.group(0))

    for match in HTML_RE.finditer(AUTOLINK_RE.sub(blank, masked)):
        tag = match.group(1)
        shown = "<!--" if tag == "!--" else f"<{tag}"
        message = f'raw HTML ("{shown}…") is not allowed in a body; write Markdown instead'
        found.append((match.start(), shown, message))
    for match in ATTR_LIST_RE.finditer(masked):
        shown = body[match.start() : match.end()]
        message = (
            f'attribute list "{shown}" is not allowed in a body: it sets HTML attributes '
            "(classes, ids, styles, event handlers) that only the templates may set; "
            "for a literal brace write \\{"
        )
        found.append((match.start(), shown, message))
    for match in ABBREVIATION_RE.finditer(masked):
        shown = body[match.start() : match.end()].lstrip(" ")
        message = (
            f'abbreviation definition "{shown}" is not allowed in a body: add the term to '
            "content/glossary.yaml, which explains it on every page"
        )
        found.append((match.start(), shown, message))
    for match in FOOTNOTE_RE.finditer(masked):
        shown = body[match.start() : match.end()]
        message = (
            f'footnote "{shown}" is not allowed in a body: cite a source with [@source-id] '
            "and the footnote is made for you"
        )
        found.append((match.start(), shown, message))
    for match in ADMONITION_RE.finditer(masked):
        marker, rest = match.group(1), match.group(2)
        words = rest.split('"', 1)[0].split()
        if len(words) == 1 and words[0].lower() in ADMONITION_TYPES:
            continue
        shown = f"{marker} {rest}".strip()
        message = (
            f'admonition "{shown}" must name one type, then an optional "title": '
            f"{', '.join(ADMONITION_TYPES)}"
        )
        found.append((match.start(1), body[match.start(1) : match.end()], message))
    for _, source, message in sorted(found, key=lambda item: item[0]):
        add(source, message)
    for start, end in _link_targets(body):
        url = body[start:end]
        browsed = link_as_browsed(url)
        if EXTERNAL_LINK_RE.match(browsed):
            continue
        if SCHEME_RE.match(browsed):
            add(
                url,
                f'link target "{url}" is not allowed in a body: use https://, http:// or mailto:',
            )
        elif browsed.startswith(("/", "\\")):
            add(
                url,
                f'link target "{url}" is site-absolute and breaks when the site is served under '
                "a sub-path: link entries with [[id]], other pages relative to the entry's page "
                '(like "../timeline.md")',
            )
        elif resolve_link(browsed, page) is None:
            add(url, f'link target "{url}" points outside the site')
    return issues


def rebase_links(body: str, rewrite: Callable[[str], str]) -> str:
    """The body with every relative link target replaced by `rewrite(target)`."""
    parts = []
    position = 0
    for start, end in _link_targets(body):
        url = body[start:end]
        if SCHEME_RE.match(url):  # http(s), mailto: nothing to rebase
            continue
        parts += [body[position:start], rewrite(url)]
        position = end
    return "".join(parts) + body[position:]
