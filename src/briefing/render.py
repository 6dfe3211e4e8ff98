"""Graph -> {path: text}: every generated page, rendered through the Jinja2 templates.

This is a plain function with no MkDocs in it, so any generator can publish the same pages.
Every `{{ value }}` is escaped as Markdown text unless it is explicitly `Trusted` (a validated
body, a computed link): a title can never turn into markup.
"""

from __future__ import annotations

import csv
import functools
import html
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import jinja2
import jinja2.bccache

from .body import Ref, Segment, rebase_links, resolve_link, split_body
from .charts import Chart, cache_dir, draw_charts
from .citations import Cite, find_citations, strip_citations
from .graph import Graph, TimelineEvent
from .memo import PageMemo
from .problems import Problem
from .schema import (
    EVENT_TYPES,
    KINDS,
    QUESTIONS,
    SOURCE_TYPES,
    STANCES,
    STATUS_LABELS,
    EntryFields,
    Figure,
    Kind,
    Source,
    json_schema,
)
from .validate import Entry

_Item = TypeVar("_Item")
_MD_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_SPECIAL = re.compile(r"[\\`*_\[\]{}|#&<>]")


class Trusted(str):
    """Markdown that templates may emit as it is."""


def escape_markdown(value: Any) -> str:
    """Plain text -> Markdown that shows exactly that text (no emphasis, links or HTML)."""
    if isinstance(value, Trusted):
        return value
    text = "" if value is None else str(value)
    if _MD_SPECIAL.search(text) is None:  # most values: a search is cheaper than a sub
        return text
    return _MD_SPECIAL.sub(lambda m: _MD_ESCAPES.get(m.group(0), "\\" + m.group(0)), text)


class Notes:
    """The footnotes of one page: one note per source and locator, numbered by the footnotes
    extension in the order of first citation; the same source cited again reuses its note."""

    # Python-Markdown's footnotes extension puts the notes where this paragraph stands.
    PLACE_MARKER = "///Footnotes Go Here///"
    SEPARATOR = '<sup class="briefing-note-sep">,</sup>'

    def __init__(self, sources: Mapping[str, Source]) -> None:
        self._sources = sources
        self._labels: dict[tuple[str, str | None], str] = {}
        self._taken: set[str] = set()

    def _ref(self, cite: Cite) -> str:
        key = (cite.source, cite.locator)
        label = self._labels.get(key)
        if label is None:
            label = cite.source
            if cite.locator is not None:
                label += "-" + (re.sub(r"[^a-z0-9]+", "-", cite.locator.lower()).strip("-"))
            base, number = label, 1
            while label in self._taken:
                number += 1
                label = f"{base}-{number}"
            self._taken.add(label)
            self._labels[key] = label
        return f"[^{label}]"

    def _cite(self, text: str, markdown: bool) -> Trusted:
        parts: list[str] = []
        position = 0
        for citation in find_citations(text, markdown=markdown)[0]:
            before = _close_up(text[position : citation.start])
            parts.append(before if markdown else escape_markdown(before))
            # Several notes at one spot read "1,2", not "12".
            parts.append(self.SEPARATOR.join(self._ref(cite) for cite in citation.cites))
            position = citation.end
        rest = text[position:]
        parts.append(rest if markdown else escape_markdown(rest))
        return Trusted("".join(parts))

    def markdown(self, text: str) -> Trusted:
        """Markdown with its citations turned into footnote references."""
        return self._cite(text, markdown=True)

    def plain(self, text: str) -> Trusted:
        """Plain text, escaped, with its citations turned into footnote references."""
        return self._cite(text, markdown=False)

    @property
    def definitions(self) -> list[tuple[str, Source, str | None]]:
        """(label, source, locator) of every note, in the order they were first cited."""
        return [
            (label, self._sources[source_id], locator)
            for (source_id, locator), label in self._labels.items()
        ]


# What may stand alone on a line before a citation: nothing, or a block marker (a list item,
# a quote, a table cell). The citation is not pulled up against those.
_LINE_START = re.compile(r"\s*(?:[-*+]|\d{1,9}[.)]|>|\|)?")


def _close_up(before: str) -> str:
    """The text before a citation without the spaces, or the line break an editor wrapped at,
    that would otherwise stand between the words and the note mark ("deal ¹")."""
    head = before.rstrip(" \t")
    if head.endswith("\n"):
        head = head[:-1].rstrip(" \t")
        if "\n" in head[-1:]:  # a blank line: the citation opens a block of its own
            return before
    if _LINE_START.fullmatch(head.rsplit("\n", 1)[-1]):
        return before
    return head


# The pieces every page repeats, written in Python rather than as template macros: a Jinja
# macro call costs about ten times a function call, and pages make some 50,000 of them at
# 1,000 entries. Each returns what the macro did: plain text whose values are escaped as the
# templates' finalize escapes them, and which a template escapes again unless it marks it
# `trusted`.
_e = escape_markdown


def _attr(value: Any) -> Trusted:
    return Trusted(html.escape(str(value), quote=True))


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def badge(status: str | None) -> str:
    """A status as a coloured label."""
    if not status:
        return ""
    label = STATUS_LABELS.get(status, status)
    return f'<span class="briefing-status briefing-status--{_e(status)}">{_e(label)}</span>'


