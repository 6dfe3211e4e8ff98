"""The built site in a real browser: search, links, the timeline filter, errors, accessibility.

Playwright drives the system Chromium against the real site served on 127.0.0.1. Without a
browser these tests are skipped, unless BRIEFING_REQUIRE_BROWSER is set (as CI does).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from briefing.browser import BrowserUnavailable, launch_chromium, serve_site
from briefing.cli import main
from briefing.graph import load_graph
from briefing.schema import KINDS

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("browser") / "site"
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        assert main(["build", "--site-dir", str(target)]) == 0
    finally:
        os.chdir(cwd)
    return target


@pytest.fixture(scope="module")
def base_url(site: Path):
    with serve_site(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    try:
        with launch_chromium() as chromium:
            yield chromium
    except BrowserUnavailable as error:
        if os.environ.get("BRIEFING_REQUIRE_BROWSER"):
            pytest.fail(f"browser tests required but unavailable: {error}")
        pytest.skip(str(error))


class Recorder:
    """Console errors, failed requests and any request that leaves 127.0.0.1."""

    def __init__(self, page) -> None:
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        page.on("request", self._request)

    def _failed(self, request) -> None:
        # A request the next navigation cancels (the search worker, fetched late) is not a
        # failure of the site.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"failed: {request.url} {request.failure}")

    def _console(self, message) -> None:
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def _response(self, response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def _request(self, request) -> None:
        host = urlparse(request.url).hostname
        if request.url.startswith(("http:", "https:")) and host != "127.0.0.1":
            self.problems.append(f"third-party request: {request.url}")


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.recorder = Recorder(tab)
    yield tab
    context.close()


def test_search_finds_an_entry_and_opens_it(page, base_url):
    page.goto(base_url, wait_until="networkidle")
    page.click("input.md-search__input")
    page.keyboard.type("Agreed Framework", delay=30)
    result = page.locator(".md-search-result__item a", has_text="Agreed Framework (1994)").first
    result.wait_for(timeout=15_000)
    result.click()
    page.wait_for_url(re.compile(r"/agreements/agreed-framework/"))
    assert "Agreed Framework" in page.locator("article h1").inner_text()
    assert page.recorder.problems == []


def test_a_reference_and_its_backlink_navigate(page, base_url):
    graph = load_graph(ROOT / "content")
    # A reference whose target does not already list its source under Related (a backlink
    # that Related shows is not repeated under Referenced by).
    source, target = next(
        (entry, graph.by_id[target_id])
        for entry in graph.entries
        for target_id in re.findall(r"\[\[\s*([a-z0-9-]+)", entry.body or "")
        if entry not in graph.related.get(target_id, ())
    )

    page.goto(base_url + source.url, wait_until="networkidle")
    page.locator(f'article a[href$="/{target.id}/"]').first.click()
    page.wait_for_url(re.compile(rf"/{target.kind}/{target.id}/$"))
    backlinks = page.locator("#referenced-by + ul")
    backlinks.locator(f'a[href$="/{source.id}/"]').click()
    page.wait_for_url(re.compile(rf"/{source.kind}/{source.id}/$"))
    assert page.recorder.problems == []


def visible_events(page) -> list[dict[str, str]]:
    return page.eval_on_selector_all(
        "li[data-type]",
        "items => items.filter(li => !li.hidden && li.offsetParent !== null)"
        ".map(li => ({kind: li.dataset.kind, parties: li.dataset.parties, type: li.dataset.type,"
        " year: li.closest('ul').previousElementSibling.id}))",
    )


def visible_jump_years(page) -> set[str]:
    return set(
        page.eval_on_selector_all(
            ".briefing-jump a",
            "links => links.filter(a => !a.hidden).map(a => a.hash.slice(1))",
        )
    )


def test_timeline_filter_by_type_party_and_kind_together(page, base_url):
    page.goto(base_url + "timeline/", wait_until="networkidle")
    everything = visible_events(page)
    assert len(everything) > 50
    form = "form.briefing-filter"

    page.select_option(f"{form} select[name=type]", "nuclear-test")
    tests = visible_events(page)
    assert 6 <= len(tests) < len(everything)
    assert {event["type"] for event in tests} == {"nuclear-test"}
    assert (
        page.locator(f"{form} output")
        .inner_text()
        .startswith(f"Showing {len(tests)} of {len(everything)}")
    )
    # the jump links and the table of contents keep only the years left
    years = {event["year"] for event in tests}
    assert visible_jump_years(page) == years
    assert "type=nuclear-test" in page.url

    page.select_option(f"{form} select[name=type]", "")
    page.select_option(f"{form} select[name=party]", "russia")
    page.select_option(f"{form} select[name=kind]", "summits")
    both = visible_events(page)
    assert both and all(
        "russia" in e["parties"].split() and "summits" in e["kind"].split() for e in both
    )

    # the URL keeps the view: opening it again shows the same rows
    shared = page.url
    assert "party=russia" in shared and "kind=summits" in shared
    page.goto(shared, wait_until="networkidle")
    assert visible_events(page) == both

    # nothing matches: say so; reset shows everything again
    page.select_option(f"{form} select[name=type]", "cyber")
    page.select_option(f"{form} select[name=party]", "iaea")
    assert visible_events(page) == []
    assert page.locator(".briefing-filter-empty").is_visible()
    page.locator(f"{form} button[type=reset]").click()
    page.wait_for_timeout(50)
    assert len(visible_events(page)) == len(everything)
    assert not page.locator(".briefing-filter-empty").is_visible()
    assert "?" not in page.url
    assert page.recorder.problems == []


def test_timeline_without_javascript_is_the_full_list(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(base_url + "timeline/?type=nuclear-test")
    assert not tab.locator("form.briefing-filter").is_visible()
    rows = tab.locator("li[data-type]").count()
    hidden = tab.locator("li[data-type][hidden]").count()
    assert rows > 50 and hidden == 0
    context.close()


PAGES = {
    "home": "",
    "charts": "charts/",
    "sources": "sources/",
    "entry": "summits/singapore-summit-2018/",
    "index": "sanctions/",
    "timeline": "timeline/",
    "positions": "positions/",
    "glossary": "glossary/",
    "book": "book/",
    "party": "parties/china/",
    "parties": "parties/",
    "people": "people/",
    "names": "korean-names/",
    "about": "about/",
    "not-found": "404.html",
}


def test_pages_load_without_errors_failed_or_third_party_requests(page, base_url):
    for path in PAGES.values():
        page.goto(base_url + path, wait_until="networkidle")
    assert page.recorder.problems == []


@pytest.mark.parametrize("name", sorted(set(PAGES) - {"book"}))
def test_no_serious_accessibility_violations(page, base_url, name):
    if not AXE.is_file():
        if os.environ.get("BRIEFING_REQUIRE_BROWSER"):
            pytest.fail("axe-core is missing: npm ci --prefix tests/browser")
        pytest.skip("axe-core is missing: npm ci --prefix tests/browser")
    page.goto(base_url + PAGES[name], wait_until="networkidle")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async () => (await axe.run(document)).violations"
        ".filter(v => v.impact === 'critical' || v.impact === 'serious')"
        ".map(v => `${v.id} (${v.impact}): ${v.help} -- ${v.nodes.length} node(s), e.g. "
        "${v.nodes[0].target.join(' ')}`)"
    )
    assert violations == []


@pytest.mark.parametrize("width", [390, 1280])
def test_no_page_is_wider_than_the_screen_and_tables_read_at_body_size(browser, base_url, width):
    context = browser.new_context(viewport={"width": width, "height": 844}, is_mobile=width < 600)
    tab = context.new_page()
    for name, path in PAGES.items():
        tab.goto(base_url + path, wait_until="networkidle")
        overflow = tab.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, name
        sizes = tab.evaluate(
            "() => { const size = s => { const e = [...document.querySelectorAll(s)]"
            ".find(e => e.offsetParent !== null);"  # the first one shown
            " return e ? parseFloat(getComputedStyle(e).fontSize) : null; };"
            " return [size('article.md-typeset'), size('article td')]; }"
        )
        if sizes[1] is not None:
            assert sizes[1] >= sizes[0], f"{name}: table text {sizes[1]}px, body {sizes[0]}px"
    context.close()


def search(page, base_url: str, query: str) -> list[str]:
    """The result pages for a query typed as a reader types it, once the list settles."""
    page.goto(base_url, wait_until="networkidle")
    page.click("input.md-search__input")
    page.keyboard.type(query, delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    script = "items => items.map(a => new URL(a.href).pathname)"
    results, previous = None, []
    for _ in range(40):  # results refresh as each key lands: wait until they stop changing
        page.wait_for_timeout(250)
        results = page.eval_on_selector_all(".md-search-result__item > a", script)
        if results == previous:
            break
        previous = results
    return results or []


def test_search_puts_the_named_page_first_and_never_the_book(page, base_url):
    graph = load_graph(ROOT / "content")
    resolution = graph.by_id["unsc-resolution-1718"]
    summit = next(e for e in graph.of_kind("summits") if "Hanoi" in e.title)
    queries = {"1718": resolution, "Hanoi summit": summit}
    person = next(iter(graph.of_kind("people")), None)
    if person is not None:
        queries[person.title] = person
    for query, entry in queries.items():
        results = search(page, base_url, query)
        assert results[0] == "/" + entry.url, query
        assert not any(path.startswith("/book/") for path in results), query


# Issue 11: names and events of 2023-2026 a reader searches for, and the page each must give
# first.
RECENT = {
    "Kim Jong Un": "people/kim-jong-un/",
    "Xi Jinping": "people/xi-jinping/",
    "Lee Jae-myung": "people/lee-jae-myung/",
    "Sergei Lavrov": "people/sergei-lavrov/",
    "Julie Turner": "people/julie-turner/",
    "troops Russia": "topics/north-korean-troops-in-russia/",
    "Ninth Party Congress": "topics/ninth-party-congress-2026/",
    "martial law": "topics/yoon-martial-law-crisis/",
    "Camp David": "summits/camp-david-summit-2023/",
    "Hwasong-20": "topics/hwasong-20/",
}


def test_names_and_recent_events_find_their_page_first(page, base_url):
    for query, path in RECENT.items():
        assert search(page, base_url, query)[0] == "/" + path, query


def test_entry_shows_where_the_reader_is_and_how_to_cite_it(page, base_url):
    page.goto(base_url + PAGES["entry"], wait_until="networkidle")
    crumbs = page.locator("nav.briefing-crumbs")
    assert crumbs.locator("a").inner_text() == "Summits"
    assert crumbs.locator("[aria-current=page]").inner_text() == page.locator("h1").inner_text()
    active = page.locator(".md-sidebar--primary .md-nav__item--active > .md-nav__link")
    assert active.first.inner_text().strip() == "Summits"

    citation = page.locator(".briefing-cite").inner_text()
    assert citation.count(base_url + PAGES["entry"]) == 3  # Chicago, APA and BibTeX
    assert "[date]" not in citation  # the access date is filled in


def test_feed_is_advertised_parses_and_its_links_resolve(page, base_url):
    import xml.etree.ElementTree as ET
    from urllib.parse import urljoin
    from urllib.request import urlopen

    page.goto(base_url + PAGES["entry"], wait_until="networkidle")
    href = page.get_attribute("link[rel=alternate][type='application/atom+xml']", "href")
    feed_url = urljoin(page.url, href)
    assert feed_url == base_url + "feed.xml"
    with urlopen(feed_url) as response:
        feed = ET.fromstring(response.read())
    atom = "{http://www.w3.org/2005/Atom}"
    links = [entry.find(f"{atom}link").get("href") for entry in feed.iter(f"{atom}entry")]
    assert links
    for link in links:
        with urlopen(urljoin(feed_url, link)) as response:
            assert response.status == 200, link


def test_dark_scheme_toggle_switches_the_palette(page, base_url):
    page.goto(base_url, wait_until="networkidle")
    before = page.get_attribute("body", "data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    after = page.get_attribute("body", "data-md-color-scheme")
    assert {before, after} == {"default", "slate"}


def test_site_works_under_a_sub_path(browser, site, tmp_path):
    host_root = tmp_path / "host"
    host_root.mkdir()
    (host_root / "briefing").symlink_to(site, target_is_directory=True)
    context = browser.new_context()
    tab = context.new_page()
    recorder = Recorder(tab)
    with serve_site(host_root) as base:
        for path in ("briefing/", "briefing/timeline/", "briefing/summits/singapore-summit-2018/"):
            tab.goto(base + path, wait_until="networkidle")
        tab.locator("article a", has_text="Singapore Joint Statement").first.click()
        tab.wait_for_url(re.compile(r"/briefing/agreements/singapore-joint-statement/$"))
    assert recorder.problems == []
    context.close()


def test_entries_not_reviewed_for_a_year_are_flagged(page, base_url):
    graph = load_graph(ROOT / "content")
    entry = next(e for e in graph.entries if e.reviewed)
    reviewed = str(entry.reviewed)
    year, rest = int(reviewed[:4]), reviewed[4:]
    page.clock.set_fixed_time(f"{year}{rest}T12:00:00Z")
    page.goto(base_url + entry.url, wait_until="networkidle")
    assert page.locator(".briefing-stale").count() == 0
    page.clock.set_fixed_time(f"{year + 1}{rest}T12:00:00Z")
    page.goto(base_url + entry.url, wait_until="networkidle")
    assert "Review overdue" in page.locator(".briefing-stale").inner_text()


def test_print_hides_the_site_chrome(page, base_url):
    page.goto(base_url + "book/", wait_until="networkidle")
    page.emulate_media(media="print")
    hidden = page.evaluate(
        "['.md-header', '.md-sidebar--primary', '.md-footer']"
        ".map(s => getComputedStyle(document.querySelector(s)).display)"
    )
    assert hidden == ["none", "none", "none"]
    assert page.locator("article h3").count() >= 45  # every entry is on the page


def test_print_hides_the_breadcrumb_and_the_citation_block(page, base_url):
    page.goto(base_url + "summits/singapore-summit-2018/", wait_until="networkidle")
    page.emulate_media(media="print")
    assert not page.locator(".briefing-crumbs").is_visible()
    assert not page.locator(".briefing-cite").is_visible()


def test_the_printed_book_has_a_cover_page_numbers_and_running_heads(page, base_url, tmp_path):
    """The book as Chromium prints it with Ctrl+P: the stylesheet's @page rules (no header or
    footer template of Playwright's), read back from the PDF with pypdf."""
    from pypdf import PdfReader

    page.goto(base_url + "book/", wait_until="networkidle")
    page.emulate_media(media="print")
    text_size = page.evaluate("document.querySelector('article').innerText.length")
    pdf = tmp_path / "book.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
    pages = PdfReader(pdf).pages

    graph = load_graph(ROOT / "content")
    edition = max(entry.reviewed for entry in graph.entries if entry.reviewed)
    newest = max(event.date for event in graph.timeline)
    cover = pages[0].extract_text()
    assert cover.startswith("Briefing book")
    assert f"Edition of {edition.label}" in cover
    assert f"Events to {newest.label}" in " ".join(cover.split())
    assert not re.search(r"^\d+$", cover, re.M), "the cover has no page number"

    # Every later page: the book's name, the part being read, and the page's number; the parts
    # come in the book's order. (Every third page: extracting text takes a while.)
    parts = ["Contents", *(kind.label for kind in KINDS.values() if graph.of_kind(kind.name))]
    parts.append("Notes")
    heads = []
    for number in sorted({*range(2, len(pages) + 1, 3), len(pages)}):
        text = pages[number - 1].extract_text()
        head = text.split("\n", 1)[0]
        assert head.startswith("Briefing book "), (number, head)
        assert re.search(rf"^{number}$", text, re.M), f"page {number} has no number"
        heads.append(head.removeprefix("Briefing book "))
    assert heads[0] == "Contents" and heads[-1] == "Notes"
    assert [part for part in parts if part in heads] == list(dict.fromkeys(heads))

    # No page left mostly blank by a forced break: the text fills the pages about as densely
    # as running text does (an entry per page would halve it).
    assert 2000 < text_size / len(pages) < 6000, (text_size, len(pages))


def test_an_entry_shows_its_citations_as_footnotes_with_tooltips(page, base_url):
    page.goto(base_url + "sanctions/unsc-resolution-2397/", wait_until="networkidle")
    refs = page.locator("article sup a.footnote-ref")
    assert refs.count() >= 3
    notes = page.locator("article div.footnote li")
    first_note = notes.first.inner_text()
    assert "In the bibliography" in first_note
    refs.first.hover()
    tooltip = page.locator("[class*=tooltip]:visible").filter(has_text=first_note.split(",")[0])
    tooltip.first.wait_for(timeout=3000)
    # the note leads to the source and to its place in the bibliography
    href = notes.first.locator("a[href^='http']").first.get_attribute("href")
    assert href and href.startswith("http")
    page.locator("article div.footnote li a[href*='sources/#']").first.click()
    page.wait_for_load_state("networkidle")
    assert "/sources/" in page.url and page.locator(":target").count() == 1
    assert page.recorder.problems == []
