"""Documents -> typed entries: the schema's verdict, in words an editor can act on."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from pydantic import BaseModel, ValidationError

from .body import check_body
from .citations import CITATION_RE, body_blocks, find_citations
from .loader import Document, Key, SourceFile, find_source_files, load_document
from .problems import Problem, closest, did_you_mean
from .reposts import repost_host
from .schema import (
    ID_RE,
    KINDS,
    RESERVED_ID_RE,
    EntryFields,
    GlossaryTerm,
    Kind,
    PartialDate,
    Role,
    Source,
    Stance,
    StanceRecord,
    TimelineItem,
)

PARTIES_FILE = "parties.yaml"
GLOSSARY_FILE = "glossary.yaml"
SOURCES_FILE = "sources.yaml"
ROOT_FILES = (PARTIES_FILE, GLOSSARY_FILE, SOURCES_FILE)
_T = TypeVar("_T")
TERM_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .&'/-]{0,39}$")
# Every field any kind has; an entry of a kind without one (`subject`) gets None.
_FIELD_NAMES = tuple(
    dict.fromkeys(name for kind in KINDS.values() for name in kind.model.model_fields)
)


def entry_page(kind: str, entry_id: str) -> str:
    """Where an entry's page is generated, relative to the docs root."""
    return f"{kind}/{entry_id}.md"


@dataclass(frozen=True)
class Entry:
    """One validated entry: its identity, its fields and where it came from."""

    id: str
    kind: str
    fields: EntryFields
    document: Document = field(repr=False, compare=False)

    @property
    def path(self) -> str:
        return self.document.path

    @property
    def page(self) -> str:
        """The generated Markdown page, relative to the docs root."""
        return entry_page(self.kind, self.id)

    @property
    def url(self) -> str:
        return f"{self.kind}/{self.id}/"

    def __post_init__(self) -> None:
        # The validated fields become plain attributes (entry.title, entry.sources), set once:
        # templates read them hundreds of thousands of times at scale. A kind's model holds
        # its fields in its __dict__; asking the model for a field it lacks (`roles` of a
        # summit) goes through pydantic's __getattr__ and an AttributeError, 8 ms at 1,000.
        values = self.fields.__dict__
        for name in _FIELD_NAMES:
            object.__setattr__(self, name, values.get(name))

    if TYPE_CHECKING:  # the attributes set above, for type checkers

        def __getattr__(self, name: str) -> Any: ...


@dataclass(frozen=True)
class Draft:
    """An entry file that is not valid: its own errors are reported, and whatever references
    can still be read from it are checked in the same run, so no mistake waits for the next.

    References that are not well-formed ids are left out; the schema has reported them.
    """

    id: str
    kind: str
    path: str
    document: Document | None = field(repr=False, compare=False)
    related: tuple[str | None, ...] = ()  # None where an item is not an id, keeping positions
    body: str | None = None
    parties: tuple[str | None, ...] = ()
    subject: str | None = None
    # Source ids it lists or cites, so shared sources it uses are not reported as unused.
    cited: frozenset[str] = frozenset()

    @classmethod
    def read(cls, entry_id: str, kind: str, path: str, document: Document | None) -> Draft:
        data = document.data if document is not None else {}
        body = data.get("body")
        subject = data.get("subject")
        return cls(
            entry_id,
            kind,
            path,
            document,
            related=_ids(data.get("related")),
            body=body if isinstance(body, str) else None,
            parties=_ids(data.get("parties")),
            subject=subject if isinstance(subject, str) and ID_RE.match(subject) else None,
            cited=_cited_ids(data),
        )