def period(entry: Entry) -> str:
    """An entry's date, or its date and end."""
    if entry.date and entry.end:
        return f"{_e(entry.date.label)} – {_e(entry.end.label)}"
    return _e(entry.date.label) if entry.date else ""


def entry_link(target: Entry, link: Callable[[str], str]) -> str:
    return f"[{_e(target.title)}]({_e(link(target.page))})"


def listed_entry(entry: Entry, link: Callable[[str], str]) -> str:
    """An entry as an item of a list of entries: its link, period and status."""
    when = _e(f" ({period(entry)})") if entry.date else ""
    status = f" {badge(entry.status)}" if entry.status else ""
    return f"- {entry_link(entry, link)}{when}{status}"


def listed_part(part: EntryList, link: Callable[[str], str]) -> str:
    """A page of entries as an item of the list of such pages: its link, size and years."""
    count = len(part.entries)
    years = f", {_e(part.years)}" if part.years else ""
    noun = "entry" if count == 1 else "entries"
    return f"- [{_e(part.label)}]({_e(link(part.page))}): {count:,} {noun}{years}"


def body_markdown(
    segments: Iterable[Segment], by_id: Mapping[str, Entry], href_of: Any, notes: Notes
) -> str:
    """A body: its text with citations as footnote references, its [[id]] links as links."""
    return "".join(
        f"[{_e(segment.text or by_id[segment.target].title)}]({_e(href_of(by_id[segment.target]))})"
        if isinstance(segment, Ref)
        else _e(notes.markdown(segment))
        for segment in segments
    )


def source_text(source: Source) -> str:
    """A source as a reference: title (linked to the original), publisher, date, copy read."""
    title = _e(source.title)
    parts = [f'<a href="{_attr(source.url)}">{title}</a>' if source.url else title]
    if source.publisher:
        parts.append(f", {_e(source.publisher)}")
    if source.date:
        parts.append(f", {_e(source.date.label)}")
    if source.archived:
        read = "copy read at" if source.url else "original not online; copy read at"
        parts.append(
            f'; {read} <a href="{_attr(source.archived)}">{_e(_host(source.archived))}</a>'
        )
    return "".join(parts)


def source_item(
    source: Source, cited_by: Mapping[str, Iterable[Entry]], link: Callable[[str], str]
) -> str:
    """A bibliography item: the source, and the entries that cite it."""
    citers = ", ".join(entry_link(entry, link) for entry in cited_by[source.id or ""])
    return f'- <span id="{_attr(source.id)}"></span>{source_text(source)}.  \n  Cited by: {citers}'


def notes_markdown(notes: Notes, link: Callable[[str], str], source_page: Any) -> str:
    """A page's footnotes, each naming its source and linking to it in the bibliography."""
    lines = [f"{notes.PLACE_MARKER}\n\n"]
    for label, source, locator in notes.definitions:
        where = f", {_e(locator)}" if locator else ""
        lines.append(
            f"[^{label}]: {source_text(source)}{where}. "
            f"[In the bibliography]({_e(link(source_page(source.id)))}#{source.id})\n"
        )
    return "".join(lines)


class _CompiledOnDisk(jinja2.BytecodeCache):
    """The templates compiled once per machine, next to the drawn charts: every `briefing`
    process would otherwise compile them again (0.1 s). Jinja checks each entry against the
    template's source and the Python version, so an edited template is compiled afresh."""

    def _path(self, bucket: jinja2.bccache.Bucket) -> Path:
        return cache_dir().parent / "templates" / f"{bucket.key}.cache"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            with self._path(bucket).open("rb") as stored:
                bucket.load_bytecode(stored)
        except (OSError, EOFError, ValueError):
            bucket.reset()  # absent or unreadable: compiled from the source

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        path = self._path(bucket)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with temporary.open("wb") as stored:
                bucket.write_bytecode(stored)
            temporary.replace(path)
        except OSError:
            pass  # a read-only folder only costs the next run the compiling


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
        bytecode_cache=_CompiledOnDisk(),
    )
    env.filters["trusted"] = Trusted
    env.filters["attr"] = _attr
    # Front matter values reach the theme's HTML (<title>, <meta content="…">) unescaped.
    env.filters["front_matter"] = lambda value: Trusted(
        json.dumps(html.escape(str(value), quote=True), ensure_ascii=False)
    )
    env.filters["status_label"] = lambda status: STATUS_LABELS.get(status, status)
    env.filters["host"] = _host
    env.filters["event_type"] = lambda value: EVENT_TYPES.get(value, value)
    env.filters["uncited"] = strip_citations
    env.filters["number"] = "{:,}".format  # 1,185 entries, as the prose around it writes them
    env.tests["ref"] = lambda value: isinstance(value, Ref)
    env.globals.update(
        badge=badge,
        period=period,
        entry_link=entry_link,
        listed_entry=listed_entry,
        listed_part=listed_part,
        body_markdown=body_markdown,
        source_text=source_text,
        source_item=source_item,
        notes_markdown=notes_markdown,
    )
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


