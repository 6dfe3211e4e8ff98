"""Thinking like an attacker: markup planted in every field that reaches HTML, JSON or XML.

A contributor controls every text field of an entry, a source, the glossary and the parties
file. Whatever they write, the built site has no event handler, no script address and no
planted element anywhere: in the pages (content and theme chrome alike), the search index that
Material renders as HTML, the data files and the sitemap.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FIXTURES
from test_sanitize import dangers

from briefing.body import SCHEME_RE, link_as_browsed

ROOT = Path(__file__).parent.parent
pytestmark = pytest.mark.e2e

# One string that tries each class of smuggling at once: a tag with a handler, an attribute
# list, a script link, breaking out of an attribute, an abbreviation definition, an entity.
PAYLOAD = (
    '<img src=x onerror=alert(1)> {: onclick=alert(2) } [x](javascript:alert(3)) "><svg '
    "onload=alert(4)> *[UN]: x &#106;avascript:alert(5) </script><script>alert(6)</script>"
)
BAD_URL = 'https://example.org/"><svg/onload=alert(7)>'
# Planted in a body with the check switched off: only the sanitiser stands in the way.
BODY = """\
Intro [@crs-talks].

[link](https://example.org/){ onclick=alert(8) } [@crs-talks]

[link](https://example.org/){: href=javascript:alert(9) } [@crs-talks]

Paragraph [@crs-talks].
{: style="position:fixed" onmouseover=alert(10) }

## Heading { #planted onmouseover=alert(11) }

- item [@crs-talks]
{: onclick=alert(12) }

| a |
| --- |
| b [@crs-talks] { onclick=alert(13) } |

[x](JaVaScRiPt:alert(14)), [y](vbscript:msgbox(15)), ![z](data:image/png;base64,AA) [@crs-talks]

See <x:y onmouseover=alert(16)>here</x:y> and <svg onload="alert(17)"></svg> [@crs-talks].

<div markdown="1" onclick="alert(18)">*x* [@crs-talks]</div>

<script>alert(19)</script> [@crs-talks]
"""


def _quoted(value: str) -> str:
    return json.dumps(value)  # a JSON string is a double-quoted YAML scalar


def plant(content: Path) -> None:
    """Put the payload in every free-text field of the fixture content."""
    (content / "topics/talks-topic.yaml").write_text(
        f"""\
title: {_quoted(PAYLOAD[:160])}
summary: {_quoted(PAYLOAD)}
related: [framework, singapore-summit]
body: {_quoted(BODY)}
timeline:
  - date: 2019-02-28
    type: talks
    text: {_quoted(PAYLOAD + " [@crs-talks]")}
sources:
  - id: crs-talks
    title: {_quoted(PAYLOAD[:160])}
    url: {_quoted(BAD_URL)}
    publisher: {_quoted(PAYLOAD[:160])}
    type: report
""",
        encoding="utf-8",
    )
    view = content / "regional-views/china-view.yaml"
    text = view.read_text(encoding="utf-8")
    view.write_text(
        text.replace(
            "note: China said in 2025 it backs talks [@xinhua-2025].",
            f"note: {_quoted(PAYLOAD[:200] + ' [@xinhua-2025]')}",
        ).replace("title: China's view", f"title: {_quoted(PAYLOAD[:160])}"),
        encoding="utf-8",
    )
    parties = content / "parties.yaml"
    parties.write_text(
        parties.read_text(encoding="utf-8").replace("china: China", f"china: {_quoted(PAYLOAD)}"),
        encoding="utf-8",
    )
    glossary = f"""\
ICBM:
  expansion: {_quoted(PAYLOAD[:120])}
  definition: {_quoted(PAYLOAD)}
"""
    (content / "glossary.yaml").write_text(glossary, encoding="utf-8")


class _PageDangers(HTMLParser):
    """Whole pages: the theme's own scripts and styles are fine, nothing planted is."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = tag == "script"
        planted_image = tag == "img" and ("src", "x") in attrs
        if ":" in tag or tag in ("iframe", "object", "embed") or planted_image:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(f"{tag} {name}={value!r}")
            elif name in ("href", "src", "action", "formaction", "xlink:href"):
                url = link_as_browsed(value)
                if SCHEME_RE.match(url) and not re.match(r"(?i)(https?|mailto):", url):
                    self.found.append(f"{tag} {name}={value!r}")
            elif name == "style" and "fixed" in value:
                self.found.append(f"{tag} style={value!r}")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and "alert(" in data:
            self.found.append(f"<script>{data[:40]}")


@pytest.fixture(scope="module")
def planted_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site with the payload everywhere, built with the body check switched off."""
    import briefing.validate
    from briefing.cli import main

    root = tmp_path_factory.mktemp("planted")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copytree(ROOT / "overrides", root / "overrides")
    shutil.copytree(FIXTURES / "small", root / "content")
    plant(root / "content")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(briefing.validate, "check_body", lambda body, page: [])
        patch.chdir(root)
        assert main(["build"]) == 0
    return root / "site"


def test_the_planted_body_is_refused_by_the_check(tmp_path, run):
    shutil.copytree(FIXTURES / "small", tmp_path / "content")
    plant(tmp_path / "content")
    status, _, err = run("check", cwd=tmp_path)
    assert status == 1
    body_errors = [row for row in err.splitlines() if "talks-topic.yaml" in row]
    assert len(body_errors) >= 15, err


def test_no_page_carries_a_planted_handler_element_or_script(planted_site):
    pages = sorted(planted_site.rglob("*.html"))
    assert len(pages) > 20
    found = {}
    for page in pages:
        parser = _PageDangers()
        parser.feed(page.read_text(encoding="utf-8"))
        if parser.found:
            found[page.relative_to(planted_site).as_posix()] = parser.found
    assert found == {}


def test_the_payload_shows_as_text_where_it_was_written(planted_site):
    page = (planted_site / "topics/talks-topic/index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # the title, the summary, the timeline
    assert "<title>&lt;img src=x onerror=alert(1)&gt;" in page
    assert "{: onclick=alert(2) }" in page  # an attribute list in a text field stays text
    timeline = (planted_site / "timeline/index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in timeline


def test_the_search_index_is_json_and_renders_no_planted_markup(planted_site):
    index = json.loads((planted_site / "search/search_index.json").read_text(encoding="utf-8"))
    docs = index["docs"]
    assert any("onerror=alert(1)" in doc["text"] for doc in docs)  # the payload is indexed…
    for doc in docs:  # …as text: Material inserts title and text as HTML
        assert dangers(doc["title"]) == [], doc["location"]
        assert dangers(doc["text"]) == [], doc["location"]


def test_the_data_files_are_valid_and_keep_the_text_as_written(planted_site):
    entries = json.loads((planted_site / "data/entries.json").read_text(encoding="utf-8"))
    topic = next(entry for entry in entries if entry["id"] == "talks-topic")
    assert topic["summary"] == PAYLOAD  # data is data: readers of JSON escape for their output
    assert topic["sources"][0]["url"] == BAD_URL
    for schema in (planted_site / "data").rglob("*.json"):
        json.loads(schema.read_text(encoding="utf-8"))
    ET.parse(planted_site / "sitemap.xml")
