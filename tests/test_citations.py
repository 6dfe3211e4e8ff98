"""The citation rules of `briefing check`: each planted mistake is reported at its spot."""

from __future__ import annotations

import pytest

from briefing.citations import body_blocks, find_citations

ENTRY = """\
title: T
summary: S.
body: |
  First claim [@alpha].

  Second claim [@alpha, p. 3; @shared-doc].
timeline:
  - {date: 2020, type: talks, text: "Talks [@alpha]."}
sources:
  - id: alpha
    title: Alpha
    url: https://example.org/alpha
  - shared-doc
"""

SHARED = """\
shared-doc:
  title: Shared document
  url: https://example.org/shared
  type: report
"""


def test_a_fully_cited_entry_passes(content, run):
    root = content({"topics/t.yaml": ENTRY, "sources.yaml": SHARED})
    assert run("check", cwd=root.parent)[:2] == (0, "1 entries, 1 timeline events: no problems\n")


CASES = [
    (
        "unknown-id-suggests",
        {"topics/t.yaml": ENTRY.replace("First claim [@alpha]", "First claim [@alhpa]")},
        "topics/t.yaml:4:15",
        'unknown source id "alhpa" in [@alhpa] (did you mean "alpha"?)',
    ),
    (
        "uncited-paragraph",
        {
            "topics/t.yaml": ENTRY.replace(
                "  Second claim [@alpha, p. 3; @shared-doc].",
                "  No source here.\n\n  Second claim [@alpha, p. 3; @shared-doc].",
            )
        },
        "topics/t.yaml:6:3",
        "this paragraph of the body cites no source",
    ),
    (
        "uncited-list",
        {
            "topics/t.yaml": ENTRY.replace(
                "  First claim [@alpha].", "  First claim [@alpha].\n\n  - one\n  - two"
            )
        },
        "topics/t.yaml:6:3",
        "this list of the body cites no source",
    ),
    (
        "uncited-timeline-item",
        {"topics/t.yaml": ENTRY.replace('text: "Talks [@alpha]."', 'text: "Talks."')},
        "topics/t.yaml:8:37",
        "this timeline item cites no source",
    ),
    (
        "source-never-cited",
        {
            "topics/t.yaml": ENTRY
            + "  - id: beta\n    title: Beta\n    url: https://example.org/beta\n"
        },
        "topics/t.yaml:14:5",
        'source "beta" is never cited',
    ),
    (
        "shared-source-cited-by-no-one",
        {"sources.yaml": SHARED + "unused-doc:\n  title: U\n  url: https://example.org/u\n"},
        "sources.yaml:5:1",
        'shared source "unused-doc" is cited by no entry',
    ),
    (
        "duplicate-id",
        {
            "topics/t.yaml": ENTRY.replace("  - id: alpha", "  - id: shared-doc")
            .replace("[@alpha]", "[@shared-doc]")
            .replace("[@alpha, p. 3; @shared-doc]", "[@shared-doc]")
            .replace("  - shared-doc\n", "")
        },
        "topics/t.yaml:10:9",
        'source id "shared-doc" is already used by content/sources.yaml:1',
    ),
    (
        "unknown-shared-id",
        {"topics/t.yaml": ENTRY.replace("  - shared-doc", "  - shared-dok")},
        "topics/t.yaml:13:5",
        'unknown shared source "shared-dok" (did you mean "shared-doc"?)',
    ),
    (
        "repost-host",
        {
            "topics/t.yaml": ENTRY.replace(
                "https://example.org/alpha", "https://www.everycrsreport.com/reports/R1.html"
            )
        },
        "topics/t.yaml:12:10",
        '"everycrsreport.com" only reposts others\' work',
    ),
    (
        "publisher-names-a-copy",
        {
            "topics/t.yaml": ENTRY.replace(
                "    url: https://example.org/alpha",
                "    url: https://example.org/alpha\n    publisher: AP via Newser",
            )
        },
        "topics/t.yaml:13:16",
        'publisher "AP via Newser" names a copy',
    ),
    (
        "archived-not-http",
        {
            "topics/t.yaml": ENTRY.replace(
                "    url: https://example.org/alpha",
                "    url: https://example.org/alpha\n    archived: ftp://example.org/alpha",
            )
        },
        "topics/t.yaml:13:15",
        'source archived "ftp://example.org/alpha" must start with https:// or http://',
    ),
    (
        "html-escaped-address",
        {"topics/t.yaml": ENTRY.replace("example.org/alpha", "example.org/a?b=1&amp;c=2")},
        "topics/t.yaml:12:10",
        'the url holds "&amp;", an ampersand escaped for HTML',
    ),
    (
        "no-address",
        {"topics/t.yaml": ENTRY.replace("    url: https://example.org/alpha\n", "")},
        "topics/t.yaml:10:5",
        "a source needs a url (the original), an archived copy, or both",
    ),
    (
        "same-document-twice",
        {
            "topics/t.yaml": ENTRY
            + "  - id: beta\n    title: Beta\n    url: https://example.org/shared\n",
        },
        "topics/t.yaml:16:10",
        'this address is already source "shared-doc"',
    ),
    (
        "malformed-citation",
        {"topics/t.yaml": ENTRY.replace("First claim [@alpha]", "First claim [@alpha @beta]")},
        "topics/t.yaml:4:15",
        'citation "[@alpha @beta]" is not of the form',
    ),
    (
        "citation-in-summary",
        {"topics/t.yaml": ENTRY.replace("summary: S.", "summary: S [@alpha].")},
        "topics/t.yaml:2:10",
        "the summary is plain text and carries no citation",
    ),
    (
        "uncited-position-note",
        {
            "regional-views/v.yaml": ENTRY.replace("title: T", "title: V").replace(
                "summary: S.",
                "summary: S.\npositions:\n  sanctions-relief: "
                "{stance: mixed, note: No source., as_of: 2024}",
            )
        },
        "regional-views/v.yaml:4:43",
        "this position note cites no source",
    ),
]