def _cited_ids(data: Any) -> frozenset[str]:
    """Every `[@id]` anywhere in a document's text, and the shared ids its sources list."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            for citation in find_citations(value, markdown=False)[0]:
                found.update(cite.source for cite in citation.cites)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data)
    sources = data.get("sources") if isinstance(data, dict) else None
    if isinstance(sources, list):
        found.update(item for item in sources if isinstance(item, str))
    return frozenset(found)


def _ids(value: Any) -> tuple[str | None, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(item if isinstance(item, str) and ID_RE.match(item) else None for item in value)


@dataclass(frozen=True)
class Content:
    """Everything loaded and validated from a content tree."""

    entries: tuple[Entry, ...]
    parties: Mapping[str, str]
    parties_document: Document | None = field(default=None, compare=False)
    glossary: Mapping[str, GlossaryTerm] = field(default_factory=dict)
    # The shared bibliography, content/sources.yaml: source id -> source.
    bibliography: Mapping[str, Source] = field(default_factory=dict)
    bibliography_document: Document | None = field(default=None, compare=False)
    # Entry files that failed to load or validate: their own errors are reported, references
    # to them are not reported again as unknown, and their own references are still checked.
    drafts: tuple[Draft, ...] = ()
    # Shared sources that are reported invalid, and whether sources.yaml could not be read at
    # all: citations of them are not reported again as unknown.
    invalid_sources: frozenset[str] = frozenset()
    unreadable_bibliography: bool = False

    @cached_property
    def invalid_ids(self) -> frozenset[str]:
        return frozenset(draft.id for draft in self.drafts)


class LoadMemo:
    """What reading and validating each file gave, kept between two loads of the same folder.

    `briefing serve` loads the whole content folder after every save; with a memo, a file whose
    size, modification time and inode are unchanged is not parsed and validated again, and its
    entry is the same object as before, which lets rendering tell unchanged pages apart
    (render.PageMemo). Everything that depends on several files is still computed afresh.
    """

    def __init__(self) -> None:
        self._results: dict[str, tuple[tuple[int, ...], Any]] = {}
        self._seen: set[str] = set()

    def get(self, source: SourceFile, compute: Callable[[], _T]) -> _T:
        self._seen.add(source.display)
        try:
            stat = os.stat(source.path)
        except OSError:
            return compute()
        stamp = (stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_dev)
        found = self._results.get(source.display)
        if found is not None and found[0] == stamp:
            return cast(_T, found[1])
        value = compute()
        self._results[source.display] = (stamp, value)
        return value

    def forget_unseen(self) -> None:
        """Drop the files that were not there in the last load."""
        for display in set(self._results) - self._seen:
            del self._results[display]
        self._seen = set()


def _unmemoized(source: SourceFile, compute: Callable[[], _T]) -> _T:
    return compute()


def load_content(
    root: Path, display_root: str = "content", memo: LoadMemo | None = None
) -> tuple[Content, list[Problem]]:
    """Load and validate every file under `root`; problems are returned, never raised."""
    files, problems = find_source_files(root, display_root)
    remembered = memo.get if memo is not None else _unmemoized
    entries: list[Entry] = []
    drafts: list[Draft] = []
    glossary: dict[str, GlossaryTerm] = {}
    parties: dict[str, str] = {}
    parties_document: Document | None = None
    bibliography: dict[str, Source] = {}
    bibliography_document: Document | None = None
    unusable: frozenset[str] = frozenset()
    unreadable_bibliography = False
    for source in files:
        if source.folder == "" and source.path.name == SOURCES_FILE:
            document, found, checked = remembered(source, functools.partial(_load_sources, source))
        elif source.folder in KINDS and _valid_file_id(source.path.stem):
            document, found, validated = remembered(
                source, functools.partial(_load_entry, source, KINDS[source.folder])
            )
        else:
            document, found = load_document(source.path, source.display)
        problems.extend(found)
        if source.folder == "":
            if source.path.name not in ROOT_FILES:
                problems.append(
                    Problem(
                        source.display,
                        1,
                        1,
                        f"entries go in a kind folder ({', '.join(KINDS)}); "
                        f"only {' and '.join(ROOT_FILES)} sit at the top of content/",
                    )
                )
            elif document is not None and source.path.name == PARTIES_FILE:
                parties_document = document
                parties, found = validate_parties(document)
                problems.extend(found)
            elif document is not None and source.path.name == GLOSSARY_FILE:
                glossary, found = validate_glossary(document)
                problems.extend(found)
            elif source.path.name == SOURCES_FILE:
                bibliography_document = document
                if document is not None:
                    bibliography, unusable, found = checked
                    problems.extend(found)
                elif any(p.message.startswith("the file is empty") for p in found):
                    # A bibliography with no source yet (only comments) is fine.
                    problems.remove(next(p for p in found if p.message.startswith("the file")))
                else:
                    unreadable_bibliography = True
            continue
        kind = KINDS.get(source.folder)
        if kind is None:
            problems.append(
                Problem(
                    source.display,
                    1,
                    1,
                    f'unknown kind folder "{source.folder}"{did_you_mean(source.folder, KINDS)}; '
                    f"kinds are {', '.join(KINDS)}",
                )
            )
            continue
        entry_id = source.path.stem
        if not _valid_file_id(entry_id):
            problems.append(
                Problem(
                    source.display,
                    1,
                    1,
                    f'file name "{source.path.name}" is not a valid id: use lowercase letters, '
                    "digits and single hyphens, like un-resolution-1718.yaml",
                )
            )
            continue
        if RESERVED_ID_RE.match(entry_id):
            problems.append(
                Problem(
                    source.display,
                    1,
                    1,
                    f'the id "{entry_id}" is taken by the pages listing the {kind.label.lower()}: '
                    "give the file another name",
                )
            )
            continue
        entry, invalid_fields = validated
        problems.extend(invalid_fields)
        if entry is not None and not found:
            entries.append(entry)
        else:
            drafts.append(Draft.read(entry_id, kind.name, source.display, document))
    if memo is not None:
        memo.forget_unseen()
    if parties_document is None and not any(p.path.endswith(PARTIES_FILE) for p in problems):
        problems.append(
            Problem(f"{display_root}/{PARTIES_FILE}", 1, 1, "missing: it maps party ids to names")
        )
    content = Content(
        tuple(entries),
        parties,
        parties_document,
        glossary,
        bibliography,
        bibliography_document,
        tuple(drafts),
        unusable,
        unreadable_bibliography,
    )
    return content, problems


def _valid_file_id(entry_id: str) -> bool:
    return bool(ID_RE.match(entry_id)) and len(entry_id) <= 80


def _load_entry(
    source: SourceFile, kind: Kind
) -> tuple[Document | None, list[Problem], tuple[Entry | None, list[Problem]]]:
    """One entry file read and validated on its own (what a LoadMemo keeps)."""
    document, found = load_document(source.path, source.display)
    if document is None:
        return document, found, (None, [])
    return document, found, validate_entry(document, kind, source.path.stem)


def _load_sources(
    source: SourceFile,
) -> tuple[Document | None, list[Problem], tuple[dict[str, Source], frozenset[str], list[Problem]]]:
    """The shared bibliography read and validated on its own (what a LoadMemo keeps)."""
    document, found = load_document(source.path, source.display)
    if document is None:
        return document, found, ({}, frozenset(), [])
    return document, found, validate_bibliography(document)


def validate_bibliography(
    document: Document,
) -> tuple[dict[str, Source], frozenset[str], list[Problem]]:
    """content/sources.yaml: `SOURCE-ID: {title, url, archived?, publisher?, date?, type?}`.

    Returns the valid sources, the ids of the invalid ones (reported here, so that citations
    of them are not reported again as unknown), and the problems.
    """
    sources: dict[str, Source] = {}
    invalid: set[str] = set()
    problems: list[Problem] = []
    if document.data is None:
        return sources, frozenset(), problems
    for source_id, value in document.data.items():
        if not ID_RE.match(source_id) or len(source_id) > 80:
            problems.append(
                document.problem(
                    (source_id,),
                    f'source id "{source_id}" must be lowercase letters, digits and single hyphens',
                    at_key=True,
                )
            )
            continue
        if value is not None and not isinstance(value, dict):
            problems.append(
                document.problem(
                    (source_id,),
                    f'source "{source_id}" must be a mapping of fields (title, url, archived, '
                    "publisher, date, type)",
                )
            )
            invalid.add(source_id)
            continue
        if isinstance(value, dict) and "id" in value:
            problems.append(
                document.problem(
                    (source_id, "id"), 'remove "id": it is given by the key above', at_key=True
                )
            )
            invalid.add(source_id)
            continue
        try:
            sources[source_id] = Source.model_validate({**(value or {}), "id": source_id})
        except ValidationError as error:
            invalid.add(source_id)
            for detail in error.errors():
                loc = (source_id, *detail["loc"])
                name = str(detail["loc"][-1]) if detail["loc"] else source_id
                if detail["type"] == "extra_forbidden":
                    message = f'unknown field "{name}"{did_you_mean(name, Source.model_fields)}'
                    problems.append(document.problem(loc, message, at_key=True))
                    continue
                problems.append(_located(document, KINDS["topics"], {**detail, "loc": loc}))
        else:
            problems.extend(check_source(document, (source_id,), sources[source_id]))
    return sources, frozenset(invalid), problems


def check_source(document: Document, key: Key, source: Source) -> list[Problem]:
    """The sourcing policy: an address, the original's address as `url`, no host of a copy
    named as the publisher."""
    problems = []
    if source.url is None and source.archived is None:
        problems.append(
            document.problem(key, "a source needs a url (the original), an archived copy, or both")
        )
    if source.url is not None and (listed := repost_host(source.url)) is not None:
        host, why = listed
        problems.append(
            document.problem(
                (*key, "url"),
                f"\"{host}\" only reposts others' work ({why}): give the original publisher's "
                "title, publisher, date and url, and this address as `archived`",
            )
        )
    for name in ("url", "archived"):
        address = getattr(source, name)
        if address is not None and "&amp;" in address:
            problems.append(
                document.problem(
                    (*key, name),
                    f'the {name} holds "&amp;", an ampersand escaped for HTML (as a page shows '
                    'it): write "&"',
                )
            )
    if source.publisher is not None and " via " in f" {source.publisher.lower()} ":
        problems.append(
            document.problem(
                (*key, "publisher"),
                f'publisher "{source.publisher}" names a copy: name the original publisher '
                "only, and give the copy's address as `archived`",
            )
        )
    return problems


def validate_parties(document: Document) -> tuple[dict[str, str], list[Problem]]:
    parties: dict[str, str] = {}
    problems: list[Problem] = []
    for party_id, name in document.data.items():
        if not ID_RE.match(party_id):
            problems.append(
                document.problem(
                    (party_id,),
                    f'party id "{party_id}" must be lowercase letters, digits and single hyphens',
                    at_key=True,
                )
            )
        elif not isinstance(name, str) or not name.strip():
            problems.append(
                document.problem((party_id,), f'party "{party_id}" needs a name as plain text')
            )
        else:
            parties[party_id] = " ".join(name.split())
    return parties, problems


def validate_glossary(document: Document) -> tuple[dict[str, GlossaryTerm], list[Problem]]:
    """content/glossary.yaml: `TERM: {expansion, definition}` for each abbreviation."""
    terms: dict[str, GlossaryTerm] = {}
    problems: list[Problem] = []
    for term, value in document.data.items():
        if not TERM_RE.match(term):
            problems.append(
                document.problem(
                    (term,),
                    f'glossary term "{term}" must be a short word or abbreviation',
                    at_key=True,
                )
            )
            continue
        try:
            terms[term] = GlossaryTerm.model_validate(value)
        except ValidationError as error:
            for detail in error.errors():
                loc = (term, *detail["loc"])
                field_name = str(detail["loc"][-1]) if detail["loc"] else term
                if detail["type"] == "missing":
                    message = f'missing required field "{field_name}" in glossary term "{term}"'
                elif detail["type"] == "extra_forbidden":
                    message = (
                        f'unknown field "{field_name}"'
                        f"{did_you_mean(field_name, GlossaryTerm.model_fields)}"
                    )
                else:
                    message = f'glossary term "{term}": {detail["msg"]}'
                problems.append(document.problem(loc, message))
    return dict(sorted(terms.items(), key=lambda item: item[0].lower())), problems


def validate_entry(
    document: Document, kind: Kind, entry_id: str
) -> tuple[Entry | None, list[Problem]]:
    """Validate one document against its kind's model and the body policy."""
    problems: list[Problem] = []
    data = document.data
    for reserved in ("id", "kind"):
        if reserved in data:
            where = "the file name" if reserved == "id" else "the folder"
            problems.append(
                document.problem(
                    (reserved,), f'remove "{reserved}": it is given by {where}', at_key=True
                )
            )
    data = {key: value for key, value in data.items() if key not in ("id", "kind")}
    fields: EntryFields | None = None
    try:
        fields = kind.model.model_validate(data)
    except ValidationError as error:
        details: list[dict[str, Any]] = [
            {**d, "loc": _clean_loc(tuple(d["loc"]))} for d in error.errors()
        ]
        # A misspelt field shows as "unknown" and as "missing": report it once, as the misspelling.
        misspelt = {
            (*d["loc"][:-1], closest(str(d["loc"][-1]), _model_at(kind, d["loc"]).model_fields))
            for d in details
            if d["type"] == "extra_forbidden"
        }
        for detail in details:
            if detail["type"] == "missing" and tuple(detail["loc"]) in misspelt:
                continue
            problems.append(_located(document, kind, detail))
    body = data.get("body")
    if isinstance(body, str):
        for issue in check_body(body, entry_page(kind.name, entry_id)):
            line, column = document.find(issue.source, ("body",), issue.occurrence)
            problems.append(Problem(document.path, line, column, issue.message))
    if fields is not None and fields.date and fields.end and fields.end < fields.date:
        problems.append(
            document.problem(("end",), f"end ({fields.end}) is before date ({fields.date})")
        )
    if fields is not None:
        problems.extend(_check_citing(document, fields))
    if problems or fields is None:
        return None, problems
    return Entry(entry_id, kind.name, fields, document), []


