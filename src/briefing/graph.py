"""Cross-file resolution: ids, references, backlinks, the timeline and parties, in one pass."""

from __future__ import annotations

import contextlib
import difflib
import functools
import gc
import re
from collections import ChainMap, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from .body import Ref, Segment, split_body
from .citations import Cite, find_citations, strip_citations
from .loader import Document, Key
from .problems import ContentError, Problem, did_you_mean
from .schema import KINDS, GlossaryTerm, PartialDate, Source
from .validate import Content, Draft, Entry, LoadMemo, load_content

KIND_ORDER = {name: index for index, name in enumerate(KINDS)}
# What an entry's own row on the timeline is, as an event type.
OWN_ROW_TYPES = {"sanctions": "sanctions", "summits": "summit", "agreements": "agreement"}


@dataclass(frozen=True)
class TimelineEvent:
    """One row of the site-wide chronology: an entry's own date, or one event that one or more
    entries tell (the same date and the same words, citations aside, are one event)."""

    date: PartialDate
    entry: Entry  # the first entry that tells it; `entries` has them all
    text: str | None = None  # None for the entry's own date row
    type: str | None = None
    parties: tuple[str, ...] = ()  # who acted: the item's parties, else the entry's
    entries: tuple[Entry, ...] = ()

    @property
    def tellers(self) -> tuple[Entry, ...]:
        return self.entries or (self.entry,)

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(entry.kind for entry in self.tellers))

    @property
    def entry_ids(self) -> tuple[str, ...]:
        return tuple(entry.id for entry in self.tellers)

    @property
    def sort_key(self) -> tuple[tuple[int, int, int], int, int, str, str]:
        own_row_first = 0 if self.text is None else 1
        return (
            self.date.sort_key,
            own_row_first,
            KIND_ORDER[self.entry.kind],
            self.entry.id,
            self.text or "",
        )