# A kind's list (sanctions/index.md) is one page while the kind has at most this many entries:
# today's largest kind has about 60. Beyond it (2,000 topics at the benchmark's 10,000 entries,
# a table the preview converted again in 0.4 s after each title edit) the list names its parts
# instead, even parts of at most that many, oldest first (sanctions/index-1.md, ...): the ids
# "index" and "index-<n>" are kept for them (schema.RESERVED_ID_RE).
KIND_PAGE_LIMIT = 500


@dataclass(frozen=True)
class EntryList:
    """A page listing entries of one kind, oldest first: all of them, or a part (part > 0).
    A kind's list, a party's entries of a kind, a volume of the book."""

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
        """`Sanctions`, or `Sanctions, part 2 of 3`."""
        return _part_label(self.kind.label, self.part, self.parts)


def kind_parts(kind: Kind, listed: list[Entry]) -> list[EntryList]:
    """The pages of a kind's list, oldest first, or [] while it fits on one."""
    if len(listed) <= KIND_PAGE_LIMIT:
        return []
    return [
        EntryList(page, kind, chunk, part, parts)
        for page, chunk, part, parts in split_pages(f"{kind.name}/index", listed, KIND_PAGE_LIMIT)
    ]


# A party's page lists every entry that involves it while there are at most this many: the
# United States are in about 150 of today's entries. Beyond it (some 2,900 of 10,000 at the
# benchmark's scale, a page the preview converted again in 0.4 s after each title edit) the
# page keeps the party's stances and lists a page per kind instead (parties/china/sanctions.md),
# cut into even parts where a kind has more (parties/china/sanctions-1.md, ...).
PARTY_PAGE_LIMIT = 500


def party_parts(party_id: str, groups: list[tuple[Kind, list[Entry]]]) -> list[EntryList]:
    """The pages of a party's entries by kind, or [] while they fit on its page."""
    if sum(len(entries) for _, entries in groups) <= PARTY_PAGE_LIMIT:
        return []
    return [
        EntryList(page, kind, chunk, part, parts)
        for kind, entries in groups
        if entries
        for page, chunk, part, parts in split_pages(
            f"parties/{party_id}/{kind.name}", entries, PARTY_PAGE_LIMIT
        )
    ]


def _render(
    template: str, page: str, sources: Mapping[str, Source] | None = None, **context: Any
) -> str:
    def link(target: str) -> Trusted:
        return relative(target, page)

    def href_of(entry: Entry) -> Trusted:
        return relative(entry.page, page)

    def anchor_of(entry: Entry) -> Trusted:
        return Trusted(f"#{entry.id}")

    helpers = {
        "link": link,
        "href_of": href_of,
        "anchor_of": anchor_of,
        "notes": Notes(sources or {}),
    }
    # A page may bring its own helper: a book volume links entries of other volumes.
    return _ENV.get_template(template).render(page=page, **(helpers | context))


def covers_to(entries: Iterable[Entry]) -> Any:
    """The newest date among the entries' dates, ends and timeline items: up to when they
    cover events."""
    dates = [
        date
        for entry in entries
        for date in (entry.date, entry.end, *(item.date for item in entry.timeline))
        if date is not None
    ]
    return max(dates, default=None)


def newest_event(graph: Graph) -> TimelineEvent | None:
    """The latest event in the briefing: the home page and the book's cover name it."""
    return max(graph.timeline, key=lambda event: event.date.sort_key, default=None)


def _entry_page_inputs(
    entry: Entry, graph: Graph, shown: tuple[Entry | None, ...]
) -> tuple[object, ...]:
    """Every object an entry page is rendered from, beyond what all pages share."""
    return (entry, *_linked(entry, graph), *shown, *graph.entry_sources.get(entry.id, ()))


def _linked(entry: Entry, graph: Graph) -> list[Entry]:
    """The entries an entry's body links to with [[id]], in order, as often as it links."""
    return [
        graph.by_id[segment.target]
        for segment in graph.bodies.get(entry.id, ())
        if isinstance(segment, Ref)
    ]