def _check_citing(document: Document, fields: EntryFields) -> list[Problem]:
    """Every claim cites: each body block, timeline item and position note carries a
    well-formed citation; plain-text fields carry none; each source can be cited."""
    problems: list[Problem] = []

    def cites(text: str, key: Key, markdown: bool = False) -> bool:
        """Whether the text has any citation; malformed ones are reported where they are."""
        citations, issues = find_citations(text, markdown=markdown)
        for issue in issues:
            line, column = document.find(issue.text, key, issue.occurrence)
            problems.append(Problem(document.path, line, column, issue.message))
        return bool(citations or issues)

    for name in ("title", "summary"):
        if CITATION_RE.search(getattr(fields, name)):
            problems.append(
                document.problem(
                    (name,),
                    f"the {name} is plain text and carries no citation: cite in the body, "
                    "the timeline or a position note",
                )
            )
    if fields.body:
        cites(fields.body, ("body",), markdown=True)
        for block in body_blocks(fields.body):
            if not block.cited:
                line, column = document.find(block.first_line, ("body",), block.occurrence)
                problems.append(
                    Problem(
                        document.path,
                        line,
                        column,
                        f"this {block.kind} of the body cites no source: add [@source-id] "
                        "for the source that states it",
                    )
                )
    for index, item in enumerate(fields.timeline):
        key: Key = ("timeline", index, "text")
        if not cites(item.text, key):
            problems.append(
                document.problem(
                    key, "this timeline item cites no source: add [@source-id] to its text"
                )
            )
    for question, stance in (getattr(fields, "positions", None) or {}).items():
        records: list[tuple[Key, StanceRecord]] = [(("positions", question), stance)]
        records += [
            (("positions", question, "history", i), record)
            for i, record in enumerate(stance.history)
        ]
        for where, record in records:
            if not cites(record.note, (*where, "note")):
                problems.append(
                    document.problem(
                        (*where, "note"),
                        "this position note cites no source: add [@source-id] for the "
                        "statement it rests on",
                    )
                )
    for index, source in enumerate(fields.sources):
        if isinstance(source, Source):
            where = ("sources", index)
            problems.extend(check_source(document, where, source))
            if source.id is None:
                problems.append(
                    document.problem(
                        where,
                        "this source has no id, so nothing can cite it: give it an `id` and "
                        "cite it as [@id]",
                    )
                )
    return problems


