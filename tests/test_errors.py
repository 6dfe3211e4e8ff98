"""Every kind of editor mistake: exit 1 and a `path:line:column: error: message` at the spot."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import VALID_ENTRY

BASE = VALID_ENTRY


def entry(**replace: str) -> str:
    """The valid entry with some lines replaced: {field: 'field: value'}."""
    lines = BASE.splitlines()
    out = []
    for line in lines:
        key = line.split(":", 1)[0]
        out.append(replace.pop(key) if key in replace else line)
    out.extend(replace.values())
    return "\n".join(out) + "\n"


REGIONAL_VIEW = """\
title: A view
summary: S.
positions:
  sanctions-relief:
    stance: supports
    note: N [@x].
    as_of: 2024
sources:
  - id: x
    title: X
    url: https://example.org/x
"""


CASES = [
    # (id, files, expected path, line, column, message fragment)
    (
        "yaml-syntax-tab",
        {"topics/t.yaml": "title: T\n\tsummary: S\n"},
        "topics/t.yaml",
        2,
        1,
        "tab character",
    ),
    (
        "unclosed-quote",
        {"topics/t.yaml": 'title: "T\nsummary: S\n'},
        "topics/t.yaml",
        3,
        1,
        "while scanning a quoted scalar started at line 1, column 8",
    ),
    (
        "unclosed-bracket",
        {"topics/t.yaml": "title: T\nparties: [china\nsummary: S\n"},
        "topics/t.yaml",
        3,
        8,
        "flow sequence started at line 2, column 10",
    ),
    (
        "wrong-type",
        {"summits/s.yaml": entry(title="title: [a, b]")},
        "summits/s.yaml",
        1,
        8,
        '"title" must be text, not a list',
    ),
    (
        "missing-required",
        {"summits/s.yaml": entry(summary="")},
        "summits/s.yaml",
        1,
        1,
        'missing required field "summary"',
    ),
    (
        "missing-date-for-dated-kind",
        {"agreements/a.yaml": entry(date="")},
        "agreements/a.yaml",
        1,
        1,
        'missing required field "date"',
    ),
    (
        "misspelt-field",
        {"topics/t.yaml": entry(tags="tgas: [x]")},
        "topics/t.yaml",
        8,
        1,
        'unknown field "tgas" (did you mean "tags"?)',
    ),
    (
        "status-outside-vocabulary",
        {"summits/s.yaml": entry(status="status: hled")},
        "summits/s.yaml",
        8,
        9,
        '"hled" is not a status for summits: use one of held, cancelled, '
        'planned (did you mean "held"?)',
    ),
    (
        "status-on-topic",
        {"topics/t.yaml": entry(status="status: active")},
        "topics/t.yaml",
        8,
        1,
        "topics have no status",
    ),
    (
        "impossible-date",
        {"summits/s.yaml": entry(date="date: 2019-02-29")},
        "summits/s.yaml",
        3,
        7,
        "2019-02-29 is not a real date: February 2019 has no day 29",
    ),
    (
        "malformed-date",
        {"summits/s.yaml": entry(date="date: 12 June 2018")},
        "summits/s.yaml",
        3,
        7,
        'expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got "12 June 2018"',
    ),
    (
        "end-before-date",
        {"agreements/a.yaml": entry(end="end: 2030")},
        "agreements/a.yaml",
        8,
        6,
        "end (2030) is before date (2031-05-04)",
    ),
    (
        "reviewed-not-full",
        {"topics/t.yaml": entry(reviewed="reviewed: 2024-05")},
        "topics/t.yaml",
        8,
        11,
        'expected a full date as YYYY-MM-DD, got "2024-05"',
    ),
    (
        "duplicate-key",
        {"topics/t.yaml": entry(summary="summary: A\nsummary: B")},
        "topics/t.yaml",
        3,
        1,
        'duplicate key "summary" (first defined at line 2)',
    ),
    (
        "same-id-two-kinds",
        {"topics/dup.yaml": BASE, "summits/dup.yaml": BASE},
        "topics/dup.yaml",
        1,
        1,
        'id "dup" is already used by',
    ),
    (
        "bad-file-name",
        {"topics/Bad_Name.yaml": BASE},
        "topics/Bad_Name.yaml",
        1,
        1,
        'file name "Bad_Name.yaml" is not a valid id',
    ),
    (
        "reserved-id",
        {"topics/index.yaml": BASE},
        "topics/index.yaml",
        1,
        1,
        'the id "index" is taken by the pages listing the topics',
    ),
    (
        "unknown-related",
        {"topics/t.yaml": entry(related="related: [tt]"), "topics/tt2.yaml": BASE},
        "topics/t.yaml",
        8,
        11,
        'unknown entry id "tt"',
    ),
    (
        "unknown-related-suggests",
        {
            "topics/t.yaml": entry(related="related: [singapore-sumit]"),
            "summits/singapore-summit.yaml": BASE,
        },
        "topics/t.yaml",
        8,
        11,
        'unknown entry id "singapore-sumit" (did you mean "singapore-summit"?)',
    ),
    (
        "unknown-ref-in-body",
        {"topics/t.yaml": entry(body="body: |\n  Intro line.\n\n  See [[nowhere|this]].")},
        "topics/t.yaml",
        11,
        7,
        'unknown entry id "nowhere" in [[…]]',
    ),
    (
        "unknown-party",
        {"topics/t.yaml": entry(parties="parties: [united-states, north-kore]")},
        "topics/t.yaml",
        4,
        26,
        'unknown party "north-kore" (did you mean "north-korea"?)',
    ),
    (
        "javascript-url",
        {"topics/t.yaml": entry(sources="sources:\n  - title: X\n    url: javascript:alert(1)")},
        "topics/t.yaml",
        7,
        10,
        'source url "javascript:alert(1)" must start with https:// or http://',
    ),
    (
        "data-url",
        {"topics/t.yaml": entry(sources="sources:\n  - title: X\n    url: data:text/html,hi")},
        "topics/t.yaml",
        7,
        10,
        "must start with https:// or http://",
    ),
    (
        "relative-url",
        {"topics/t.yaml": entry(sources="sources:\n  - title: X\n    url: ../local.html")},
        "topics/t.yaml",
        7,
        10,
        "must start with https:// or http://",
    ),
    (
        "no-sources",
        {"topics/t.yaml": entry(sources="sources: []", **{"  - accord-text": ""})},
        "topics/t.yaml",
        5,
        10,
        "at least one source is required",
    ),
    (
        "raw-html-in-body",
        {"topics/t.yaml": entry(body="body: |\n  Fine text.\n  <script>alert(1)</script>")},
        "topics/t.yaml",
        10,
        3,
        'raw HTML ("<script…") is not allowed',
    ),
    (
        "javascript-link-in-body",
        {"topics/t.yaml": entry(body="body: |\n  Click [here](javascript:alert(1)).")},
        "topics/t.yaml",
        9,
        16,
        'link target "javascript:alert(1)" is not allowed',
    ),
    ("empty-file", {"topics/t.yaml": ""}, "topics/t.yaml", 1, 1, "the file is empty"),
    (
        "top-level-list",
        {"topics/t.yaml": "- a\n- b\n"},
        "topics/t.yaml",
        1,
        1,
        "the top level must be a mapping of fields, not a list",
    ),
    (
        "several-documents",
        {"topics/t.yaml": BASE + "---\ntitle: Second\n"},
        "topics/t.yaml",
        8,
        1,
        "only one YAML document is allowed in a file",
    ),
    (
        "non-utf8",
        {"topics/t.yaml": b"title: caf\xe9\nsummary: S\n"},
        "topics/t.yaml",
        1,
        11,
        "not UTF-8: byte 0xe9",
    ),
    (
        "too-large",
        {"topics/t.yaml": BASE + "body: |\n" + ("  " + "x" * 78 + "\n") * 7000},
        "topics/t.yaml",
        1,
        1,
        "the limit is 512 KiB",
    ),
    (
        "alias-bomb",
        {"topics/t.yaml": 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\n'},
        "topics/t.yaml",
        2,
        8,
        "aliases are not allowed",
    ),
    (
        "deep-nesting",
        {"topics/t.yaml": "title: " + "[" * 100 + "]" * 100 + "\n"},
        "topics/t.yaml",
        1,
        24,
        "nesting deeper than 16 levels",
    ),
    (
        "python-tag",
        {"topics/t.yaml": "title: !!python/object/apply:os.system [ls]\n"},
        "topics/t.yaml",
        1,
        8,
        "explicit YAML tags are not allowed",
    ),
    (
        "stray-file",
        {"topics/notes.txt": "hello"},
        "topics/notes.txt",
        1,
        1,
        "only .yaml files belong in content/",
    ),
    (
        "yml-extension",
        {"topics/t.yml": BASE},
        "topics/t.yml",
        1,
        1,
        'use the ".yaml" extension: rename to "t.yaml"',
    ),
    (
        "unknown-kind-folder",
        {"summit/s.yaml": BASE},
        "summit/s.yaml",
        1,
        1,
        'unknown kind folder "summit" (did you mean "summits"?)',
    ),
    (
        "unknown-question",
        {"regional-views/v.yaml": REGIONAL_VIEW.replace("sanctions-relief:", "sanction-relief:")},
        "regional-views/v.yaml",
        4,
        3,
        'unknown key "sanction-relief": use one of denuclearization-first, sanctions-relief, '
        'dialogue-without-preconditions (did you mean "sanctions-relief"?)',
    ),
    (
        "unknown-stance",
        {"regional-views/v.yaml": REGIONAL_VIEW.replace("stance: supports", "stance: suports")},
        "regional-views/v.yaml",
        5,
        13,
        '"suports" is not a valid stance: use one of supports, opposes, conditional, mixed '
        '(did you mean "supports"?)',
    ),
    (
        "positions-outside-regional-views",
        {"topics/t.yaml": BASE + "positions: {}\n"},
        "topics/t.yaml",
        8,
        1,
        'unknown field "positions"',
    ),
    (
        "glossary-misspelt-field",
        {"glossary.yaml": "ICBM:\n  expansion: x\n  definiton: y\n"},
        "glossary.yaml",
        3,
        14,
        'unknown field "definiton" (did you mean "definition"?)',
    ),
    (
        "glossary-missing-definition",
        {"glossary.yaml": "ICBM:\n  expansion: x\n"},
        "glossary.yaml",
        2,
        3,
        'missing required field "definition" in glossary term "ICBM"',
    ),
    (
        "stray-root-file",
        {"notes.yaml": "a: b\n"},
        "notes.yaml",
        1,
        1,
        "only parties.yaml and glossary.yaml and sources.yaml sit at the top of content/",
    ),
    (
        "id-in-file",
        {"topics/t.yaml": BASE + "id: t\n"},
        "topics/t.yaml",
        8,
        1,
        'remove "id": it is given by the file name',
    ),
]


@pytest.mark.parametrize(
    ("files", "path", "line", "column", "message"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_each_mistake_is_located(content, run, files, path, line, column, message):
    root = content(files)
    status, out, err = run("check", cwd=root.parent)  # as an editor runs it, from the project
    assert status == 1, (out, err)
    prefix = f"content/{path}:{line}:{column}: error: "
    matching = [row for row in err.splitlines() if row.startswith(prefix)]
    assert matching, f"no error at {prefix!r} in:\n{err}"
    assert any(message in row for row in matching), err
    assert "Traceback" not in err


def test_symlink_outside_content_is_refused(content, run, tmp_path: Path):
    outside = tmp_path / "secret.yaml"
    outside.write_text(BASE, encoding="utf-8")
    root = content({})
    (root / "topics").mkdir()
    (root / "topics" / "leak.yaml").symlink_to(outside)
    status, _, err = run("check", "--content", str(root))
    assert status == 1
    assert "topics/leak.yaml:1:1: error: symbolic link points outside the content folder" in err


def test_every_problem_of_a_run_is_reported_together(content, run):
    root = content(
        {
            "topics/a.yaml": entry(title="titel: A"),
            "summits/b.yaml": entry(status="status: hled"),
            "agreements/c.yaml": "title: [",
            "topics/d.yaml": entry(related="related: [zzz]"),
        }
    )
    status, _, err = run("check", "--content", str(root))
    assert status == 1
    rows = [row for row in err.splitlines() if ": error: " in row]
    assert {row.split(":")[0].rsplit("/", 1)[-1] for row in rows} >= {"a.yaml", "b.yaml", "c.yaml"}
    assert err.strip().endswith("in content")


def test_github_format_annotates_the_line(content, run):
    root = content({"topics/t.yaml": entry(tags="tgas: [x]")})
    status, _, err = run("check", "--format", "github", cwd=root.parent)
    assert status == 1
    assert "::error file=content/topics/t.yaml,line=8,col=1::unknown field" in err


def test_a_content_folder_elsewhere_is_shown_by_its_absolute_path(content, run, tmp_path):
    root = content({"topics/t.yaml": entry(tags="tgas: [x]")})
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()
    status, _, err = run("check", "--content", str(root), cwd=elsewhere)
    assert status == 1
    assert f"{root.as_posix()}/topics/t.yaml:8:1: error: unknown field" in err


@pytest.mark.parametrize(
    "text",
    [
        "\ufeff" + BASE,  # byte-order mark
        BASE.replace("\n", "\r\n"),  # Windows line endings
        BASE + "...\n",  # trailing document marker
        "---\n" + BASE,  # leading document marker
    ],
    ids=["bom", "crlf", "document-end-marker", "document-start-marker"],
)
def test_harmless_variations_are_accepted(content, run, text):
    root = content({"topics/t.yaml": text.encode("utf-8")})
    status, out, err = run("check", "--content", str(root))
    assert (status, err) == (0, ""), err
    assert "1 entries" in out


def test_usage_errors_exit_2(run, tmp_path):
    assert run("frobnicate")[0] == 2
    status, _, err = run("new", "kinds", "x", "--content", str(tmp_path))
    assert status == 2 and 'unknown kind "kinds"' in err


def test_a_misspelt_field_is_reported_once(content, run):
    root = content({"topics/t.yaml": entry(title="titel: Example accord")})
    status, _, err = run("check", "--content", str(root))
    assert status == 1
    rows = [row for row in err.splitlines() if ": error: " in row]
    assert len(rows) == 1 and 'unknown field "titel" (did you mean "title"?)' in rows[0]


def test_links_to_an_invalid_entry_are_not_reported_as_unknown(content, run):
    root = content(
        {
            "topics/broken.yaml": entry(summary="summary: [not, text]"),
            "topics/linking.yaml": entry(
                related="related: [broken]", body="body: See [[broken]] [@accord-text]."
            ),
        }
    )
    status, _, err = run("check", "--content", str(root))
    assert status == 1
    rows = [row for row in err.splitlines() if ": error: " in row]
    assert len(rows) == 1 and "topics/broken.yaml" in rows[0], err


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("/positions/", "is site-absolute and breaks when the site is served under a sub-path"),
        ("//evil.example/x", "is site-absolute"),
        ("../../../etc/passwd", "points outside the site"),
        ("vbscript:msgbox(1)", "is not allowed in a body: use https://, http:// or mailto:"),
    ],
    ids=["site-absolute", "protocol-relative", "outside-the-site", "other-scheme"],
)
def test_unusable_link_targets_in_bodies_are_located(content, run, link, message):
    root = content({"topics/t.yaml": entry(body=f"body: |\n  Intro.\n  See [this]({link}).")})
    status, _, err = run("check", cwd=root.parent)
    assert status == 1
    assert f'content/topics/t.yaml:10:14: error: link target "{link}" {message}' in err, err


@pytest.mark.parametrize(
    ("line", "found", "message"),
    [
        (
            "See [this](https://example.org/x){ onclick=alert(1) }.",
            "{ onclick=alert(1) }",
            'attribute list "{ onclick=alert(1) }" is not allowed in a body',
        ),
        (
            "See [this](https://example.org/x){: href=javascript:alert(1) }.",
            "{: href=",
            "sets HTML attributes",
        ),
        ("## Heading { #sources style=display:none }", "{ #sources", "attribute list"),
        (
            '*[NPT]: Nuclear" onmouseover="alert(1)',
            "*[NPT]:",
            'abbreviation definition "*[NPT]:" is not allowed in a body: add the term to '
            "content/glossary.yaml",
        ),
        ("As agreed.[^1]", "[^1]", 'footnote "[^1]" is not allowed in a body: cite a source'),
        ("!!! note onclick", "!!! note onclick", "must name one type"),
        ("See <x:y onmouseover=alert(1)>here</x:y>.", "<x:y", 'raw HTML ("<x:y…")'),
        ("See <javascript:alert(1)>.", "<javascript:", "raw HTML"),
        (
            "See [this](&#106;avascript:alert(1)).",
            "&#106;avascript",
            'link target "&#106;avascript:alert(1)" is not allowed in a body',
        ),
        ("See [this](java&Tab;script:alert(1)).", "java&Tab;", "is not allowed in a body"),
        (
            "See ![x](data:image/svg+xml;base64,PHN2Zz4=).",
            "data:image",
            "is not allowed in a body: use https://",
        ),
    ],
    ids=[
        "attr-list-event-handler",
        "attr-list-href",
        "attr-list-heading",
        "abbreviation-definition",
        "footnote",
        "admonition-extra-class",
        "html-with-colon-name",
        "angle-bracket-script-url",
        "entity-encoded-scheme",
        "tab-inside-scheme",
        "data-image",
    ],
)
def test_markup_that_sets_attributes_is_located(content, run, line, found, message):
    root = content({"topics/t.yaml": entry(body=f"body: |\n  Intro.\n\n  {line}")})
    status, _, err = run("check", cwd=root.parent)
    assert status == 1
    column = line.index(found) + 3
    assert f"content/topics/t.yaml:11:{column}: error: " in err, err
    assert message in err, err


@pytest.mark.parametrize(
    "body",
    [
        "Braces as text: \\\\{1, 2\\\\} [@accord-text].",
        "Code may show them: `{: .x }`, `<b>`, `*[X]: y` and `[^1]` [@accord-text].",
        "Autolinks stay: <https://example.org/a> and <press@example.org> [@accord-text].",
        "x < y and a<b, as written [@accord-text].",
        '!!! warning "Read with care"\n      Indented text [@accord-text].',
    ],
    ids=["escaped-braces", "code", "autolinks", "less-than", "admonition"],
)
def test_markup_that_sets_no_attributes_passes_the_check(content, run, body):
    root = content({"topics/t.yaml": entry(body=f"body: |\n  {body}")})
    status, _, err = run("check", cwd=root.parent)
    assert (status, err) == (0, "")


def test_relative_links_in_bodies_pass_the_check(content, run):
    body = (
        "body: See [the matrix](../positions.md), [a view](../topics/x.md#a) and [here](#b) "
        "[@accord-text]."
    )
    root = content({"topics/t.yaml": entry(body=body)})
    status, _, err = run("check", cwd=root.parent)
    assert (status, err) == (0, "")


def test_an_invalid_entry_still_has_its_references_checked(content, run):
    root = content(
        {
            "summits/real.yaml": BASE,
            "topics/t.yaml": entry(
                title="titel: Misspelt",
                parties="parties: [united-states, north-kore]",
                related="related: [reel]",
                body="body: See [[nowhere]].",
            ),
        }
    )
    status, _, err = run("check", cwd=root.parent)
    assert status == 1
    rows = [row for row in err.splitlines() if ": error: " in row]
    assert rows == [
        'content/topics/t.yaml:1:1: error: unknown field "titel" (did you mean "title"?)',
        'content/topics/t.yaml:4:26: error: unknown party "north-kore" (did you mean '
        '"north-korea"?); parties are listed in content/parties.yaml',
        'content/topics/t.yaml:8:11: error: unknown entry id "reel" (did you mean "real"?)',
        'content/topics/t.yaml:9:11: error: unknown entry id "nowhere" in [[…]]',
    ], err


def test_a_duplicate_key_does_not_hide_the_files_other_errors(content, run):
    root = content({"topics/t.yaml": entry(summary="summary: A\nsummary: B", date="date: 2019-13")})
    status, _, err = run("check", cwd=root.parent)
    assert status == 1
    assert "content/topics/t.yaml:3:1: error: duplicate key" in err
    assert "content/topics/t.yaml:4:7: error: 2019-13 has no month 13" in err


def test_the_same_id_in_two_kinds_is_reported_even_when_one_is_invalid(content, run):
    root = content({"summits/dup.yaml": entry(status="status: hled"), "topics/dup.yaml": BASE})
    status, _, err = run("check", cwd=root.parent)
    assert status == 1
    assert 'content/topics/dup.yaml:1:1: error: id "dup" is already used by content/summits/' in err
    assert '"hled" is not a status for summits' in err


def test_a_broken_parties_file_does_not_make_every_party_unknown(content, run):
    root = content({"parties.yaml": "china: [China\n", "topics/t.yaml": BASE})
    status, _, err = run("check", cwd=root.parent)
    assert status == 1
    rows = [row for row in err.splitlines() if ": error: " in row]
    assert len(rows) == 1 and rows[0].startswith("content/parties.yaml:"), err


def test_related_lists_are_checked_whatever_the_targets_state(content, run):
    """Listing an invalid entry twice, or an invalid entry relating to itself, is still said."""
    root = content(
        {
            "topics/broken.yaml": entry(
                summary="summary: [not, text]", related="related: [broken]"
            ),
            "topics/linking.yaml": entry(related="related: [broken, broken]"),
        }
    )
    status, _, err = run("check", cwd=root.parent)
    assert status == 1
    assert "content/topics/broken.yaml:8:11: error: an entry cannot be related to itself" in err
    assert 'content/topics/linking.yaml:8:19: error: "broken" is listed twice in related' in err
