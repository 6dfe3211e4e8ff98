"""Python-Markdown's `abbr` extension with a linear tree walk: `briefing.abbr` in mkdocs.yml.

Python-Markdown's AbbrTreeprocessor (3.8 to 3.11.3, the latest on 27 November 2026) finds each
element's place in its parent with `list(parent).index(el)` for every element with a tail,
which is quadratic in the number of siblings. The briefing book is one long page with thousands
of siblings: measured on it with the real content plus synthetic entries (2-core machine,
27 November 2026), the stock pass takes 0.94 s at 1,057 entries and 15.6 s at 4,057; the pass
below, which finds the matches in one loop over the tree with each child's index in hand, takes
0.05 s and 0.18 s, with byte-identical output (tests/test_abbr.py compares both on the real
pages).

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
    """The stock processor, finding the matches in one flat pass, then wrapping them.

    The stock walk recurses through every element and lists the matches of every text. Here
    one loop over the tree searches each text and tail, and only those with a match (one in
    twenty on the 1,000-entry benchmark's pages) are wrapped, afterwards. The tree is the same,
    because the stock walk never visits the `abbr` elements it inserts and wraps each text or
    tail once, as found. On those pages the pass took 0.36 s and takes 0.25 s (28 November
    2026), most of it now the wrapping itself: 27,000 tooltips.
    """

    def iter_element(self, el: etree.Element, parent: etree.Element | None = None) -> None:
        """The whole pass over the tree `el` (the stock `run` calls this once, on the root,
        after compiling `self.RE` from the page's abbreviations)."""
        assert self.RE is not None
        search = self.RE.search
        # (element whose children change, -1 for its text or the index of the child whose
        # tail is wrapped, that text): an element's own text, then its children's tails.
        found: list[tuple[etree.Element, int, str]] = []
        for node in el.iter():
            if (text := node.text) and search(text) and not isinstance(text, AtomicString):
                found.append((node, -1, text))
            if len(node):
                for index, child in enumerate(node):
                    if (tail := child.tail) and search(tail) and not isinstance(tail, AtomicString):
                        found.append((node, index, tail))
        # Backwards: a parent's last wrapped tail first, its text last, so that what is
        # inserted never moves a child still to be wrapped.
        for owner, index, text in reversed(found):
            if index < 0:
                owner.text = self._wrap(text, owner, 0)
            else:
                owner[index].tail = self._wrap(text, owner, index + 1)

    def _wrap(self, text: str, parent: etree.Element, position: int) -> str:
        """Insert an `abbr` into `parent` at `position` for each term in `text`, last first
        (each carries the text after it as its tail); return the text before the first."""
        assert self.RE is not None
        for m in reversed(list(self.RE.finditer(text))):
            if title := self.abbrs[m.group(0)]:
                parent.insert(position, self.create_element(title, m.group(0), text[m.end() :]))
                text = text[: m.start()]
        return text


class LinearAbbrExtension(AbbrExtension):  # type: ignore[misc]
    """`abbr`, with the linear walk where the installed Python-Markdown needs it."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        super().extendMarkdown(md)
        if needs_linear_walk():
            md.treeprocessors.register(LinearAbbrTreeprocessor(md, self.abbrs), "abbr", 7)


def makeExtension(**kwargs: Any) -> LinearAbbrExtension:
    return LinearAbbrExtension(**kwargs)