def _model_at(kind: Kind, loc: tuple[Any, ...]) -> type[BaseModel]:
    if loc and loc[0] == "sources":
        return Source
    if loc and loc[0] == "timeline":
        return TimelineItem
    if loc and loc[0] == "roles":
        return Role
    if len(loc) > 3 and loc[0] == "positions" and loc[2] == "history":
        return StanceRecord
    if len(loc) > 2 and loc[0] == "positions":
        return Stance
    return kind.model


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """A pydantic location without the tag of the source form it was tried as."""
    if len(loc) > 2 and loc[0] == "sources" and loc[2] in ("full", "shared"):
        return (*loc[:2], *loc[3:])
    return loc


def _located(document: Document, kind: Kind, detail: Mapping[str, Any]) -> Problem:
    """Turn one pydantic error into a located problem with a message an editor understands."""
    loc = tuple(detail["loc"])
    kind_of_error = detail["type"]
    name = next((part for part in reversed(loc) if isinstance(part, str)), "")
    value = detail.get("input")
    at_key = False
    if kind_of_error == "extra_forbidden":
        known = _model_at(kind, loc).model_fields
        message = f'unknown field "{name}"{did_you_mean(name, known)}'
        if name == "subject" and kind.name != "regional-views":
            message = 'unknown field "subject": only regional views have a subject'
        at_key = True
    elif kind_of_error == "missing":
        where = "" if len(loc) == 1 else f" in {_describe_loc(loc[:-1])}"
        message = f'missing required field "{name}"{where}'
    elif kind_of_error == "literal_error" and name == "status":
        choices = ", ".join(kind.statuses)
        message = (
            f'"{value}" is not a status for {kind.label.lower()}: use one of {choices}'
            f"{did_you_mean(str(value), kind.statuses)}"
        )
    elif kind_of_error == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(detail.get("ctx", {}).get("expected", "")))
        if loc[-1] == "[key]":  # a mapping key outside its vocabulary (a positions question)
            loc, name, at_key = loc[:-1], str(loc[-2]), True
            what = f'unknown key "{name}"'
            value = name
        else:
            what = f'"{value}" is not a valid {name}'
        message = f"{what}: use one of {', '.join(allowed)}{did_you_mean(str(value), allowed)}"
    elif kind_of_error == "none_required" and name == "status":
        message = f"{kind.label.lower()} have no status; remove it"
        at_key = True
    elif kind_of_error == "string_pattern_mismatch":
        message = _pattern_message(name, value)
    elif kind_of_error == "string_type":
        message = f'"{name}" must be text, not {_describe(value)}'
    elif kind_of_error == "list_type":
        message = f'"{name}" must be a list, not {_describe(value)}'
    elif kind_of_error in ("model_type", "model_attributes_type", "dict_type"):
        message = f"{_describe_loc(loc)} must be a mapping of fields, not {_describe(value)}"
    elif kind_of_error == "too_short" and name == "sources":
        message = "at least one source is required"
    elif kind_of_error == "string_too_short":
        message = f'"{name}" must not be empty'
    elif kind_of_error == "string_too_long":
        limit = detail.get("ctx", {}).get("max_length")
        message = f'"{name}" is too long: {len(str(value))} characters, at most {limit}'
    elif kind_of_error in ("partial_date", "full_date", "url"):
        message = str(detail["msg"])
    else:
        message = f"{_describe_loc(loc)}: {detail['msg']}"
    return document.problem(loc, message, at_key=at_key)


def _pattern_message(name: str, value: Any) -> str:
    if name in ("url", "archived"):
        return f'source {name} "{value}" must start with https:// or http://'
    if name in ("parties", "subject"):
        return f'"{value}" is not a party id: lowercase letters, digits and single hyphens'
    if name == "related":
        return f'"{value}" is not an entry id: lowercase letters, digits and single hyphens'
    if name == "tags":
        return f'tag "{value}" must be short lowercase words (letters, digits, spaces, hyphens)'
    return f'"{value}" does not have the form "{name}" needs'


def _describe_loc(loc: Iterable[Any]) -> str:
    text = ""
    for part in loc:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the entry"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f'"{value}"'


__all__ = ["Content", "Draft", "Entry", "PartialDate", "load_content", "validate_entry"]
