"""The sanitiser: planted markup never reaches a reader, and the site's own markup all does."""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.body import SCHEME_RE, link_as_browsed
from briefing.sanitize import canonical, sanitize_html

ROOT = Path(__file__).parent.parent
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "cite", "srcset"}
ALIGNMENTS = {"text-align: left;", "text-align: right;", "text-align: center;"}
UNSAFE_TAGS = {"script", "style", "iframe", "object", "embed", "base", "meta", "link", "math"}


class _Dangers(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in UNSAFE_TAGS or ":" in tag:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            elif name == "style" and not (tag in ("td", "th") and value in ALIGNMENTS):
                self.found.append(f"{tag} style={value!r}")
            elif name in URL_ATTRIBUTES:
                url = link_as_browsed(value)
                if SCHEME_RE.match(url) and not re.match(r"(?i)(https?|mailto):", url):
                    self.found.append(f"{tag} {name}={value!r}")

    handle_startendtag = handle_starttag


def dangers(html: str) -> list[str]:
    """Event handlers, styles, script addresses and unsafe elements in `html`."""
    parser = _Dangers()
    parser.feed(html)
    parser.close()
    return parser.found


@functools.cache
def site_markdown() -> markdown.Markdown:
    """Markdown with the extensions and settings of the site's mkdocs.yml, as MkDocs runs it."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    )


def render(text: str) -> str:
    md = site_markdown()
    md.reset()
    return md.convert(text)


PAYLOADS = {
    "attr-list-on-link": "[x](https://example.org/){ onclick=alert(1) }",
    "attr-list-href": "[x](https://example.org/){: href=javascript:alert(1) }",
    "attr-list-style": "Paragraph.\n{: style='position:fixed;inset:0' }",
    "attr-list-heading": "## Heading { #sources onmouseover=alert(1) }",
    "attr-list-image": "![x](pic.png){ onerror=alert(1) src=javascript:alert(1) }",
    "attr-list-list-item": "- item\n{: onclick=alert(1) }",
    "attr-list-table-cell": "| a |\n| --- |\n| b { onclick=alert(1) } |",
    "javascript-link": "[x](javascript:alert(1))",
    "entity-encoded-link": "[x](&#106;avascript:alert(1))",
    "reference-link": "[x][r]\n\n[r]: javascript:alert(1)",
    "data-image": "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "vbscript-link": "[x](vbscript:msgbox(1))",
    "raw-script": "<script>alert(1)</script>",
    "raw-colon-tag": "See <x:y onmouseover=alert(1)>here</x:y>.",
    "svg-onload": '<svg onload="alert(1)"><a href="javascript:alert(1)"><text>x</text></a></svg>',
    "md-in-html": '<div markdown="1" onclick="alert(1)">*x*</div>',
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "form-action": '<form action="https://evil.example/"><button formaction="javascript:x">'
    "b</button></form>",
    "abbreviation": '*[HTML]: x" onclick="alert(1)\n\nHTML here',
}


@pytest.mark.parametrize("markdown_text", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_planted_payloads_are_neutralised_without_the_check(markdown_text):
    html = render(markdown_text)
    assert sanitize_html(html) == sanitize_html(sanitize_html(html))
    assert dangers(sanitize_html(html)) == []


def test_the_payloads_are_dangerous_unsanitised():
    """The payloads are real: without the sanitiser most of them reach the page."""
    dangerous = [name for name, text in PAYLOADS.items() if dangers(render(text))]
    assert len(dangerous) >= len(PAYLOADS) - 1, dangerous


SITE_MARKUP = {
    "headings-with-permalinks": render("## Sources\n\nText."),
    "footnotes": markdown.markdown(
        "Agreed.[^1]\n\n[^1]: Joint statement, para. 2.", extensions=["footnotes"]
    ),
    "table-with-alignment": render("| a | b |\n| :-- | --: |\n| 1 | 2 |"),
    "abbreviation": render("*[NPT]: Treaty on the Non-Proliferation of Nuclear Weapons\n\nNPT"),
    "admonition": render('!!! abstract "At a glance"\n\n    - **Kind:** [x](../x.md)'),
    "badge": '<p class="briefing-badges"><span class="briefing-status briefing-status--held">'
    "Held</span></p>",
    "reviewed": '<span class="briefing-reviewed" data-reviewed="2025-06-01">1 June 2025</span>',
    "timeline-filter": '<form class="briefing-filter" hidden=""><label>Kind <select name="kind">'
    '<option value="">All kinds</option></select></label><output aria-live="polite"></output>'
    "</form>",
    "timeline-row": '<li data-kind="summits" data-parties="north-korea" data-type="summit">x</li>',
    "chart": '<figure class="briefing-chart"><svg xmlns="http://www.w3.org/2000/svg" '
    'viewBox="0 0 100 50" role="img" aria-labelledby="c1"><title id="c1">Tests</title>'
    '<desc>Per year</desc><g transform="translate(10,5)"><rect x="0" y="0" width="10" '
    'height="20" fill="currentColor"></rect><line x1="0" y1="0" x2="5" y2="5" stroke="#333">'
    '</line><path d="M0 0L5 5"></path><polyline points="0,0 1,1"></polyline><circle cx="1" '
    'cy="1" r="2"></circle><text x="1" y="2" text-anchor="middle">2006<tspan dy="1">a</tspan>'
    "</text></g></svg><figcaption>Nuclear tests by year</figcaption></figure>",
    "details": "<details><summary>More</summary><p>Text</p></details>",
    "breadcrumbs": '<nav aria-label="Breadcrumb"><a href="../">Topics</a></nav>',
    "time": '<time datetime="2018-06-12">12 June 2018</time>',
    "code": render("```yaml\ntitle: x\n```\n\nAnd `<b>`."),
    "images": '<img alt="map" src="../assets/map.png"><img alt="x" src="https://example.org/a.png">',
    "links": '<a href="../summits/x/">x</a> <a href="#sources">s</a> <a href="mailto:a@b.org">m</a>'
    ' <a href="https://example.org/a?b=1&amp;c=2">e</a>',
}


@pytest.mark.parametrize("html", SITE_MARKUP.values(), ids=SITE_MARKUP.keys())
def test_the_sites_own_markup_passes_unchanged(html):
    assert canonical(sanitize_html(html)) == canonical(html)


def test_links_get_no_rel_added():
    html = '<a href="https://example.org/">x</a>'
    assert sanitize_html(html) == html


ATTRIBUTE_NAMES = st.sampled_from(
    [
        "onclick",
        "OnMouseOver",
        "onerror",
        "onload",
        "style",
        "href",
        "src",
        "formaction",
        "xlink:href",
        "srcdoc",
        "data-kind",
        "class",
        "title",
    ]
) | st.from_regex(r"[a-zA-Z][a-zA-Z:-]{0,10}", fullmatch=True)
VALUES = st.sampled_from(
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "&#106;avascript:alert(1)",
        "java&Tab;script:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "url(javascript:alert(1))",
        "color:red",
        "x",
    ]
) | st.text(alphabet=st.characters(blacklist_characters="{}\n\r"), max_size=20)


@st.composite
def attribute_lists(draw: st.DrawFn) -> str:
    items = []
    for _ in range(draw(st.integers(1, 4))):
        shape = draw(st.sampled_from(["key", "class", "id"]))
        if shape == "class":
            items.append("." + draw(st.from_regex(r"[a-z][a-z-]{0,8}", fullmatch=True)))
        elif shape == "id":
            items.append("#" + draw(st.from_regex(r"[a-z][a-z-]{0,8}", fullmatch=True)))
        else:
            name, value = draw(ATTRIBUTE_NAMES), draw(VALUES)
            quote = draw(st.sampled_from(['"', "'", ""]))
            if quote and quote in value:
                quote = '"' if quote == "'" else "'"
            items.append(f"{name}={quote}{value}{quote}" if quote or " " not in value else name)
    colon = draw(st.sampled_from([":", ""]))
    return "{" + colon + " " + " ".join(items) + " }"


@st.composite
def markdown_with_attribute_lists(draw: st.DrawFn) -> str:
    attrs = draw(attribute_lists())
    element = draw(
        st.sampled_from(
            [
                "[link](https://example.org/){A}",
                "![image](pic.png){A}",
                "*emphasis*{A} text",
                "**strong**{A}",
                "`code`{A}",
                "A paragraph.\n{A}",
                "## Heading {A}",
                "- item\n{A}",
                "| h |\n| --- |\n| cell {A} |",
                "> quote\n{A}",
                "[ref][r]{A}\n\n[r]: https://example.org/",
            ]
        )
    )
    return element.replace("{A}", attrs)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_with_attribute_lists())
def test_generated_attribute_lists_never_yield_handlers_styles_or_script_urls(text):
    assert dangers(sanitize_html(render(text))) == []


@pytest.mark.e2e
def test_every_page_of_the_real_site_is_unchanged_by_the_sanitiser(run, tmp_path, monkeypatch):
    """One build of the repository's content, each page's content HTML seen before and after:
    the same elements, attributes and text (the serialisation may differ: `&para;` becomes ¶)."""
    import briefing.plugin

    seen: dict[str, tuple[str, str]] = {}

    def recording(html: str) -> str:
        cleaned = sanitize_html(html)
        seen[html] = (html, cleaned)
        return cleaned

    monkeypatch.setattr(briefing.plugin, "sanitize_html", recording)
    status, _, err = run("build", "--site-dir", str(tmp_path / "site"), cwd=ROOT)
    assert status == 0, err
    assert len(seen) > 50
    changed = [
        html[:200] for html, cleaned in seen.values() if canonical(html) != canonical(cleaned)
    ]
    assert changed == []


@pytest.mark.parametrize("svg", ["svg", "SVG", "Svg"])
def test_svg_references_stay_inside_the_page(svg):
    html = (
        f'<{svg}><defs><clipPath id="c1"><rect></rect></clipPath><path id="m1"></path></defs>'
        '<use xlink:href="#m1"></use><use href="https://evil.example/x.svg#a"></use>'
        '<g clip-path="url(#c1)"></g><g clip-path="url(https://evil.example/a)"></g>'
        '<rect fill="url(javascript:alert(1))"></rect></svg>'
        '<button type="reset">Show all</button><button type="submit">Send</button>'
    )
    assert canonical(sanitize_html(html)) == canonical(
        '<svg><defs><clipPath id="c1"><rect></rect></clipPath><path id="m1"></path></defs>'
        '<use xlink:href="#m1"></use><use></use>'
        '<g clip-path="url(#c1)"></g><g></g>'
        "<rect></rect></svg>"
        '<button type="reset">Show all</button><button>Send</button>'
    )
