"""Graph -> {path: text}: every generated page, rendered through the Jinja2 templates.

This is a plain function with no MkDocs in it, so any generator can publish the same pages.
Every `{{ value }}` is escaped as Markdown text unless it is explicitly `Trusted` (a validated
body, a computed link): a title can never turn into markup.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import jinja2

from .body import Ref, Segment, rebase_links, resolve_link, split_body
from .graph import Graph
from .problems import Problem
from .schema import (
    KINDS,
    QUESTIONS,
    STANCES,
    STATUS_LABELS,
    EntryFields,
    Figure,
    Kind,
    json_schema,
)
from .validate import Entry

_MD_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_SPECIAL = re.compile(r"[\\`*_\[\]{}|#&<>]")


class Trusted(str):
    """Markdown that templates may emit as it is."""


def escape_markdown(value: Any) -> str:
    """Plain text -> Markdown that shows exactly that text (no emphasis, links or HTML)."""
    if isinstance(value, Trusted):
        return value
    text = "" if value is None else str(value)
    return _MD_SPECIAL.sub(lambda m: _MD_ESCAPES.get(m.group(0), "\\" + m.group(0)), text)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("briefing", "templates"),
        autoescape=False,  # Markdown, not HTML: escaping is done by finalize below
        finalize=escape_markdown,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        # Templates are package files that do not change while a build or preview runs; no
        # modification-time check on each of the thousands of get_template calls.
        auto_reload=False,
    )
    env.filters["trusted"] = Trusted
    env.filters["attr"] = lambda value: Trusted(html.escape(str(value), quote=True))
    # Front matter values reach the theme's HTML (<title>, <meta content="…">) unescaped.
    env.filters["front_matter"] = lambda value: Trusted(
        json.dumps(html.escape(str(value), quote=True), ensure_ascii=False)
    )
    env.filters["status_label"] = lambda status: STATUS_LABELS.get(status, status)
    env.tests["ref"] = lambda value: isinstance(value, Ref)
    return env


_ENV = _environment()


def relative(target: str, current: str) -> Trusted:
    """A Markdown link target from page `current` to file `target` (both docs-relative files).

    Same result as posixpath.relpath for these clean relative paths, without its getcwd()
    and abspath() on every call: pages hold thousands of links.
    """
    folders = current.split("/")[:-1]
    parts = target.split("/")
    common = 0
    while common < len(folders) and common < len(parts) - 1 and folders[common] == parts[common]:
        common += 1
    return Trusted("/".join([".."] * (len(folders) - common) + parts[common:]))


def party_page(party_id: str) -> str:
    return f"parties/{party_id}.md"


def _render(template: str, page: str, **context: Any) -> str:
    def link(target: str) -> Trusted:
        return relative(target, page)

    def href_of(entry: Entry) -> Trusted:
        return relative(entry.page, page)

    def anchor_of(entry: Entry) -> Trusted:
        return Trusted(f"#{entry.id}")

    helpers = {"link": link, "href_of": href_of, "anchor_of": anchor_of}
    return _ENV.get_template(template).render(page=page, **(helpers | context))


def render_pages(graph: Graph) -> dict[str, str]:
    """Every generated page and data file, keyed by its path relative to the docs root."""
    common: dict[str, Any] = {"kinds": KINDS, "parties": graph.parties, "party_page": party_page}
    pages: dict[str, str] = {}
    for entry in graph.entries:
        pages[entry.page] = _render(
            "entry.md.j2",
            entry.page,
            entry=entry,
            kind=KINDS[entry.kind],
            body=graph.bodies.get(entry.id, ()),
            by_id=graph.by_id,
            related=graph.related.get(entry.id, ()),
            backlinks=graph.backlinks.get(entry.id, ()),
            timeline=sorted(entry.timeline, key=lambda item: item.date.sort_key),
            **common,
        )
    for kind in KINDS.values():
        page = f"{kind.name}/index.md"
        pages[page] = _render(
            "kind_index.md.j2",
            page,
            kind=kind,
            entries=_by_date(graph.of_kind(kind.name)),
            **common,
        )
    pages["timeline.md"] = _render("timeline.md.j2", "timeline.md", years=_by_year(graph), **common)
    pages["parties/index.md"] = _render(
        "parties_index.md.j2", "parties/index.md", party_entries=graph.party_entries, **common
    )
    for party_id, name in graph.parties.items():
        page = party_page(party_id)
        entries = graph.party_entries.get(party_id, ())
        pages[page] = _render(
            "party.md.j2",
            page,
            party_id=party_id,
            name=name,
            views=graph.party_views.get(party_id, ()),
            groups=[
                (kind, _by_date(e for e in entries if e.kind == kind.name))
                for kind in KINDS.values()
            ],
            **common,
        )
    pages["positions.md"] = _render(
        "positions.md.j2",
        "positions.md",
        questions=QUESTIONS,
        stances=STANCES,
        views=sorted(
            (e for e in graph.of_kind("regional-views") if e.positions),
            key=lambda e: (graph.parties.get(e.subject or "", e.title), e.id),
        ),
        **common,
    )
    pages["glossary.md"] = _render(
        "glossary.md.j2", "glossary.md", glossary=graph.glossary, **common
    )
    pages.update(render_book(graph, common))
    pages["data/entries.json"] = entries_json(graph)
    pages["data/schema.json"] = _json(json_schema())
    for kind in KINDS.values():
        pages[f"data/schema/{kind.name}.json"] = _json(json_schema(kind))
    return dict(sorted(pages.items()))


# The briefing book is one printable page (book.md, /book/) up to this many entries: today's
# 57 entries make 112 KiB of Markdown, 1,057 made 1.1 MiB. Beyond it one page helps no one
# (about 11 MB of Markdown at 10,000, the slowest page of the build), so book.md lists volumes
# instead: one printable page per kind (book/sanctions.md, ...), and a kind with more entries
# than the limit is cut, oldest first, into parts of at most the limit (book/sanctions-1.md,
# ...). docs/performance.md records the decision.
BOOK_PAGE_LIMIT = 500


@dataclass(frozen=True)
class BookVolume:
    """One printable page of the briefing book: a kind, or a part of a kind, oldest first."""

    page: str
    kind: Kind
    entries: list[Entry]
    part: int = 0  # 0: the whole kind
    parts: int = 0

    @property
    def years(self) -> str:
        """The years its dated entries span (1994, or 1994 to 2003 with a dash); "" if none."""
        years = [entry.date.year for entry in self.entries if entry.date]
        if not years:
            return ""
        return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"

    @property
    def label(self) -> str:
        if not self.part:
            return self.kind.label
        return f"{self.kind.label}, part {self.part} of {self.parts}"

    @property
    def title(self) -> str:
        return f"Briefing book: {self.label}"


def book_volumes(graph: Graph, limit: int | None = None) -> list[BookVolume]:
    """The book's volumes, or [] while the whole book fits on one page."""
    limit = BOOK_PAGE_LIMIT if limit is None else limit
    if len(graph.entries) <= limit:
        return []
    volumes = []
    for kind in KINDS.values():
        entries = _by_date(graph.of_kind(kind.name))
        if len(entries) <= limit:
            if entries:
                volumes.append(BookVolume(f"book/{kind.name}.md", kind, entries))
            continue
        parts = -(-len(entries) // limit)
        size = -(-len(entries) // parts)  # parts of even size, none over the limit
        for part in range(parts):
            chunk = entries[part * size : (part + 1) * size]
            volumes.append(
                BookVolume(f"book/{kind.name}-{part + 1}.md", kind, chunk, part + 1, parts)
            )
    return volumes


def render_book(graph: Graph, common: dict[str, Any]) -> dict[str, str]:
    """book.md: the whole book, or the list of its volumes and a page for each."""
    volumes = book_volumes(graph)
    if not volumes:
        return {
            "book.md": _render(
                "book.md.j2",
                "book.md",
                volume=None,
                groups=[(kind, _by_date(graph.of_kind(kind.name))) for kind in KINDS.values()],
                bodies={entry.id: _book_body(entry, graph, "book.md") for entry in graph.entries},
                by_id=graph.by_id,
                **common,
            )
        }
    volume_of = {entry.id: volume.page for volume in volumes for entry in volume.entries}
    pages = {
        "book.md": _render(
            "book_volumes.md.j2",
            "book.md",
            volumes=volumes,
            total=len(graph.entries),
            limit=BOOK_PAGE_LIMIT,
            **common,
        )
    }
    for volume in volumes:

        def anchor_of(entry: Entry, here: str = volume.page) -> Trusted:
            target = volume_of[entry.id]
            return Trusted(("" if target == here else relative(target, here)) + f"#{entry.id}")

        pages[volume.page] = _render(
            "book.md.j2",
            volume.page,
            volume=volume,
            groups=[(volume.kind, volume.entries)],
            bodies={e.id: _book_body(e, graph, volume.page) for e in volume.entries},
            by_id=graph.by_id,
            anchor_of=anchor_of,
            **common,
        )
    return pages


def _book_body(entry: Entry, graph: Graph, book_page: str) -> tuple[Segment, ...]:
    """An entry's body as the book shows it: relative links rebased from the entry's page."""
    segments = graph.bodies.get(entry.id, ())
    if not entry.body:
        return segments

    def from_book(target: str) -> str:
        path, hash_, fragment = target.partition("#")
        resolved = resolve_link(path, entry.page) or entry.page
        return relative(resolved, book_page) + hash_ + fragment

    rebased = rebase_links(entry.body, from_book)
    # Most bodies link only with [[id]] and full addresses: keep the graph's split of those.
    return segments if rebased == entry.body else split_body(rebased)


def render_field_reference() -> str:
    """The editor guide's field table, generated from the schema."""
    fields = EntryFields.model_fields | KINDS["regional-views"].model.model_fields
    rows = []
    for name, info in fields.items():
        required_in = [
            kind.label.lower()
            for kind in KINDS.values()
            if name in kind.model.model_fields and kind.model.model_fields[name].is_required()
        ]
        rows.append(
            {
                "name": name,
                "description": info.description or "",
                "required": _required_words(required_in),
            }
        )
    return _ENV.get_template("field_reference.md.j2").render(
        rows=rows, kinds=KINDS, status_labels=STATUS_LABELS
    )


def render_abbreviations(graph: Graph, markdown: str | None = None) -> str:
    """Abbreviation definitions appended to a page: glossary terms become tooltips.

    Given the page's Markdown, only the terms it contains are defined: a term that is not in
    the source cannot be in the rendered text, so the HTML is the same, and the `abbr` pass
    does not search every page for every term.
    """
    return _abbreviations(
        tuple(
            (term, entry.expansion)
            for term, entry in graph.glossary.items()
            if markdown is None or term in markdown or escape_markdown(term) in markdown
        )
    )


@functools.lru_cache(maxsize=1024)
def _abbreviations(terms: tuple[tuple[str, str], ...]) -> str:
    """The definitions of these (term, expansion) pairs: most pages share a few sets."""
    return _ENV.get_template("abbreviations.md.j2").render(terms=terms)


def render_home(graph: Graph, figures: Iterable[Figure], page: str = "index.md") -> str:
    """The home page's generated part: key figures, latest reviews, ways in."""
    reviewed = sorted(
        (e for e in graph.entries if e.reviewed),
        key=lambda e: (e.reviewed.sort_key, e.title),
        reverse=True,
    )
    years = sorted({event.date.year for event in graph.timeline})
    return _render(
        "home.md.j2",
        page,
        figures=[(figure.label, count_figure(graph, figure)) for figure in figures],
        latest=reviewed[:6],
        counts={kind: len(graph.of_kind(kind)) for kind in KINDS},
        party_entries=graph.party_entries,
        decades=sorted({year // 10 * 10 for year in years}),
        years=years,
        kinds=KINDS,
        parties=graph.parties,
        party_page=party_page,
    )


def count_figure(graph: Graph, figure: Figure) -> int:
    """How many entries match the figure's kind, status and tag, or timeline items it counts."""
    if figure.timeline_of is not None:
        entry = graph.by_id.get(figure.timeline_of)
        return len(entry.timeline) if entry is not None else 0
    return sum(
        1
        for entry in graph.entries
        if (figure.kind is None or entry.kind == figure.kind)
        and (figure.status is None or entry.status == figure.status)
        and (figure.tag is None or figure.tag in entry.tags)
    )


def render_error_banner(problems: Iterable[Problem]) -> str:
    """The banner `serve` puts on every page while the content has errors."""
    return _ENV.get_template("error_banner.md.j2").render(problems=list(problems))


def _required_words(required_in: list[str]) -> str:
    if len(required_in) == len(KINDS):
        return "yes"
    if not required_in:
        return "no"
    return "for " + ", ".join(required_in)


def _by_date(entries: Any) -> list[Entry]:
    """Dated entries oldest first, then undated ones by title."""
    return sorted(
        entries,
        key=lambda e: (e.date is None, e.date.sort_key if e.date else (0, 0, 0), e.title, e.id),
    )


def _by_year(graph: Graph) -> list[tuple[int, list[Any]]]:
    years: dict[int, list[Any]] = {}
    for event in graph.timeline:
        years.setdefault(event.date.year, []).append(event)
    return sorted(years.items())


def entry_record(entry: Entry, graph: Graph) -> dict[str, Any]:
    return {
        "id": entry.id,
        "kind": entry.kind,
        "title": entry.title,
        "summary": entry.summary,
        "date": str(entry.date) if entry.date else None,
        "end": str(entry.end) if entry.end else None,
        "status": entry.status,
        "parties": list(entry.parties),
        "tags": list(entry.tags),
        "related": list(entry.related),
        "url": entry.url,
        "sources": [source.model_dump(mode="json", exclude_none=True) for source in entry.sources],
        "reviewed": str(entry.reviewed) if entry.reviewed else None,
    }


def entries_json(graph: Graph) -> str:
    return _json([entry_record(entry, graph) for entry in graph.entries])


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


__all__ = ["Kind", "Trusted", "escape_markdown", "render_field_reference", "render_pages"]
