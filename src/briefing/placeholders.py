"""The starter's placeholder text: written by `briefing new`, refused by `briefing build`.

`briefing new` writes a starter that the check and the preview accept, so an editor sees the page
while filling it in. Publishing it half-filled would put "Replace with…" and example.org on the
site, so every build refuses an entry still holding any of these strings. The starter template
takes its placeholder text from `PLACEHOLDERS` and nowhere else: the two cannot drift apart (a
test renders the starter and finds each of them refused).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .loader import Document, Key
from .problems import Problem

# name (as the template uses it) -> the text the starter writes; each is refused by the build.
PLACEHOLDERS = {
    "summary": "One to three plain sentences saying what this is and why it matters.",
    "body": "Write the entry in Markdown.",
    "source_title": "Replace with the title of a public source",
    "source_url": "https://example.org/replace-with-the-source-address",
    "source_publisher": "Replace with the publisher's name",
    "role": "Replace with the office held",
}


def _strings(value: Any, key: Key) -> Iterator[tuple[Key, str]]:
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _strings(item, (*key, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*key, index))


def find_placeholders(documents: Iterable[Document]) -> list[Problem]:
    """Every starter placeholder still in the documents, at its line and column."""
    problems = []
    for document in documents:
        for key, text in _strings(document.data, ()):
            for marker in PLACEHOLDERS.values():
                if marker in text:
                    line, column = document.find(marker, key)
                    problems.append(
                        Problem(
                            document.path,
                            line,
                            column,
                            f'the starter\'s placeholder "{marker}" is still here: replace it '
                            "before publishing (check and serve accept it; build does not)",
                        )
                    )
    return problems
