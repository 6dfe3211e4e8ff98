"""Generated Markdown: golden pages for the fixture tree, escaping, determinism."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

import pytest
from conftest import FIXTURES, GOLDEN
from hypothesis import given
from hypothesis import strategies as st

from briefing import render
from briefing.graph import load_graph
from briefing.render import escape_markdown, relative, render_pages
from briefing.schema import KINDS

ROOT = Path(__file__).resolve().parents[1]


def pages() -> dict[str, str]:
    return render_pages(load_graph(FIXTURES / "small", "fixtures/small"))


def test_generated_pages_match_the_golden_files(update_golden):
    generated = pages()
    golden = GOLDEN / "small"
    if update_golden:
        for path, text in generated.items():
            (golden / path).parent.mkdir(parents=True, exist_ok=True)
            (golden / path).write_text(text, encoding="utf-8")
    expected = {p.relative_to(golden).as_posix() for p in golden.rglob("*") if p.is_file()}
    assert set(generated) == expected
    for path, text in generated.items():
        assert text == (golden / path).read_text(encoding="utf-8"), path


def test_rendering_is_deterministic():
    assert pages() == pages()


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("*bold* _it_ [x](y) `c`", r"\*bold\* \_it\_ \[x\](y) \`c\`"),
        ("A | B & C", r"A \| B &amp; C"),
    ],
)
def test_plain_text_is_escaped_for_markdown(text, markdown):
    assert escape_markdown(text) == markdown


def test_entries_json_has_the_contract_fields():
    records = json.loads(pages()["data/entries.json"])
    assert isinstance(records, list) and len(records) == 6
    first = records[0]
    assert set(first) >= {
        "id",
        "kind",
        "title",
        "summary",
        "date",
        "end",
        "status",
        "parties",
        "tags",
        "related",
        "url",
        "sources",
    }
    record = next(r for r in records if r["id"] == "framework")
    assert record["url"] == "agreements/framework/"
    assert (record["date"], record["end"], record["status"]) == ("1994-10", "2003", "collapsed")


page_paths = st.builds(
    lambda folders, name: "/".join([*folders, name]),
    st.lists(st.sampled_from(["a", "b", "sanctions"]), max_size=3),
    st.sampled_from(["index.md", "x.md", "entries.json"]),
)


@given(page_paths, page_paths)
def test_relative_links_match_posixpath_relpath(target, current):
    expected = posixpath.relpath(target, posixpath.dirname(current) or ".")
    assert relative(target, current) == expected


def test_home_figures_are_counted_from_the_content():
    from briefing.render import render_home
    from briefing.schema import Figure

    graph = load_graph(FIXTURES / "small", "fixtures/small")
    home = render_home(
        graph,
        [
            Figure(label="first-test events", timeline_of="resolution-1718"),
            Figure(label="summits held", kind="summits", status="held"),
            Figure(label="tagged un sanctions", tag="un sanctions"),
            Figure(label="collapsed agreements", kind="agreements", status="collapsed"),
        ],
    )
    for value, label in [
        (2, "first-test events"),
        (1, "summits held"),
        (1, "tagged un sanctions"),
        (1, "collapsed agreements"),
    ]:
        assert f'<span class="briefing-figure__value">{value}</span> {label}' in home
    assert "[1994](timeline.md#1994)" in home  # ways in by year


def test_glossary_terms_become_abbreviations_on_every_page():
    from briefing.render import render_abbreviations

    graph = load_graph(FIXTURES / "small", "fixtures/small")
    block = render_abbreviations(graph)
    assert "*[ICBM]: intercontinental ballistic missile" in block
    assert "*[UN]: United Nations" in block


def test_entries_json_carries_citations_and_typed_events():
    records = {r["id"]: r for r in json.loads(pages()["data/entries.json"])}
    resolution = records["resolution-1718"]
    assert [s["id"] for s in resolution["sources"]] == ["un-res-1718", "un-press-8853"]
    assert {"field": "body", "source": "un-res-1718", "locator": "para. 12"} in resolution[
        "citations"
    ]
    assert resolution["timeline"][0] == {
        "date": "2006-10-09",
        "type": "nuclear-test",
        "parties": ["north-korea"],
        "text": "First nuclear test.",
        "sources": ["un-press-8853"],
    }


def test_each_citation_is_a_footnote_and_one_note_per_source_and_locator():
    page = pages()["sanctions/resolution-1718.md"]
    # cited three times without a locator: one note, referenced three times
    assert page.count("[^un-res-1718]") == 4  # three references and the definition
    assert page.count("[^un-res-1718]:") == 1
    assert "[^un-res-1718-para-12]: " in page and ", para. 12." in page
    assert "unanimously[^un-res-1718]." in page  # no space before the marker
    assert "[@" not in page


def test_archived_copies_are_shown_honestly():
    page = pages()["regional-views/china-view.md"]
    assert "Xinhua, 4 September 2025; copy read at" in page
    assert 'href="https://copy.example.net/xinhua-2025">copy.example.net</a>' in page


def test_the_bibliography_lists_each_source_once_with_who_cites_it():
    page = pages()["sources.md"]
    assert page.count('<span id="un-res-1718"></span>') == 1
    line = page.split('<span id="un-res-1718"></span>', 1)[1].split("\n\n", 1)[0]
    assert "sanctions/resolution-1718.md" in line and "people/leader-person.md" in line
    assert page.index("## United Nations documents") < page.index("## News reports")


def test_a_figure_of_processes_counts_an_agreement_within_its_talks_once(content):
    from briefing.render import count_figure, render_home
    from briefing.schema import Figure

    def agreement(date: str, end: str = "", related: str = "") -> str:
        return (
            f"title: Agreement of {date}\nsummary: An agreement.\ndate: {date}\n"
            + (f"end: {end}\n" if end else "")
            + (f"related: [{related}]\n" if related else "")
            + "status: collapsed\nsources: [accord-text]\n"
            + f'timeline: [{{date: {date}, type: agreement, text: "Signed [@accord-text]."}}]\n'
        )

    root = content(
        {
            "agreements/talks.yaml": agreement("2003-08-27", end="2009-04-14"),
            "agreements/statement.yaml": agreement("2005-09-19", related="talks"),
            "agreements/framework.yaml": agreement("1994-10-21", end="2003-01", related="talks"),
        }
    )
    graph = load_graph(root)
    documents = Figure(label="collapsed", kind="agreements", status="collapsed")
    processes = Figure(label="collapsed", kind="agreements", status="collapsed", processes=True)
    assert count_figure(graph, documents) == 3
    assert count_figure(graph, processes) == 2  # the statement is part of the talks

    home = render_home(graph, [processes])
    assert "](agreements/index.md){ .briefing-figure }" in home
    assert "as of **19 September 2005**, the date of its newest event" in home


def test_the_book_cover_dates_the_edition_from_the_content_never_the_clock():
    graph = load_graph(FIXTURES / "small", "fixtures/small")
    book = render_pages(graph)["book.md"]
    edition = max(entry.reviewed for entry in graph.entries if entry.reviewed)
    newest = max(event.date for event in graph.timeline)
    assert f"**Edition of {edition.label}**" in book
    assert f"Events to **{newest.label}**" in book
    assert f"{len(graph.entries)} entries · {len(graph.timeline)} events" in book


def test_the_book_contents_link_every_entry_and_the_parts_are_blocks_of_their_own():
    graph = load_graph(FIXTURES / "small", "fixtures/small")
    book = render_pages(graph)["book.md"]
    contents = book[book.index("## Contents") : book.index("</nav>")]
    for entry in graph.entries:
        assert f"(#{entry.id})" in contents, entry.id
    for kind in {entry.kind for entry in graph.entries}:
        assert f'<section class="briefing-book-part briefing-book-part--{kind}" markdown>' in book


def test_every_part_of_the_book_has_a_running_head_in_print():
    """Chromium cannot take a running head from the text: each part is a named page whose
    head the generated stylesheet spells out, one rule per kind."""
    css = pages()["stylesheets/book-pages.css"]
    for name, label in [("contents", "Contents"), ("notes", "Notes")] + [
        (kind.name, kind.label) for kind in KINDS.values()
    ]:
        assert f".briefing-book-part--{name} {{ page: briefing-{name}; }}" in css or (
            name == "contents" and ".briefing-book-contents { page: briefing-contents; }" in css
        ), name
        rule = css[css.index(f"@page briefing-{name} {{") :]
        assert f'@top-right {{ content: "{label}";' in rule[: rule.index("\n}")], name


def test_the_book_cover_names_the_site_address_only_when_there_is_one():
    from briefing.plugin import BOOK_ADDRESS_MARKER
    from briefing.render import render_book_address

    assert BOOK_ADDRESS_MARKER in pages()["book.md"]
    assert render_book_address("") == ""
    assert "<https://example.org/briefing/>" in render_book_address("https://example.org/briefing/")


def test_csv_downloads_defuse_cells_a_spreadsheet_would_run_as_formulas(tmp_path):
    import csv
    import io
    import shutil

    root = shutil.copytree(FIXTURES / "small", tmp_path / "content")
    entry = root / "summits/singapore-summit.yaml"
    entry.write_text(
        entry.read_text(encoding="utf-8").replace(
            "title: Singapore summit", 'title: \'=HYPERLINK("http://evil.example","x")\''
        ),
        encoding="utf-8",
    )
    pages = render_pages(load_graph(root))
    rows = list(csv.DictReader(io.StringIO(pages["data/entries.csv"])))
    titles = [row["title"] for row in rows if row["id"] == "singapore-summit"]
    assert titles == ['\'=HYPERLINK("http://evil.example","x")']
    header = pages["data/timeline.csv"].splitlines()[0]
    assert header == "date,type,parties,text,entry urls"


def test_a_note_mark_sits_against_its_words_even_across_a_line_break():
    from briefing.render import Notes
    from briefing.schema import Source

    notes = Notes({"x": Source(id="x", title="X", url="https://example.org/x")})
    assert notes.markdown("ended without a deal\n[@x].") == "ended without a deal[^x]."
    # a list item or a block that opens with a citation keeps its marker and its break
    assert notes.markdown("- [@x] first item") == "- [^x] first item"
    assert notes.markdown("One [@x].\n\n[@x] opens a paragraph.") == (
        "One[^x].\n\n[^x] opens a paragraph."
    )


def test_compiled_templates_are_kept_on_disk_and_never_outlive_their_source(tmp_path, monkeypatch):
    import jinja2

    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))
    sources = {"page.md.j2": "first {{ x }}"}

    def render_once() -> str:
        env = jinja2.Environment(
            loader=jinja2.DictLoader(sources), bytecode_cache=render._CompiledOnDisk()
        )
        return env.get_template("page.md.j2").render(x=1)

    assert render_once() == "first 1"
    stored = list((tmp_path / "cache/templates").iterdir())
    assert len(stored) == 1
    sources["page.md.j2"] = "second {{ x }}"  # an edited template is compiled afresh
    assert render_once() == "second 1"
    stored[0].write_bytes(b"not bytecode")  # a damaged entry is compiled afresh, and replaced
    assert render_once() == "second 1"
    assert stored[0].read_bytes() != b"not bytecode"
