"""Python-Markdown's `abbr` extension with a linear tree walk: `briefing.abbr` in mkdocs.yml.

Python-Markdown's AbbrTreeprocessor (3.8 to 3.11.3, the latest on 27 November 2026) finds each
element's place in its parent with `list(parent).index(el)` for every element with a tail,
which is quadratic in the number of siblings. The briefing book is one long page with thousands
of siblings: measured on it with the real content plus synthetic entries (2-core machine,
27 November 2026), the stock pass takes 0.94 s at 1,057 entries and 15.6 s at 4,057; the walk
below, which passes each child's index down instead, takes 0.05 s and 0.18 s, with
byte-identical output (tests/test_abbr.py compares both on the real pages).

Drop this module, and write `abbr` again in mkdocs.yml, once Python-Markdown's own walk is
linear: the replacement applies only to the versions listed in QUADRATIC_VERSIONS, so a newer
release falls back to the stock extension and tests/test_abbr.py's growth test says whether
the fix landed.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

import markdown
from markdown.extensions.abbr import AbbrExtension, AbbrTreeprocessor
from markdown.util import AtomicString

# Releases whose AbbrTreeprocessor.iter_element is the one mirrored below (with `create_element`
# and AtomicString tails, since 3.8) and calls list(parent).index(el): 3.11.3 is the one tested.
QUADRATIC_VERSIONS = ((3, 8), (3, 9), (3, 10), (3, 11))


def needs_linear_walk(version: tuple[int, ...] = markdown.__version_info__) -> bool:
    return tuple(version[:2]) in QUADRATIC_VERSIONS


class LinearAbbrTreeprocessor(AbbrTreeprocessor):  # type: ignore[misc]
    """The stock processor, walking the tree with each child's index in hand."""

    def iter_element(
        self, el: etree.Element, parent: etree.Element | None = None, index: int = 0
    ) -> None:
        # Children are visited last to first, so abbreviations inserted after a child (from its
        # tail) never move the children still to visit: their indexes stay valid.
        for child_index in range(len(el) - 1, -1, -1):
            self.iter_element(el[child_index], el, child_index)
        assert self.RE is not None
        if (text := el.text) and not isinstance(text, AtomicString):
            for m in reversed(list(self.RE.finditer(text))):
                if self.abbrs[m.group(0)]:
                    abbr = self.create_element(self.abbrs[m.group(0)], m.group(0), text[m.end() :])
                    el.insert(0, abbr)
                    text = text[: m.start()]
            el.text = text
        if parent is not None and (tail := el.tail) and not isinstance(tail, AtomicString):
            for m in reversed(list(self.RE.finditer(tail))):
                if self.abbrs[m.group(0)]:
                    abbr = self.create_element(self.abbrs[m.group(0)], m.group(0), tail[m.end() :])
                    parent.insert(index + 1, abbr)
                    tail = tail[: m.start()]
            el.tail = tail


class LinearAbbrExtension(AbbrExtension):  # type: ignore[misc]
    """`abbr`, with the linear walk where the installed Python-Markdown needs it."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        super().extendMarkdown(md)
        if needs_linear_walk():
            md.treeprocessors.register(LinearAbbrTreeprocessor(md, self.abbrs), "abbr", 7)


def makeExtension(**kwargs: Any) -> LinearAbbrExtension:
    return LinearAbbrExtension(**kwargs)
