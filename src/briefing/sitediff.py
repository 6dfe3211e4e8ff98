"""Two built sites -> their differences in pages and links (empty when they agree).

CI builds the site with MkDocs and with ProperDocs, its maintained continuation, and compares:
the same files, and on every page the same links, images, scripts and stylesheets in the same
order. Text may differ (the about page names the generator that built it).
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

_LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "form": "action"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        name = _LINK_ATTRIBUTES.get(tag)
        for attribute, value in attrs:
            if attribute == name and value is not None:
                self.links.append(f"{tag} {value}")


def page_links(html: str) -> list[str]:
    """Every link, image, script and stylesheet address of a page, in document order."""
    parser = _Links()
    parser.feed(html)
    parser.close()
    return parser.links


def _files(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}


def compare_sites(first: Path, second: Path) -> list[str]:
    """What differs between two built sites in files and links, one line per difference."""
    ours, theirs = _files(first), _files(second)
    differences = [f"only in {first}: {path}" for path in sorted(ours - theirs)]
    differences += [f"only in {second}: {path}" for path in sorted(theirs - ours)]
    for page in sorted(path for path in ours & theirs if path.endswith(".html")):
        one = page_links((first / page).read_text(encoding="utf-8"))
        two = page_links((second / page).read_text(encoding="utf-8"))
        if one != two:
            at = next((i for i, (a, b) in enumerate(zip(one, two, strict=False)) if a != b), None)
            at = min(len(one), len(two)) if at is None else at
            shown = [links[at] if at < len(links) else "(no more links)" for links in (one, two)]
            differences.append(f"{page}: link {at + 1} is {shown[0]!r} and {shown[1]!r}")
    return differences
