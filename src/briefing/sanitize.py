"""HTML -> HTML on the allowlist: what a page's content may contain, whatever its Markdown said.

The check refuses raw HTML, attribute lists and script addresses in bodies; this is the second
wall, for whatever gets past it. Every page's content HTML (the part Markdown produced, before
the theme wraps it: theme chrome is ours) goes through nh3, the binding to the Rust crate
ammonia, which re-parses it as a browser would and keeps only the elements and attributes below.
The list holds what the site's templates and extensions produce (headings with permalinks,
tables, footnotes, abbreviations, admonitions, status badges, the timeline filter, SVG charts)
and nothing else: no event handler, no `style` (but the tables extension's `text-align`), no
address other than http(s), mailto or a relative one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any, cast

import nh3

# Elements Markdown and the templates produce, by family.
_TEXT = {"p", "br", "hr", "em", "strong", "b", "i", "code", "pre", "kbd", "sub", "sup", "del"}
_STRUCTURE = {"h1", "h2", "h3", "h4", "h5", "h6", "div", "span", "blockquote", "nav", "section"}
_LISTS = {"ul", "ol", "li", "dl", "dt", "dd"}
_TABLES = {"table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"}
_MEDIA = {"a", "img", "figure", "figcaption", "abbr", "time", "details", "summary"}
_FORMS = {"form", "label", "select", "option", "output", "button"}
_SVG = {
    "svg",
    "g",
    "path",
    "rect",
    "line",
    "polyline",
    "polygon",
    "circle",
    "ellipse",
    "text",
    "tspan",
    "title",
    "desc",
    "defs",
    "clipPath",
    "use",
}
TAGS = frozenset(_TEXT | _STRUCTURE | _LISTS | _TABLES | _MEDIA | _FORMS | _SVG)

# SVG presentation attributes the charts use: geometry, paint, text layout, accessibility.
_SVG_ATTRIBUTES = {  # as SVG spells them: ammonia compares names case-sensitively
    "viewBox",
    "width",
    "height",
    "preserveAspectRatio",
    "xmlns",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "d",
    "points",
    "transform",
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-opacity",
    "opacity",
    "text-anchor",
    "dominant-baseline",
    "font-size",
    "font-weight",
    "font-family",
    "clip-path",
    "version",
    "dx",
    "dy",
    "focusable",
}
ATTRIBUTES: dict[str, set[str]] = {
    # On every element: identity, class (no style), accessibility, hiding.
    "*": {"id", "class", "title", "lang", "dir", "hidden", "role", "tabindex"}
    | {"aria-label", "aria-labelledby", "aria-describedby", "aria-hidden", "aria-live"},
    "a": {"href", "rel", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "abbr": set(),
    "time": {"datetime"},
    "details": {"open"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "col": {"span"},
    "colgroup": {"span"},
    "label": {"for"},
    "select": {"name", "multiple"},
    "option": {"value", "selected"},
    "output": {"for", "name"},
    "form": set(),  # no action, method or target: the filter works in the page
    "code": set(),
    **{tag: set(_SVG_ATTRIBUTES) for tag in _SVG},
    "use": _SVG_ATTRIBUTES | {"href", "xlink:href"},  # only to a #mark in the page: see below
}
# Column alignment from the tables extension is the only inline style content may carry.
_ALIGNMENTS = {f"text-align: {side};" for side in ("left", "right", "center")}
ATTRIBUTE_VALUES = {
    "th": {"style": _ALIGNMENTS},
    "td": {"style": _ALIGNMENTS},
    "button": {"type": {"button", "reset"}},  # the timeline filter's reset; never a submit
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# An SVG reference (`<use href>`, `clip-path="url(…)"`) may only point into the page itself.
_LOCAL_HREF = re.compile(r"#[\w.:-]+")
_LOCAL_URL = re.compile(r"url\(#[\w.:-]+\)")
_SVG_TAG = re.compile("<svg", re.IGNORECASE)  # searched without copying the page in lower case
_SURROGATE = re.compile("[\ud800-\udfff]")  # YAML escapes can make them; UTF-8 cannot hold them


def _local_references_only(tag: str, name: str, value: str) -> str | None:
    if tag == "use" and name in ("href", "xlink:href"):
        return value if _LOCAL_HREF.fullmatch(value) else None
    if name in _SVG_ATTRIBUTES and "url(" in value.lower():
        return value if _LOCAL_URL.fullmatch(value.strip()) else None
    return value


@functools.cache
def _cleaner(svg: bool) -> Callable[[str], str]:
    """nh3 set up once (not on each of a thousand pages). The attribute filter, a Python call
    on every attribute of the page, only matters inside <svg>: outside it `use` and the SVG
    shapes are unknown HTML elements whose `href` and `url(…)` do nothing."""
    options: dict[str, Any] = {
        "tags": set(TAGS),
        "clean_content_tags": {"script", "style"},
        "attributes": {tag: set(names) for tag, names in ATTRIBUTES.items()},
        "tag_attribute_values": {tag: dict(values) for tag, values in ATTRIBUTE_VALUES.items()},
        "generic_attribute_prefixes": {"data-"},
        "url_schemes": set(URL_SCHEMES),
        "link_rel": None,
        "strip_comments": True,
    }
    if svg:
        options["attribute_filter"] = _local_references_only
    if hasattr(nh3, "Cleaner"):  # nh3 0.3: the allowlists are compiled once
        return cast(Callable[[str], str], nh3.Cleaner(**options).clean)
    return functools.partial(nh3.clean, **options)  # pragma: no cover - older nh3


def sanitize_html(html: str) -> str:
    """The content HTML with everything outside the allowlist removed.

    Links keep their `rel` as written (none is added), relative addresses and #anchors pass
    unchanged, and `data-*` attributes (the timeline filter's) stay.
    """
    # Tag names cannot be written with character references, so "<svg" finds every one.
    return _cleaner(_SVG_TAG.search(html) is not None)(_SURROGATE.sub("\ufffd", html))


_VOID = frozenset(
    "area base br col embed hr img input link meta source track wbr".split()  # noqa: SIM905
)


class _Canonical(HTMLParser):
    """Elements, attributes and text as a browser reads them, whatever the serialisation.

    `<path/>` and `<path></path>` are the same element; `xmlns:*` declarations change nothing
    in an HTML document (its parser knows the SVG and XLink namespaces), and nh3 drops them.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        flat = sorted(
            f"{name}={'' if value is None else value}"
            for name, value in attrs
            if not name.startswith("xmlns:")
        )
        self.events.append(("start", tag, *flat))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        if self.events and self.events[-1][0] == "text":
            data = self.events.pop()[1] + data
        self.events.append(("text", data))


def canonical(html: str) -> list[tuple[str, ...]]:
    """`html` as a list of start tags (attributes sorted), end tags and text runs: two
    serialisations of the same document give the same list."""
    parser = _Canonical()
    parser.feed(html)
    parser.close()
    return parser.events
