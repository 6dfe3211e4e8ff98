"""Pages kept between two runs of the preview while what they show is unchanged."""

from __future__ import annotations

from collections.abc import Callable


class PageMemo:
    """Pages of the previous run, each with the objects it was rendered from.

    The preview renders every page again after each save. An entry page shows its entry, the
    entries it links to, lists or is referenced by (their titles, kinds and dates), the sources
    it cites, party names and glossary terms; a LoadMemo keeps an unchanged file's entry and
    sources as the same objects, so when all of these are the same objects as last time (and
    the party names and terms are equal), the page is the same and is not rendered again. The
    same holds for the pages that list entries, events or sources (a kind's list and its
    parts, a party's page and its kind pages, book volumes, the bibliography and its parts,
    the timeline's parts), an entry's record in entries.json and the Atom feed. `values` are
    compared by equality (addresses, numbers).
    """

    def __init__(self) -> None:
        self._shared: object = None
        self._pages: dict[str, tuple[tuple[int, ...], tuple[object, ...], object, str]] = {}

    def start(self, shared: object) -> None:
        """A new run; `shared` is what every page shows. Pages of other runs are dropped."""
        if shared != self._shared:
            self._pages.clear()
            self._shared = shared

    def page(
        self,
        path: str,
        inputs: tuple[object, ...],
        render: Callable[[], str],
        values: object = (),
    ) -> str:
        # Identity, not equality: comparing entries field by field costs about as much as
        # rendering them. The memo holds the objects, so their ids cannot be reused meanwhile.
        identities = tuple(map(id, inputs))
        found = self._pages.get(path)
        if found is not None and found[0] == identities and found[2] == values:
            return found[3]
        text = render()
        self._pages[path] = (identities, inputs, values, text)
        return text