@functools.lru_cache(maxsize=65536)
def event_key(text: str) -> str:
    """What makes two items the same event on the same date: their words, without citations,
    case or punctuation. Remembered, as _similar is, for the preview's next load."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", strip_citations(text).lower()).split())


@functools.lru_cache(maxsize=65536)
def _similar(first: str, second: str) -> bool:
    """Near-duplicates: most words shared, or nearly the same text.

    Remembered: the preview loads again after every save and compares the same pairs of
    same-day events, and difflib's ratio is the costly part of loading at scale (about 1 s of a
    10,000-entry refresh)."""
    words_a = {w for w in first.split() if len(w) > 2}
    words_b = {w for w in second.split() if len(w) > 2}
    if words_a and words_b and len(words_a & words_b) / len(words_a | words_b) >= 0.6:
        return True
    matcher = difflib.SequenceMatcher(None, first, second)
    # The quick upper bounds rule most pairs out before the full comparison.
    return (
        matcher.real_quick_ratio() >= 0.8
        and matcher.quick_ratio() >= 0.8
        and (matcher.ratio() >= 0.8)
    )


@dataclass(frozen=True)
class _Told:
    """A timeline item as one entry tells it, with where it is written."""

    event: TimelineEvent
    index: int  # its place in the entry's timeline list


def merge_events(told: list[_Told], problems: list[Problem]) -> list[TimelineEvent]:
    """One row per event: items with the same date and words become one row linking each
    entry that tells them; items of the same date that are nearly alike are reported, so the
    editor merges them (same words) or tells them apart."""
    by_date: dict[PartialDate, list[_Told]] = defaultdict(list)
    for item in told:
        by_date[item.event.date].append(item)
    merged: list[TimelineEvent] = []
    for items in by_date.values():
        groups: dict[str, list[_Told]] = {}
        for item in items:
            groups.setdefault(event_key(item.event.text or ""), []).append(item)
        keys = list(groups)
        for position, key in enumerate(keys):
            first = groups[key][0]
            for other_key in keys[:position]:
                if _similar(key, other_key):
                    earlier = groups[other_key][0]
                    document = first.event.entry.document
                    line, _ = earlier.event.entry.document.locate(
                        ("timeline", earlier.index, "text")
                    )
                    problems.append(
                        document.problem(
                            ("timeline", first.index, "text"),
                            f"this event of {first.event.date.label} nearly repeats "
                            f"{earlier.event.entry.path}:{line}: write it in the same words "
                            "(citations may differ) to show one event, or make the difference "
                            "clear",
                        )
                    )
                    break
            group = groups[key]
            tellers = tuple({item.event.entry.id: item.event.entry for item in group}.values())
            cites = "; ".join(
                dict.fromkeys(
                    cite_text for item in group for cite_text in _cite_texts(item.event.text or "")
                )
            )
            text = first.event.text or ""
            if len(group) > 1:
                text = strip_citations(text).rstrip(".") + (f" [{cites}]." if cites else ".")
            parties = tuple(dict.fromkeys(party for item in group for party in item.event.parties))
            event_type = next((i.event.type for i in group if i.event.type), None)
            merged.append(
                TimelineEvent(first.event.date, tellers[0], text, event_type, parties, tellers)
            )
    return merged


def _cite_texts(text: str) -> list[str]:
    """Each cite of a text as Pandoc writes it inside brackets: `@id` or `@id, locator`."""
    return [
        f"@{cite.source}" + (f", {cite.locator}" if cite.locator else "")
        for citation in find_citations(text, markdown=False)[0]
        for cite in citation.cites
    ]


@dataclass(frozen=True)
class Graph:
    """The linked content, ready to render; every collection is in a deterministic order."""

    entries: tuple[Entry, ...]
    by_id: Mapping[str, Entry]
    parties: Mapping[str, str]
    bodies: Mapping[str, tuple[Segment, ...]]
    related: Mapping[str, tuple[Entry, ...]]
    backlinks: Mapping[str, tuple[Entry, ...]]
    timeline: tuple[TimelineEvent, ...]
    party_entries: Mapping[str, tuple[Entry, ...]]
    party_views: Mapping[str, tuple[Entry, ...]]
    glossary: Mapping[str, GlossaryTerm] = field(default_factory=dict)
    # Every source by id (shared and entries' own), each entry's sources in the order it
    # lists them (then shared ones it cites without listing), and who cites each source.
    sources: Mapping[str, Source] = field(default_factory=dict)
    entry_sources: Mapping[str, tuple[Source, ...]] = field(default_factory=dict)
    cited_by: Mapping[str, tuple[Entry, ...]] = field(default_factory=dict)
    citations: Mapping[str, tuple[tuple[str, Cite], ...]] = field(default_factory=dict)

    def of_kind(self, kind: str) -> tuple[Entry, ...]:
        return tuple(entry for entry in self.entries if entry.kind == kind)


def entry_order(entry: Entry | Draft) -> tuple[int, str]:
    return (KIND_ORDER[entry.kind], entry.id)


@dataclass(frozen=True)
class _Resolved:
    """What one entry's references point at, once checked."""

    targets: frozenset[str]  # ids it links to through related and [[id]], itself excluded
    segments: tuple[Segment, ...]
    parties: tuple[str, ...]
    subject: str | None


