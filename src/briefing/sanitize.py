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

import re
from html.parser import HTMLParser

import nh3

# Elements Markdown and the templates produce, by family.
_TEXT = {"p", "br", "hr", "em", "strong", "b", "i", "code", "pre", "kbd", "sub", "sup", "del"}
_STRUCTURE = {"h1", "h2", "h3", "h4", "h5", "h6", "div", "span", "blockquote", "nav", "section"}
_LISTS = {"ul", "ol", "li", "dl", "dt", "dd"}
_TABLES = {"table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"}
_MEDIA = {"a", "img", "figure", "figcaption", "abbr", "time", "details", "summary"}
_FORMS = {"form", "label", "select", "option", "output"}
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
}
# Column alignment from the tables extension is the only inline style content may carry.
_ALIGNMENTS = {f"text-align: {side};" for side in ("left", "right", "center")}
ATTRIBUTE_VALUES = {"th": {"style": _ALIGNMENTS}, "td": {"style": _ALIGNMENTS}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
_SURROGATE = re.compile("[\ud800-\udfff]")  # YAML escapes can make them; UTF-8 cannot hold them


def sanitize_html(html: str) -> str:
    """The content HTML with everything outside the allowlist removed.

    Links keep their `rel` as written (none is added), relative addresses and #anchors pass
    unchanged, and `data-*` attributes (the timeline filter's) stay.
    """
    return nh3.clean(
        _SURROGATE.sub("\ufffd", html),
        tags=set(TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        tag_attribute_values={tag: dict(values) for tag, values in ATTRIBUTE_VALUES.items()},
        generic_attribute_prefixes={"data-"},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


class _Canonical(HTMLParser):
    """Elements, attributes and text as a browser reads them, whatever the serialisation."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        flat = sorted(f"{name}={'' if value is None else value}" for name, value in attrs)
        self.events.append(("start", tag, *flat))

    handle_startendtag = handle_starttag

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