@pytest.mark.parametrize(
    ("files", "where", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_citation_mistake_is_located(content, run, files, where, message):
    root = content({"topics/t.yaml": ENTRY, "sources.yaml": SHARED, **files})
    status, _, err = run("check", cwd=root.parent)
    assert status == 1
    expected = f"content/{where}: error: {message}"
    assert any(row.startswith(expected) for row in err.splitlines()), err


def test_citations_are_parsed_as_pandoc_writes_them():
    found, issues = find_citations(
        "A [@a] b [@b, para. 4]; c [@c; @d, p. 2] [see](x) [[e]] `[@f]`."
    )
    assert not issues
    assert [[(c.source, c.locator) for c in cit.cites] for cit in found] == [
        [("a", None)],
        [("b", "para. 4")],
        [("c", None), ("d", "p. 2")],
    ]


def test_blocks_are_paragraphs_lists_and_tables_not_headings_or_code():
    body = "## Heading\n\nPara [@a].\n\n- one\n\n- two\n\n| a |\n| - |\n| b |\n\n```\ncode\n```\n"
    assert [(b.kind, b.cited) for b in body_blocks(body)] == [
        ("paragraph", True),
        ("list", False),
        ("table", False),
    ]


def test_a_citation_may_break_across_lines_and_precede_a_colon():
    found, issues = find_citations("As reported [@a,\n  p. 2;\n  @b]: the rest.\n[@c]: https://x")
    assert not issues
    assert [[(c.source, c.locator) for c in cit.cites] for cit in found] == [
        [("a", "p. 2"), ("b", None)]
    ]


def test_a_bibliography_of_comments_only_is_empty_not_an_error(content, run):
    body = ENTRY.replace("; @shared-doc", "").replace("  - shared-doc\n", "")
    root = content({"topics/t.yaml": body, "sources.yaml": "# nothing shared yet\n"})
    assert run("check", cwd=root.parent)[0] == 0


@pytest.mark.parametrize(
    ("bibliography", "where", "message"),
    [
        ("shared-doc: just text\n", "1:13", 'source "shared-doc" must be a mapping of fields'),
        ("shared-doc: {title: T, url: 'ftp://x'}\n", "1:29", 'source url "ftp://x" must start'),
        ("shared-doc: {title: 'T\n", "2:1", "YAML syntax"),
    ],
    ids=["not-a-mapping", "invalid-field", "unreadable-file"],
)
def test_a_broken_shared_source_is_reported_once_not_again_where_cited(
    content, run, bibliography, where, message
):
    root = content({"topics/t.yaml": ENTRY, "sources.yaml": bibliography})
    status, _, err = run("check", cwd=root.parent)
    rows = [row for row in err.splitlines() if ": error: " in row]
    assert status == 1 and len(rows) == 1, err
    assert rows[0].startswith(f"content/sources.yaml:{where}: error: {message}"), err
