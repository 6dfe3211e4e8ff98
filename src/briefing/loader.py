"""YAML files -> documents that remember the line and column of every key and value.

The loader is strict on purpose: only `null`, `true` and `false` are implicit types (so `no`,
`2018-06-12` and `0755` stay text), aliases, explicit tags, duplicate keys, several documents,
deep nesting, non-UTF-8 bytes and oversized files are errors. It builds values from the parser's
event stream itself, so nothing PyYAML would construct implicitly can slip through.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from .problems import Problem

try:  # libyaml is much faster; the pure-Python parser gives the same events.
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 16
NULLS = frozenset({"", "~", "null", "Null", "NULL"})
BOOLEANS = {
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}

Key = tuple[str | int, ...]


class Position(NamedTuple):
    """Where a value (and, for mapping values, its key) starts; 1-based.

    A named tuple rather than a dataclass: one is made for every node of every file.
    """

    line: int
    column: int
    key_line: int
    key_column: int
    style: str | None = None  # the scalar style: None for plain, '|', '>', '"' or "'"


@dataclass(frozen=True)
class Document:
    """One parsed YAML file: its plain data and the position of everything in it.

    Positions are found when a problem is first located, by reading the text again: a valid
    file never needs them, and keeping one for every node of every file took about 100 MB at
    10,000 entries.
    """

    path: str
    data: Any
    text: str = field(default="", repr=False, compare=False)

    @cached_property
    def positions(self) -> Mapping[Key, Position]:
        return _read(self.text, self.path, record=True)[2]

    @cached_property
    def lines(self) -> tuple[str, ...]:
        return tuple(self.text.splitlines())

    def locate(self, key: Key, *, at_key: bool = False) -> tuple[int, int]:
        """Line and column of `key`, or of its nearest existing parent (missing fields)."""
        while key not in self.positions and key:
            key = key[:-1]
        position = self.positions.get(key)
        if position is None:
            return 1, 1
        if at_key:
            return position.key_line, position.key_column
        return position.line, position.column

    def find(self, needle: str, key: Key, occurrence: int = 0) -> tuple[int, int]:
        """Line and column of the n-th `needle` in the source at or after `key`'s value.

        Used for spots inside long text values ([[id]] in a body), whatever the scalar style.
        """
        line, column = self.locate(key)
        seen = 0
        for number in range(line, len(self.lines) + 1):
            text = self.lines[number - 1]
            start = column - 1 if number == line else 0
            while (found := text.find(needle, start)) >= 0:
                if seen == occurrence:
                    return number, found + 1
                seen += 1
                start = found + 1
        return line, column

    def problem(self, key: Key, message: str, *, at_key: bool = False) -> Problem:
        line, column = self.locate(key, at_key=at_key)
        return Problem(self.path, line, column, message)


@dataclass(frozen=True)
class SourceFile:
    """A file found under the content root: where it is and what kind folder it sits in."""

    path: Path
    display: str
    folder: str  # "" for the content root itself


class _Builder:
    """Turns one YAML document's event stream into plain values and positions."""

    def __init__(self, parser: Any, path: str, *, record: bool = False) -> None:
        self.parser = parser
        self.path = path
        self.record = record  # whether to keep the position of every node
        self.positions: dict[Key, Position] = {}
        self.problems: list[Problem] = []

    def fail(self, mark: Any, message: str) -> None:
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message))

    def value(self, key: Key, key_mark: Any, depth: int) -> Any:
        event = self.parser.get_event()
        kind = type(event)
        mark = event.start_mark
        if depth > MAX_DEPTH:
            self.fail(mark, f"nesting deeper than {MAX_DEPTH} levels")
            raise _Abandon
        if kind is yaml.AliasEvent:
            self.fail(mark, f'aliases are not allowed ("*{event.anchor}"); write the value out')
            raise _Abandon
        if event.tag is not None:
            self.fail(mark, f'explicit YAML tags are not allowed ("{event.tag}")')
        style = event.style if kind is yaml.ScalarEvent else None
        if self.record:
            self.positions[key] = Position(
                mark.line + 1,
                mark.column + 1,
                key_mark.line + 1,
                key_mark.column + 1,
                style or None,
            )
        if kind is yaml.ScalarEvent:
            value = event.value
            if not style:
                if value in NULLS:
                    return None
                if value in BOOLEANS:
                    return BOOLEANS[value]
            return value
        if kind is yaml.SequenceStartEvent:
            items: list[Any] = []
            while not isinstance(self.parser.peek_event(), yaml.SequenceEndEvent):
                item_mark = self.parser.peek_event().start_mark
                child = (*key, len(items)) if self.record else key
                items.append(self.value(child, item_mark, depth + 1))
            self.parser.get_event()
            return items
        if kind is yaml.MappingStartEvent:
            return self.mapping(key, depth)
        raise _Abandon  # pragma: no cover - the parser emits nothing else here

    def mapping(self, key: Key, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        while not isinstance(self.parser.peek_event(), yaml.MappingEndEvent):
            key_event = self.parser.peek_event()
            key_mark = key_event.start_mark
            if not isinstance(key_event, yaml.ScalarEvent):
                self.fail(key_mark, "a mapping key must be plain text")
                raise _Abandon
            self.parser.get_event()
            name = key_event.value
            duplicate = name in first_seen
            if duplicate:
                self.fail(
                    key_mark,
                    f'duplicate key "{name}" (first defined at line {first_seen[name]})',
                )
            else:
                first_seen[name] = key_mark.line + 1
            value = self.value((*key, name) if self.record else key, key_mark, depth + 1)
            if not duplicate:
                result[name] = value
        self.parser.get_event()
        return result


class _Abandon(Exception):
    """The rest of this document cannot be read meaningfully; its problem is recorded."""


def parse_document(text: str, path: str) -> tuple[Document | None, list[Problem]]:
    """Parse YAML text into a Document and report every problem found in it.

    A file with problems still gives a Document when its first document was read to the end
    (a duplicate key, an explicit tag, a second document), so that its fields can be checked in
    the same run; the problems make it invalid all the same. A syntax error gives none.
    """
    document, problems, _ = _read(text, path, record=False)
    return document, problems


def _read(
    text: str, path: str, *, record: bool
) -> tuple[Document | None, list[Problem], dict[Key, Position]]:
    """parse_document, and with `record` the position of every node (Document.positions)."""
    parser: Any = _Parser(text)
    builder = _Builder(parser, path, record=record)
    data: Any = None
    complete = False
    try:
        parser.get_event()  # StreamStartEvent
        if isinstance(parser.peek_event(), yaml.StreamEndEvent):
            empty = Problem(path, 1, 1, "the file is empty; an entry needs at least a title")
            return None, [empty], builder.positions
        start = parser.get_event()  # DocumentStartEvent
        data = builder.value((), start.start_mark, 0)
        parser.get_event()  # DocumentEndEvent
        complete = True
        following = parser.peek_event()
        if not isinstance(following, yaml.StreamEndEvent):
            builder.fail(following.start_mark, "only one YAML document is allowed in a file")
    except _Abandon:
        pass
    except yaml.MarkedYAMLError as error:
        builder.problems.append(_syntax_problem(error, path))
    except yaml.YAMLError as error:  # reader errors without a mark
        builder.problems.append(Problem(path, 1, 1, f"YAML syntax: {error}"))
    finally:
        parser.dispose()
    if not complete:
        return None, builder.problems, builder.positions
    if not isinstance(data, dict):
        found = "nothing" if data is None else _describe(data)
        top = Problem(path, 1, 1, f"the top level must be a mapping of fields, not {found}")
        return None, [*builder.problems, top], builder.positions
    return Document(path, data, text), builder.problems, builder.positions


def _syntax_problem(error: yaml.MarkedYAMLError, path: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    problem = (error.problem or "invalid YAML").strip()
    if "'\\t'" in problem:
        problem = "a tab character cannot start a token; indent with spaces"
    message = f"YAML syntax: {problem}"
    if error.context:
        context = error.context.strip()
        if error.context_mark is not None and error.context_mark is not mark:
            where = f"line {error.context_mark.line + 1}, column {error.context_mark.column + 1}"
            context = f"{context} started at {where}"
        message = f"{message} ({context})"
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    return Problem(path, line, column, message)


def _describe(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    return f'the text "{value}"' if len(str(value)) < 40 else "a text"


def read_text(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8 (a byte-order mark is fine), refusing oversized files."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // 1024
            return None, [
                Problem(display, 1, 1, f"the file is {size} bytes; the limit is {limit} KiB")
            ]
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(display, 1, 1, f"cannot read the file: {error.strerror}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        byte = raw[error.start : error.start + 1].hex()
        return None, [Problem(display, line, column, f"not UTF-8: byte 0x{byte} cannot be decoded")]
    return text, []


def load_document(path: Path, display: str) -> tuple[Document | None, list[Problem]]:
    text, problems = read_text(path, display)
    if text is None:
        return None, problems
    return parse_document(text, display)


def find_source_files(root: Path, display_root: str) -> tuple[list[SourceFile], list[Problem]]:
    """Every file under the content root, in a stable order; symlinks must stay inside it.

    Hidden files (editor swap files, .DS_Store) are skipped. Anything else that is not a
    `.yaml` file is reported, as is a folder nested inside a kind folder.
    """
    files: list[SourceFile] = []
    problems: list[Problem] = []
    resolved_root = root.resolve()

    # os.scandir, not pathlib: at 10,000 files the preview walks the folder after every save,
    # and a directory entry knows its type without a stat.
    def walk(folder: str, relative: str, kind: str) -> None:
        with os.scandir(folder) as listing:
            children = sorted(listing, key=lambda child: child.name)
        for child in children:
            name = child.name
            if name.startswith("."):
                continue
            shown = f"{display_root}/{relative}{name}"
            if child.is_symlink():
                target = Path(os.path.realpath(child.path))
                if not target.exists():
                    problems.append(Problem(shown, 1, 1, "broken symbolic link"))
                    continue
                if not target.is_relative_to(resolved_root):
                    problems.append(
                        Problem(shown, 1, 1, "symbolic link points outside the content folder")
                    )
                    continue
            if child.is_dir():
                if kind:
                    problems.append(
                        Problem(shown, 1, 1, "folders inside a kind folder are not allowed")
                    )
                    continue
                walk(child.path, f"{relative}{name}/", name)
                continue
            stem, suffix = os.path.splitext(name)
            if suffix == ".yml":
                problems.append(
                    Problem(shown, 1, 1, f'use the ".yaml" extension: rename to "{stem}.yaml"')
                )
                continue
            if suffix != ".yaml" or not child.is_file():
                problems.append(
                    Problem(shown, 1, 1, "not a YAML entry; only .yaml files belong in content/")
                )
                continue
            files.append(SourceFile(Path(child.path), shown, kind))

    if not root.is_dir():
        return [], [Problem(display_root, 1, 1, "the content folder does not exist")]
    walk(str(root), "", "")
    return files, problems