def _check_references(
    entry: Entry | Draft, known: Mapping[str, Entry], content: Content, problems: list[Problem]
) -> _Resolved:
    """Report every reference of one entry that does not resolve; return those that do.

    Drafts (invalid entries) go through here too, so a mistake in a reference is reported in
    the same run as the entry's other errors. Ids of drafts are neither known nor unknown:
    their files' own errors are reported.
    """
    document = entry.document
    targets: set[str] = set()
    parties: list[str] = []
    subject = None
    if document is None:
        return _Resolved(frozenset(), (), (), None)
    invalid = content.invalid_ids

    seen: set[str] = set()
    for index, target in enumerate(entry.related):
        where = ("related", index)
        if target is None:
            continue  # not an id: the schema has said so
        if target == entry.id:
            problems.append(document.problem(where, "an entry cannot be related to itself"))
        elif target in seen:
            problems.append(document.problem(where, f'"{target}" is listed twice in related'))
        elif target in invalid:
            pass  # an entry whose own errors are reported
        elif target not in known:
            hint = did_you_mean(target, known)
            problems.append(document.problem(where, f'unknown entry id "{target}"{hint}'))
        else:
            targets.add(target)
        seen.add(target)

    segments = split_body(entry.body) if entry.body else ()
    for segment in segments:
        if not isinstance(segment, Ref) or segment.target in invalid:
            continue
        if segment.target not in known:
            line, column = document.find(segment.source, ("body",), segment.occurrence)
            hint = did_you_mean(segment.target, known)
            message = f'unknown entry id "{segment.target}" in [[…]]{hint}'
            problems.append(Problem(entry.path, line, column, message))
        elif segment.target != entry.id:
            targets.add(segment.target)

    # Without a readable parties file every party would look unknown; its own error is reported.
    check_parties = content.parties_document is not None
    listed: set[str] = set()
    for index, party in enumerate(entry.parties):
        if party is None:
            continue
        if party in listed:
            problems.append(document.problem(("parties", index), f'"{party}" is listed twice'))
        elif party in content.parties:
            parties.append(party)
        elif check_parties:
            problems.append(
                document.problem(
                    ("parties", index),
                    f'unknown party "{party}"{did_you_mean(party, content.parties)}; '
                    "parties are listed in content/parties.yaml",
                )
            )
        listed.add(party)
    for index, item in enumerate(getattr(entry, "timeline", None) or ()):
        for number, party in enumerate(item.parties or ()):
            if check_parties and party not in content.parties:
                problems.append(
                    document.problem(
                        ("timeline", index, "parties", number),
                        f'unknown party "{party}"{did_you_mean(party, content.parties)}; '
                        "parties are listed in content/parties.yaml",
                    )
                )
    if entry.subject is not None:
        if entry.subject in content.parties:
            subject = entry.subject
        elif check_parties:
            hint = did_you_mean(entry.subject, content.parties)
            problems.append(
                document.problem(("subject",), f'unknown party "{entry.subject}"{hint}')
            )
    return _Resolved(frozenset(targets), segments, tuple(parties), subject)


def resolve_references(content: Content) -> tuple[Graph | None, list[Problem]]:
    """Check every cross-file rule and build the link graph, or report what does not resolve."""
    problems: list[Problem] = []
    entries = tuple(sorted(content.entries, key=entry_order))
    by_id: dict[str, Entry] = {}
    first_path: dict[str, str] = {}
    # The same id in two kinds is an error whether or not either file is otherwise valid.
    every: list[Entry | Draft] = [*entries, *content.drafts]
    for item in sorted(every, key=entry_order):
        if item.id in first_path:
            problems.append(
                Problem(item.path, 1, 1, f'id "{item.id}" is already used by {first_path[item.id]}')
            )
            continue
        first_path[item.id] = item.path
        if isinstance(item, Entry):
            by_id[item.id] = item
    for draft in content.drafts:
        _check_references(draft, by_id, content, problems)

    bodies: dict[str, tuple[Segment, ...]] = {}
    related: dict[str, tuple[Entry, ...]] = {}
    incoming: dict[str, set[str]] = defaultdict(set)
    party_entries: dict[str, list[Entry]] = defaultdict(list)
    party_views: dict[str, list[Entry]] = defaultdict(list)
    events: list[TimelineEvent] = []
    told: list[_Told] = []

    for entry in entries:
        resolved = _check_references(entry, by_id, content, problems)
        for target in resolved.targets:
            incoming[target].add(entry.id)
        related[entry.id] = tuple(
            by_id[t] for t in dict.fromkeys(entry.related) if t in by_id and t != entry.id
        )
        bodies[entry.id] = resolved.segments
        for party in resolved.parties:
            party_entries[party].append(entry)
        if resolved.subject is not None:
            party_views[resolved.subject].append(entry)

        # An entry's own row, unless one of its items already marks that date (and links it).
        if entry.date is not None and all(item.date != entry.date for item in entry.timeline):
            own_type = OWN_ROW_TYPES.get(entry.kind)
            events.append(TimelineEvent(entry.date, entry, None, own_type, resolved.parties))
        told.extend(
            _Told(
                TimelineEvent(
                    item.date,
                    entry,
                    item.text,
                    item.type,
                    tuple(item.parties) if item.parties is not None else resolved.parties,
                ),
                index,
            )
            for index, item in enumerate(entry.timeline)
        )

    events.extend(merge_events(told, problems))
    bibliography = resolve_citations(entries, content, problems)
    if problems:
        return None, problems
    backlinks = {
        entry_id: tuple(sorted((by_id[source] for source in sources), key=entry_order))
        for entry_id, sources in incoming.items()
    }
    graph = Graph(
        entries=entries,
        by_id=by_id,
        parties=dict(sorted(content.parties.items())),
        bodies=bodies,
        related=related,
        backlinks=backlinks,
        timeline=tuple(sorted(events, key=lambda event: event.sort_key)),
        party_entries={party: tuple(items) for party, items in sorted(party_entries.items())},
        party_views={party: tuple(items) for party, items in sorted(party_views.items())},
        glossary=content.glossary,
        sources=bibliography.sources,
        entry_sources=bibliography.entry_sources,
        cited_by=bibliography.cited_by,
        citations=bibliography.citations,
    )
    return graph, []