def render_pages(graph: Graph, memo: PageMemo | None = None) -> dict[str, str]:
    """Every generated page and data file, keyed by its path relative to the docs root.

    A memo (the preview's) reuses the pages whose inputs did not change (see PageMemo)."""
    if memo is None:
        memo = PageMemo()
    groups = _bibliography_groups(graph)
    parts = source_parts(groups)
    page_of_source = {source.id: part.page for part in parts for source in part.sources}
    # Where each source is listed shows in every note: a new split renders every page again.
    memo.start((tuple(graph.parties.items()), tuple(graph.glossary), tuple(page_of_source.items())))
    common: dict[str, Any] = {
        "source_page": lambda source_id: page_of_source.get(source_id, SOURCES_PAGE),
        "tag_label": functools.partial(tag_label, terms=graph.glossary.keys()),
        "kinds": KINDS,
        "parties": graph.parties,
        "party_page": party_page,
        "sources": graph.sources,
    }
    pages: dict[str, str] = {}

    def entry_page(entry: Entry, related: tuple[Entry, ...], backlinks: tuple[Entry, ...]) -> str:
        return _render(
            "entry.md.j2",
            entry.page,
            entry=entry,
            kind=KINDS[entry.kind],
            body=graph.bodies.get(entry.id, ()),
            by_id=graph.by_id,
            related=related,
            backlinks=backlinks,
            timeline=sorted(entry.timeline, key=lambda item: item.date.sort_key),
            questions=QUESTIONS,
            stances=STANCES,
            covers=covers_to([entry]),
            **common,
        )

    for entry in graph.entries:
        related = tuple(graph.related.get(entry.id, ()))
        backlinks = tuple(_not_related(graph.backlinks.get(entry.id, ()), related))
        pages[entry.page] = memo.page(
            entry.page,
            _entry_page_inputs(entry, graph, (*related, None, *backlinks)),
            functools.partial(entry_page, entry, related, backlinks),
        )
    pages.update(render_sources(graph, groups, parts, common, memo))
    for kind in KINDS.values():
        page = f"{kind.name}/index.md"
        listed = _by_date(graph.of_kind(kind.name))
        kind_pages = kind_parts(kind, listed)
        pages[page] = memo.page(
            page,
            tuple(listed),
            functools.partial(
                _render,
                "kind_parts.md.j2" if kind_pages else "kind_index.md.j2",
                page,
                kind=kind,
                entries=listed,
                parts=kind_pages,
                part=None,
                limit=KIND_PAGE_LIMIT,
                covers=covers_to(listed),
                **common,
            ),
        )
        for section in kind_pages:
            pages[section.page] = memo.page(
                section.page,
                tuple(section.entries),
                functools.partial(
                    _render,
                    "kind_index.md.j2",
                    section.page,
                    kind=kind,
                    entries=section.entries,
                    part=section,
                    covers=covers_to(section.entries),
                    **common,
                ),
                (section.part, section.parts),
            )
    charts = charts_of(graph)
    pages.update(render_timeline(graph, charts.get("chart-eras"), common, memo=memo))
    pages["charts.md"] = _render("charts.md.j2", "charts.md", charts=charts, **common)
    pages[BOOK_PAGES_CSS] = _ENV.get_template("book_pages.css.j2").render(
        parts=[
            ("contents", "Contents"),
            *((kind.name, kind.label) for kind in KINDS.values()),
            ("notes", "Notes"),
        ]
    )
    pages["data/entries.csv"] = entries_csv(graph)
    pages["data/timeline.csv"] = timeline_csv(graph)
    pages["parties/index.md"] = _render(
        "parties_index.md.j2", "parties/index.md", party_entries=graph.party_entries, **common
    )
    for party_id, name in graph.parties.items():
        page = party_page(party_id)
        entries = graph.party_entries.get(party_id, ())
        views = tuple(graph.party_views.get(party_id, ()))
        by_kind = [
            (kind, _by_date(e for e in entries if e.kind == kind.name)) for kind in KINDS.values()
        ]
        by_page = party_parts(party_id, by_kind)
        pages[page] = memo.page(
            page,
            (*views, None, *(entry for _, listed in by_kind for entry in listed)),
            functools.partial(
                _render,
                "party.md.j2",
                page,
                party_id=party_id,
                name=name,
                views=views,
                groups=by_kind,
                parts=by_page,
                total=len(entries),
                limit=PARTY_PAGE_LIMIT,
                **common,
            ),
        )
        for part in by_page:
            pages[part.page] = memo.page(
                part.page,
                tuple(part.entries),
                functools.partial(
                    _render,
                    "party_part.md.j2",
                    part.page,
                    party_id=party_id,
                    name=name,
                    part=part,
                    **common,
                ),
                (name, part.part, part.parts),
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
    pages.update(render_book(graph, common, memo))
    pages["data/entries.json"] = entries_json(graph, memo)
    pages["data/schema.json"] = _schema_json(None)
    for kind in KINDS.values():
        pages[f"data/schema/{kind.name}.json"] = _schema_json(kind.name)
    return dict(sorted(pages.items()))


def _not_related(backlinks: Iterable[Entry], related: Iterable[Entry]) -> list[Entry]:
    """The entries that refer to a page, less those its Related list already shows."""
    shown = {entry.id for entry in related}
    return [entry for entry in backlinks if entry.id not in shown]


def tag_label(tag: str, terms: Iterable[str] = ()) -> str:
    """A tag in words: `unsc-resolution` -> `UNSC resolution`, glossary terms in capitals."""
    upper = {term.upper() for term in terms} | {"UN", "US"}
    words = re.split(r"[-\s]+", tag.strip())
    return " ".join(
        # "un" is the UN only at the start of a tag (un-sanctions), not in kim-jong-un.
        word.upper() if word.upper() in upper and (index == 0 or len(word) > 2) else word
        for index, word in enumerate(words)
    )


# /sources/ lists every cited source on one page up to SOURCES_PAGE_LIMIT: today's 791 make
# 270 KiB of Markdown. Beyond it the page lists parts instead, one per type of source
# (sources/news.md, ...), and a type with more sources than SOURCES_PART_LIMIT is cut into
# even parts in publisher order (sources/news-1.md, ...), as the timeline is cut into decades.
# 10,000 entries of the benchmark cite some 10,600 sources: one page of 4.6 MB, which the
# preview converted again on every title edit (2.7 s). A part is what a title edit makes the
# preview convert again: at 1,000 entries, 0.08 s with parts of at most 500 (0.23 s with parts
# of at most 1,500).
SOURCES_PAGE_LIMIT = 1500
SOURCES_PART_LIMIT = 500
SOURCES_PAGE = "sources.md"


@dataclass(frozen=True)
class SourcePart:
    """One page of the bibliography past its one-page size: a type of source, or a part."""

    page: str
    type: str
    sources: list[Source]
    part: int = 0  # 0: the whole type
    parts: int = 0

    @property
    def label(self) -> str:
        return _part_label(SOURCE_TYPES[self.type], self.part, self.parts)

    @property
    def publishers(self) -> str:
        """The publishers it runs from and to (`Reuters to Yonhap`), "" if one or none."""
        names = [source.publisher for source in self.sources if source.publisher]
        if not names or names[0] == names[-1]:
            return names[0] if names else ""
        return f"{names[0]} to {names[-1]}"


def source_parts(groups: list[tuple[str, list[Source]]]) -> list[SourcePart]:
    """The bibliography's pages, or [] while it fits on one."""
    if sum(len(items) for _, items in groups) <= SOURCES_PAGE_LIMIT:
        return []
    return [
        SourcePart(page, name, chunk, part, parts)
        for name, items in groups
        for page, chunk, part, parts in split_pages(f"sources/{name}", items, SOURCES_PART_LIMIT)
    ]


def render_sources(
    graph: Graph,
    groups: list[tuple[str, list[Source]]],
    parts: list[SourcePart],
    common: dict[str, Any],
    memo: PageMemo | None = None,
) -> dict[str, str]:
    """sources.md: every source, or the list of the bibliography's parts and a page for each."""
    memo = PageMemo() if memo is None else memo
    context = {"cited_by": graph.cited_by, "source_types": SOURCE_TYPES, **common}

    def listed(sources: list[Source]) -> tuple[object, ...]:
        """What a list of sources shows: each source, and the entries citing it."""
        return tuple(o for s in sources for o in (s, *graph.cited_by.get(s.id or "", ()), None))

    if not parts:
        every = [source for _, items in groups for source in items]
        return {
            SOURCES_PAGE: memo.page(
                SOURCES_PAGE,
                listed(every),
                functools.partial(_render, "sources.md.j2", SOURCES_PAGE, groups=groups, **context),
            )
        }
    pages = {
        SOURCES_PAGE: _render(
            "sources_parts.md.j2",
            SOURCES_PAGE,
            parts=parts,
            total=sum(len(part.sources) for part in parts),
            limit=SOURCES_PAGE_LIMIT,
            part_limit=SOURCES_PART_LIMIT,
            **context,
        )
    }
    for part in parts:
        pages[part.page] = memo.page(
            part.page,
            listed(part.sources),
            functools.partial(_render, "sources_part.md.j2", part.page, part=part, **context),
            (part.part, part.parts),
        )
    return pages


def _bibliography_groups(graph: Graph) -> list[tuple[str, list[Source]]]:
    """Every cited source once, by type in the vocabulary's order, then publisher and title."""
    groups: dict[str, list[Source]] = {name: [] for name in SOURCE_TYPES}
    for source_id in graph.cited_by:
        source = graph.sources[source_id]
        groups[source.type or "other"].append(source)
    return [
        (name, sorted(items, key=lambda s: ((s.publisher or "~").lower(), s.title.lower(), s.id)))
        for name, items in groups.items()
        if items
    ]


# The briefing book is one printable page (book.md, /book/) up to this many entries: today's
# 185 make 749 KiB of Markdown with their citations. Beyond it one page helps no one (11 MB or
# more at 10,000, the slowest page of the build), so book.md lists volumes
# instead: one printable page per kind (book/sanctions.md, ...), and a kind with more entries
# than BOOK_VOLUME_LIMIT is cut, oldest first, into even parts of at most that many
# (book/sanctions-1.md, ...). A volume is what a title edit makes the preview convert again:
# at 1,000 entries the benchmark's edit touches three, 0.29 s with volumes of at most 50
# (0.59 s with at most 100); and a volume prints as a booklet rather than a tome.
# docs/performance.md records the decision.
BOOK_PAGE_LIMIT = 500
BOOK_VOLUME_LIMIT = 50


@dataclass(frozen=True)
class BookVolume(EntryList):
    """One printable page of the briefing book: a kind, or a part of a kind, oldest first."""

    @property
    def title(self) -> str:
        return f"Briefing book: {self.label}"


def book_volumes(graph: Graph) -> list[BookVolume]:
    """The book's volumes, or [] while the whole book fits on one page."""
    if len(graph.entries) <= BOOK_PAGE_LIMIT:
        return []
    return [
        BookVolume(page, kind, chunk, part, parts)
        for kind in KINDS.values()
        if (entries := _by_date(graph.of_kind(kind.name)))
        for page, chunk, part, parts in split_pages(f"book/{kind.name}", entries, BOOK_VOLUME_LIMIT)
    ]


def _part_label(name: str, part: int, parts: int) -> str:
    """`News reports`, or `News reports, part 2 of 3` for one of several parts (part > 0)."""
    return name if not part else f"{name}, part {part} of {parts}"


def even_parts(items: list[_Item], limit: int) -> list[list[_Item]]:
    """`items` in order, cut into as few parts as keep each within `limit`, of even size."""
    count = max(1, -(-len(items) // limit))
    size = -(-len(items) // count)
    return [items[index * size : (index + 1) * size] for index in range(count)]


def split_pages(
    stem: str, items: list[_Item], limit: int
) -> list[tuple[str, list[_Item], int, int]]:
    """`stem.md` holding the items, or even parts of at most `limit` (`stem-1.md`, ...), as
    (page, items, part, parts); part and parts are 0 for the whole. The book's volumes, the
    bibliography's parts, a party's pages by kind and a kind's list are cut by it."""
    chunks = even_parts(items, limit)
    if len(chunks) == 1:
        return [(f"{stem}.md", items, 0, 0)]
    return [
        (f"{stem}-{index}.md", chunk, index, len(chunks))
        for index, chunk in enumerate(chunks, start=1)
    ]


def render_book(
    graph: Graph, common: dict[str, Any], memo: PageMemo | None = None
) -> dict[str, str]:
    """book.md: the whole book, or the list of its volumes and a page for each."""
    memo = PageMemo() if memo is None else memo
    volumes = book_volumes(graph)
    # The cover's dates come from the content, never the clock: the same content prints the
    # same book.
    cover: dict[str, Any] = {
        "edition": max((e.reviewed for e in graph.entries if e.reviewed), default=None),
        "newest": newest_event(graph),
        "entry_count": len(graph.entries),
        "event_count": len(graph.timeline),
        "source_count": len(graph.cited_by),
    }
    if not volumes:
        return {
            "book.md": _render(
                "book.md.j2",
                "book.md",
                volume=None,
                groups=[(kind, _by_date(graph.of_kind(kind.name))) for kind in KINDS.values()],
                bodies={entry.id: _book_body(entry, graph, "book.md") for entry in graph.entries},
                by_id=graph.by_id,
                has_notes=any(graph.citations.get(entry.id) for entry in graph.entries),
                questions=QUESTIONS,
                stances=STANCES,
                **cover,
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
            limit=BOOK_VOLUME_LIMIT,
            **common,
        )
    }
    for volume in volumes:

        def anchor_of(entry: Entry, here: str = volume.page) -> Trusted:
            target = volume_of[entry.id]
            return Trusted(("" if target == here else relative(target, here)) + f"#{entry.id}")

        # A volume shows its entries, the titles of those their bodies link to and where
        # those are in the book, and the sources they cite (not the cover's counts).
        targets = [target for entry in volume.entries for target in _linked(entry, graph)]
        cited = [s for entry in volume.entries for s in graph.entry_sources.get(entry.id, ())]
        pages[volume.page] = memo.page(
            volume.page,
            (*volume.entries, None, *targets, None, *cited),
            functools.partial(
                _render,
                "book.md.j2",
                volume.page,
                volume=volume,
                groups=[(volume.kind, volume.entries)],
                bodies={e.id: _book_body(e, graph, volume.page) for e in volume.entries},
                by_id=graph.by_id,
                anchor_of=anchor_of,
                has_notes=any(graph.citations.get(entry.id) for entry in volume.entries),
                questions=QUESTIONS,
                stances=STANCES,
                **cover,
                **common,
            ),
            values=(volume.part, volume.parts, tuple(volume_of[t.id] for t in targets)),
        )
    return pages


# The timeline is one page while it holds at most TIMELINE_PAGE_LIMIT events: today's briefing
# has about 450. Beyond it, as for the book, one page of every event helps no one (4.4 MB of
# Markdown at 10,000 entries, and the slowest page of every build and preview): /timeline/
# then lists the decades, each on a page of its own (/timeline/1990s/), and keeps an anchor for
# every year so that links to `timeline.md#2006` still arrive. A decade of more than
# TIMELINE_PART_LIMIT events is cut at years into pages of about even size, each of at most
# that many unless one year alone holds more (/timeline/1980-1983/, /timeline/1985/): the
# benchmark's 1980s at 10,000 entries hold some 2,500 events, a page the preview converted
# again in 1.2 s after every title edit; a part of at most 250 events takes about 0.14 s (0.25 s
# at most 500). Today's decades, 175 events at most, are whole pages.
TIMELINE_PAGE_LIMIT = 1500
TIMELINE_PART_LIMIT = 250
# The print stylesheet of the book's parts, generated from the kinds (listed in mkdocs.yml).
BOOK_PAGES_CSS = "stylesheets/book-pages.css"


@dataclass(frozen=True)
class TimelinePart:
    """One page of the timeline past its one-page size: a decade, or some years of one."""

    page: str
    decade: int
    years: list[tuple[int, list[TimelineEvent]]]  # (year, its events), oldest first
    whole: bool  # the whole decade

    @property
    def span(self) -> str:
        """`the 1980s`, a range of years (1980 to 1983, with a dash), or one year."""
        first, last = self.years[0][0], self.years[-1][0]
        if self.whole:
            return f"the {self.decade}s"
        return str(first) if first == last else f"{first}–{last}"


def timeline_parts(
    graph: Graph, years: list[tuple[int, list[TimelineEvent]]] | None = None
) -> list[TimelinePart]:
    """The timeline's pages, oldest first, or [] while it fits on one."""
    years = _by_year(graph) if years is None else years
    if sum(len(events) for _, events in years) <= TIMELINE_PAGE_LIMIT:
        return []
    decades: dict[int, list[tuple[int, list[TimelineEvent]]]] = {}
    for year, events in years:
        decades.setdefault(year // 10 * 10, []).append((year, events))
    parts = []
    for decade, rows in decades.items():
        total = sum(len(events) for _, events in rows)
        if total <= TIMELINE_PART_LIMIT:
            parts.append(TimelinePart(f"timeline/{decade}s.md", decade, rows, whole=True))
            continue
        # Cut at years, aiming at even parts: a part closes when it reaches its share, or
        # when the next year would take it past the limit.
        share = total / -(-total // TIMELINE_PART_LIMIT)
        groups: list[list[tuple[int, list[TimelineEvent]]]] = [[]]
        size = 0
        for year, events in rows:
            if groups[-1] and (size >= share or size + len(events) > TIMELINE_PART_LIMIT):
                groups.append([])
                size = 0
            groups[-1].append((year, events))
            size += len(events)
        for group in groups:
            first, last = group[0][0], group[-1][0]
            name = str(first) if first == last else f"{first}-{last}"
            parts.append(TimelinePart(f"timeline/{name}.md", decade, group, whole=False))
    return parts


def year_pages(graph: Graph) -> dict[int, str]:
    """The page that lists each year's events: the timeline, or the part that holds it."""
    years = _by_year(graph)
    parts = timeline_parts(graph, years)
    if not parts:
        return {year: "timeline.md" for year, _ in years}
    return {year: part.page for part in parts for year, _ in part.years}


def render_timeline(
    graph: Graph,
    eras: Chart | None,
    common: dict[str, Any],
    memo: PageMemo | None = None,
) -> dict[str, str]:
    """timeline.md: every event, or the list of decades and a page for each part."""
    memo = PageMemo() if memo is None else memo
    years = _by_year(graph)
    context: dict[str, Any] = {
        "eras": eras,
        "event_types": EVENT_TYPES,
        "used_types": {event.type or "other" for event in graph.timeline},
    }
    parts = timeline_parts(graph, years)
    if not parts:
        page = "timeline.md"
        return {page: _render("timeline.md.j2", page, years=years, part=None, **context, **common)}
    decades: dict[int, list[TimelinePart]] = {}
    for part in parts:
        decades.setdefault(part.decade, []).append(part)
    pages = {
        "timeline.md": _render(
            "timeline_decades.md.j2",
            "timeline.md",
            decades=list(decades.items()),
            total=sum(len(events) for _, events in years),
            limit=TIMELINE_PAGE_LIMIT,
            part_limit=TIMELINE_PART_LIMIT,
            **context,
            **common,
        )
    }
    for part in parts:
        events = [event for _, year_events in part.years for event in year_events]
        # A part's page shows its events (made afresh on each load, so compared by their
        # words) and the entries that tell them, with the sources those cite.
        tellers = tuple(
            shown
            for event in events
            for teller in event.tellers
            for shown in (teller, *graph.entry_sources.get(teller.id, ()))
        )
        told = tuple((e.date, e.text, e.type, e.parties, len(e.tellers)) for e in events)
        pages[part.page] = memo.page(
            part.page,
            tellers,
            functools.partial(
                _render,
                "timeline.md.j2",
                part.page,
                years=part.years,
                part=part,
                **{**context, "eras": None},
                **common,
            ),
            values=(told, tuple(sorted(context["used_types"])), part.span),
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


_charts: tuple[Graph, dict[str, Chart]] | None = None


def charts_of(graph: Graph) -> dict[str, Chart]:
    """The charts of this graph, drawn once (the pages and the home page share them)."""
    global _charts
    if _charts is None or _charts[0] is not graph:
        _charts = (graph, draw_charts(graph))
    return _charts[1]


def _csv(header: list[str], rows: Iterable[list[str]]) -> str:
    """CSV text; a cell a spreadsheet would read as a formula is prefixed with an apostrophe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            ["'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell for cell in row]
        )
    return buffer.getvalue()


def entries_csv(graph: Graph) -> str:
    """/data/entries.csv: one row per entry."""
    return _csv(
        ["id", "kind", "title", "date", "end", "status", "parties", "url"],
        (
            [
                entry.id,
                entry.kind,
                entry.title,
                str(entry.date or ""),
                str(entry.end or ""),
                entry.status or "",
                " ".join(entry.parties),
                entry.url,
            ]
            for entry in graph.entries
        ),
    )


def timeline_csv(graph: Graph) -> str:
    """/data/timeline.csv: one row per event, with the entries that tell it."""
    return _csv(
        ["date", "type", "parties", "text", "entry urls"],
        (
            [
                str(event.date),
                event.type or "",
                " ".join(event.parties),
                strip_citations(event.text) if event.text is not None else event.entry.title,
                " ".join(entry.url for entry in event.tellers),
            ]
            for event in graph.timeline
        ),
    )


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


def render_book_address(site_url: str) -> str:
    """The line on the book's cover that says where the site is; none without a site_url."""
    if not site_url:
        return ""
    return f"Online at <{site_url}>\n{{: .briefing-book-address }}\n"


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
            if markdown is None
            or term in markdown
            or ((escaped := escape_markdown(term)) != term and escaped in markdown)
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
        eras=charts_of(graph).get("chart-eras"),
        newest=newest_event(graph),
        figures=[
            (figure.label, count_figure(graph, figure), figure_target(figure, graph))
            for figure in figures
        ],
        latest=reviewed[:6],
        counts={kind: len(graph.of_kind(kind)) for kind in KINDS},
        party_entries=graph.party_entries,
        decades=sorted({year // 10 * 10 for year in years}),
        years=years,
        year_page=year_pages(graph),
        kinds=KINDS,
        parties=graph.parties,
        party_page=party_page,
    )


def figure_target(figure: Figure, graph: Graph) -> str:
    """The page a figure counts from: the entry whose timeline it counts, the kind's index,
    or the tags page."""
    if figure.timeline_of is not None and figure.timeline_of in graph.by_id:
        return graph.by_id[figure.timeline_of].page + "#timeline"
    if figure.kind is not None:
        return f"{figure.kind}/index.md"
    return "tags.md"


def count_figure(graph: Graph, figure: Figure) -> int:
    """How many entries match the figure's kind, status and tag, or timeline items it counts."""
    if figure.timeline_of is not None:
        entry = graph.by_id.get(figure.timeline_of)
        return len(entry.timeline) if entry is not None else 0
    matching = [
        entry
        for entry in graph.entries
        if (figure.kind is None or entry.kind == figure.kind)
        and (figure.status is None or entry.status == figure.status)
        and (figure.tag is None or figure.tag in entry.tags)
    ]
    if not figure.processes:
        return len(matching)
    # Processes linked by `related` (either way), found once: checking every pair of matching
    # entries grew with the square of their number (0.3 s a home page at 10,000 entries).
    ids = {entry.id for entry in matching}
    linked: dict[str, set[str]] = {entry.id: set() for entry in matching}
    for entry in matching:
        for other in graph.related.get(entry.id, ()):
            if other.id in ids and other.id != entry.id:
                linked[entry.id].add(other.id)
                linked[other.id].add(entry.id)

    def within(part: Entry, whole: Entry) -> bool:
        return (
            part.date is not None
            and whole.date is not None
            and whole.end is not None
            and whole.date.sort_key <= part.date.sort_key <= whole.end.sort_key
        )

    return sum(
        1
        for entry in matching
        if not any(within(entry, graph.by_id[other]) for other in linked[entry.id])
    )


def render_generator(generator: str, version: str, theme_version: str | None) -> str:
    """The about page's line naming the static site generator that built this copy."""
    return _ENV.get_template("generator.md.j2").render(
        generator=generator, version=version, theme_version=theme_version
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
        "sources": [
            source.model_dump(mode="json", exclude_none=True)
            for source in graph.entry_sources.get(entry.id, ())
        ],
        "citations": [
            {"field": field_name, "source": cite.source, "locator": cite.locator}
            for field_name, cite in graph.citations.get(entry.id, ())
        ],
        "timeline": [
            {
                "date": str(item.date),
                "type": item.type,
                "parties": list(item.parties if item.parties is not None else entry.parties),
                "text": strip_citations(item.text),
                "sources": [
                    cite.source
                    for citation in find_citations(item.text, markdown=False)[0]
                    for cite in citation.cites
                ],
            }
            for item in sorted(entry.timeline, key=lambda item: item.date.sort_key)
        ],
        "reviewed": str(entry.reviewed) if entry.reviewed else None,
    }


def entries_json(graph: Graph, memo: PageMemo | None = None) -> str:
    """A JSON array with one entry per line: readable in a diff, and written by the json
    module's C encoder (an indented dump goes through its pure-Python one, 0.19 s at 1,000
    entries against 0.03 s)."""
    memo = PageMemo() if memo is None else memo
    records = [
        memo.page(
            f"data/entries.json#{entry.id}",
            (entry, *graph.entry_sources.get(entry.id, ())),
            functools.partial(_json_record, entry, graph),
            values=graph.citations.get(entry.id, ()),
        )
        for entry in graph.entries
    ]
    return "[\n" + ",\n".join(records) + "\n]\n" if records else "[]\n"


def _json_record(entry: Entry, graph: Graph) -> str:
    return json.dumps(entry_record(entry, graph), ensure_ascii=False)


@functools.cache
def _schema_json(kind: str | None) -> str:
    """The JSON Schema file of a kind (all kinds: None). It changes only with the code, so a
    preview makes it once, not after every save (pydantic takes 0.02 s for the eight)."""
    return _json(json_schema(None if kind is None else KINDS[kind]))


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


__all__ = ["Kind", "Trusted", "escape_markdown", "render_field_reference", "render_pages"]
