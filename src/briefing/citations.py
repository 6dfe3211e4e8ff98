"""Text -> citations: Pandoc's `[@id]`, `[@id, locator]` and `[@a; @b]`, and the blocks of a
body that must each carry one.

Citations are read from bodies (Markdown), timeline texts and position notes (plain text).
This module only finds them; `graph` checks the ids against the bibliography and `render`
turns them into footnotes.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .body import mask_code

# A bracket whose content starts with @ (or "-@", Pandoc's suppress-author form), possibly
# across a line break; not a link `[@x](url)` or `[@x][ref]`, not an `[[id]]` reference, and
# not a link reference definition (`[@x]: url` at the start of a line).
CITATION_RE = re.compile(r"(?<!\[)\[(-?@[^\[\]]*)\](?![(\[])")
CITE_ITEM_RE = re.compile(r"^-?@([a-z0-9]+(?:-[a-z0-9]+)*)(?:\s*,\s*(\S.*?))?\s*$")
LIST_ITEM_RE = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])\s")
HEADING_RE = re.compile(r"^ {0,3}(#{1,6}\s|\S.*\n {0,3}(=+|-+)\s*$)")
TABLE_RE = re.compile(r"^ {0,3}\|")


@dataclass(frozen=True)
class Cite:
    """One cited source, with the place in it (`para. 4`) when given."""

    source: str
    locator: str | None = None


@dataclass(frozen=True)
class Citation:
    """One bracketed citation as written: one or more cites."""

    cites: tuple[Cite, ...]
    text: str  # exactly as written, to locate it in the file
    occurrence: int  # how many identical citations precede it in the same text
    start: int
    end: int


@dataclass(frozen=True)
class CitationIssue:
    text: str
    occurrence: int
    message: str


def find_citations(
    text: str, *, markdown: bool = True
) -> tuple[tuple[Citation, ...], tuple[CitationIssue, ...]]:
    """Every well-formed citation in `text`, and a problem for each malformed one.

    In Markdown, citations inside code are not citations. Each text is read by the check, the
    link graph, the timeline's merge and the renderer: it is scanned once and remembered.
    """
    return _find_citations(text, markdown)


@functools.lru_cache(maxsize=65536)
def _find_citations(
    text: str, markdown: bool
) -> tuple[tuple[Citation, ...], tuple[CitationIssue, ...]]:
    if "@" not in text:
        return (), ()
    scanned = mask_code(text) if markdown else text
    citations: list[Citation] = []
    issues: list[CitationIssue] = []
    counts: dict[str, int] = {}
    for match in CITATION_RE.finditer(scanned):
        written = text[match.start() : match.end()]
        occurrence = counts.get(written, 0)
        counts[written] = occurrence + 1
        cites = []
        if _is_reference_definition(scanned, match):
            continue
        for part in match.group(1).split(";"):
            item = CITE_ITEM_RE.match(" ".join(part.split()))
            if item is None:
                issues.append(
                    CitationIssue(
                        written,
                        occurrence,
                        f'citation "{written}" is not of the form [@id], [@id, locator] or '
                        "[@id; @other-id]",
                    )
                )
                break
            cites.append(Cite(item.group(1), item.group(2)))
        else:
            citations.append(
                Citation(tuple(cites), written, occurrence, match.start(), match.end())
            )
    return tuple(citations), tuple(issues)


def _is_reference_definition(text: str, match: re.Match[str]) -> bool:
    """`[@x]: url` at the start of a line defines a link reference; it cites nothing."""
    line_start = text.rfind("\n", 0, match.start()) + 1
    return not text[line_start : match.start()].strip() and text.startswith(":", match.end())


@dataclass(frozen=True)
class Block:
    """A paragraph, list, table or quote of a body: the unit that must carry a citation."""

    first_line: str  # its first line as written, to locate it in the file
    occurrence: int
    kind: str  # "paragraph", "list" or "table"
    cited: bool


def body_blocks(body: str) -> list[Block]:
    """The body's blocks that state something (headings and code blocks do not)."""
    masked = mask_code(body)
    raw_lines = body.split("\n")
    blocks: list[tuple[int, int, str]] = []  # (first line, last line, kind)
    start: int | None = None
    for number, line in enumerate([*masked.split("\n"), ""]):
        if line.strip():
            if start is None:
                start = number
            continue
        if start is not None:
            blocks.append((start, number, _block_kind(masked.split("\n")[start:number])))
            start = None
    # A loose list (items separated by blank lines) is one list; so are a list's
    # indented continuation paragraphs.
    merged: list[tuple[int, int, str]] = []
    masked_lines = masked.split("\n")
    for first, last, kind in blocks:
        continues_list = bool(merged) and merged[-1][2] == "list"
        indented = masked_lines[first].startswith(("  ", "\t"))
        if continues_list and (kind == "list" or indented):
            merged[-1] = (merged[-1][0], last, "list")
        else:
            merged.append((first, last, kind))
    result: list[Block] = []
    counts: dict[str, int] = {}
    for first, last, kind in merged:
        if kind in ("heading", "code"):
            continue
        text = "\n".join(masked_lines[first:last])
        cited = bool(CITATION_RE.search(text))
        first_line = raw_lines[first].strip()
        occurrence = counts.get(first_line, 0)
        counts[first_line] = occurrence + 1
        result.append(Block(first_line, occurrence, kind, cited))
    return result


def _block_kind(lines: list[str]) -> str:
    first = lines[0]
    if not first.strip(" \t"):  # a masked code block is blank but for its line breaks
        return "code"
    if all(not line.strip() for line in lines):
        return "code"
    if LIST_ITEM_RE.match(first):
        return "list"
    if TABLE_RE.match(first):
        return "table"
    if len(lines) == 1 and re.match(r"^ {0,3}#{1,6}(\s|$)", first):
        return "heading"
    if first.startswith(("    ", "\t")):
        return "code"
    return "paragraph"


@functools.lru_cache(maxsize=65536)
def strip_citations(text: str) -> str:
    """Plain text without its citations (for data downloads and search snippets). Remembered:
    the preview writes timeline.csv again after each save, from mostly the same texts."""
    return re.sub(r"\s+([.,;:])", r"\1", CITATION_RE.sub("", text)).strip()