@dataclass(frozen=True)
class _Bibliography:
    sources: dict[str, Source]
    entry_sources: dict[str, tuple[Source, ...]]
    cited_by: dict[str, tuple[Entry, ...]]
    citations: dict[str, tuple[tuple[str, Cite], ...]]


def _cited_texts(entry: Entry) -> list[tuple[str, Key, str, bool]]:
    """(field name, key, text, is Markdown) of every field of an entry that cites."""
    texts: list[tuple[str, Key, str, bool]] = []
    if entry.body:
        texts.append(("body", ("body",), entry.body, True))
    for index, item in enumerate(entry.timeline):
        texts.append(("timeline", ("timeline", index, "text"), item.text, False))
    for question, stance in (entry.positions or {}).items():
        texts.append((f"positions.{question}", ("positions", question, "note"), stance.note, False))
        for index, record in enumerate(stance.history):
            key: Key = ("positions", question, "history", index, "note")
            texts.append((f"positions.{question}", key, record.note, False))
    return texts


def _reported(source_id: str, content: Content) -> bool:
    """Whether a shared source's own problem is reported already (invalid, or its file could
    not be read), so that citing it is not a second error."""
    return source_id in content.invalid_sources or content.unreadable_bibliography


@dataclass(frozen=True)
class _Place:
    """Where something is written, as `path:line`; the line is looked up only when a
    message names it (looking it up reads the file's positions)."""

    document: Document
    key: Key
    at_key: bool = False

    def __str__(self) -> str:
        line, _ = self.document.locate(self.key, at_key=self.at_key)
        return f"{self.document.path}:{line}"


def resolve_citations(
    entries: tuple[Entry, ...], content: Content, problems: list[Problem]
) -> _Bibliography:
    """Check every citation against the entry's sources and the shared bibliography: unknown
    and duplicate ids, sources no one cites, one document under two ids."""
    shared = content.bibliography
    shared_doc = content.bibliography_document
    sources: dict[str, Source] = dict(shared)
    first_id: dict[str, _Place] = {}
    first_url: dict[str, tuple[str, _Place]] = {}

    if shared_doc is not None:
        for source_id, source in shared.items():
            first_id[source_id] = _Place(shared_doc, (source_id,), at_key=True)
            for address in (source.url, source.archived):
                if address is not None and address not in first_url:
                    first_url[address] = (source_id, first_id[source_id])

    entry_sources: dict[str, tuple[Source, ...]] = {}
    cited_by: dict[str, list[Entry]] = defaultdict(list)
    citations: dict[str, tuple[tuple[str, Cite], ...]] = {}
    for entry in entries:
        document = entry.document
        local: dict[str, Source] = {}
        listed: dict[str, int] = {}
        for index, item in enumerate(entry.sources):
            if isinstance(item, str):
                if item in listed:
                    problems.append(
                        document.problem(("sources", index), f'"{item}" is listed twice')
                    )
                elif item not in shared and not _reported(item, content):
                    hint = did_you_mean(item, shared)
                    problems.append(
                        document.problem(
                            ("sources", index),
                            f'unknown shared source "{item}"{hint}; shared sources are '
                            "listed in content/sources.yaml",
                        )
                    )
                listed[item] = index
                continue
            if item.id is None:
                continue  # reported by validate: it cannot be cited
            if item.id in first_id:
                problems.append(
                    document.problem(
                        ("sources", index, "id"),
                        f'source id "{item.id}" is already used by {first_id[item.id]}'
                        + (
                            f'; list the shared source as the plain id "{item.id}" instead'
                            if item.id in shared
                            else ""
                        ),
                    )
                )
                continue
            first_id[item.id] = _Place(document, ("sources", index, "id"))
            for field_name, address in (("url", item.url), ("archived", item.archived)):
                if address is None:
                    continue
                if address in first_url and first_url[address][0] != item.id:
                    other, at = first_url[address]
                    problems.append(
                        document.problem(
                            ("sources", index, field_name),
                            f'this address is already source "{other}" ({at}): cite that '
                            "one, moving it to content/sources.yaml if several entries use it",
                        )
                    )
                first_url.setdefault(address, (item.id, first_id[item.id]))
            local[item.id] = item
            sources[item.id] = item

        # Not {**shared, **local}: copying the whole bibliography for each entry grows as
        # entries times shared sources.
        known = ChainMap(local, cast(dict[str, Source], shared))
        used: list[tuple[str, Cite]] = []
        for field_name, key, text, markdown in _cited_texts(entry):
            found, _ = find_citations(text, markdown=markdown)
            for citation in found:
                for cite in citation.cites:
                    if cite.source in known:
                        used.append((field_name, cite))
                        continue
                    if _reported(cite.source, content):
                        continue
                    line, column = document.find(citation.text, key, citation.occurrence)
                    hint = did_you_mean(cite.source, known)
                    problems.append(
                        Problem(
                            entry.path,
                            line,
                            column,
                            f'unknown source id "{cite.source}" in {citation.text}{hint}; '
                            "cite one of the entry's sources or a shared source",
                        )
                    )
        cited = {cite.source for _, cite in used}
        for index, item in enumerate(entry.sources):
            source_id = item if isinstance(item, str) else item.id
            if source_id is not None and source_id in known and source_id not in cited:
                problems.append(
                    document.problem(
                        ("sources", index),
                        f'source "{source_id}" is never cited: cite it with [@{source_id}] '
                        "where the entry relies on it, or remove it",
                    )
                )
        order = [s if isinstance(s, str) else s.id for s in entry.sources]
        order += [cite.source for _, cite in used]
        entry_sources[entry.id] = tuple(
            known[source_id] for source_id in dict.fromkeys(order) if source_id in known
        )
        for source_id in dict.fromkeys(cite.source for _, cite in used):
            cited_by[source_id].append(entry)
        citations[entry.id] = tuple(used)

    used_by_drafts = {source_id for draft in content.drafts for source_id in draft.cited}
    if shared_doc is not None:
        for source_id in shared:
            if source_id not in cited_by and source_id not in used_by_drafts:
                problems.append(
                    shared_doc.problem(
                        (source_id,),
                        f'shared source "{source_id}" is cited by no entry: cite it, or remove it',
                        at_key=True,
                    )
                )
    return _Bibliography(
        sources=dict(sorted(sources.items())),
        entry_sources=entry_sources,
        cited_by={key: tuple(value) for key, value in sorted(cited_by.items())},
        citations=citations,
    )


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Cyclic garbage collection paused while a run builds its graph and pages, which then
    stay out of later collections.

    Loading makes millions of small objects that all live on (positions, entries, events,
    pages). The collector runs each time enough objects have been made and scans the older
    ones again: 2 s of 7 s of loading at 10,000 entries, growing faster than the content, and
    again in every collection during the MkDocs build. Reference counting still frees all that
    is not in a cycle. Afterwards the survivors are frozen (gc.freeze), so the build's
    collections skip them; the next run unfreezes them first, so a preview's old graphs can
    still be collected.
    """
    enabled = gc.isenabled()
    gc.unfreeze()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def load_graph(root: Path, display_root: str = "content", memo: LoadMemo | None = None) -> Graph:
    """Load, validate and resolve a content tree; raise ContentError with every problem.

    With a `memo` (the preview's), files unchanged since its last load are not read again."""
    with gc_paused():
        content, problems = load_content(root, display_root, memo)
        graph, link_problems = resolve_references(content)
    problems.extend(link_problems)
    if problems or graph is None:
        raise ContentError(problems)
    return graph
