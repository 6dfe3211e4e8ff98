"""The strict YAML loader: plain values, every position, and only located errors."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.loader import Document, parse_document
from briefing.problems import Problem


def test_only_null_true_false_are_implicit():
    document, problems = parse_document(
        "a: no\nb: 2018-06-12\nc: 0755\nd: 1.5\ne: null\nf: true\ng: ~\nh: 'true'\n", "x.yaml"
    )
    assert problems == []
    assert document.data == {
        "a": "no",
        "b": "2018-06-12",
        "c": "0755",
        "d": "1.5",
        "e": None,
        "f": True,
        "g": None,
        "h": "true",
    }


def test_positions_of_keys_values_and_list_items():
    document, _ = parse_document("title: T\nsources:\n  - url: https://a.example\n", "x.yaml")
    assert document.locate(("title",)) == (1, 8)
    assert document.locate(("title",), at_key=True) == (1, 1)
    assert document.locate(("sources", 0, "url")) == (3, 10)
    # a missing field is located at its nearest existing parent
    assert document.locate(("sources", 0, "title")) == (3, 5)


def test_find_locates_text_inside_a_block_scalar():
    document, _ = parse_document("body: |\n  one\n  two [[x]] and [[x]]\n", "x.yaml")
    assert document.find("[[x]]", ("body",)) == (3, 7)
    assert document.find("[[x]]", ("body",), occurrence=1) == (3, 17)


yaml_text = st.text(
    alphabet=st.sampled_from(list("abc:-[]{}&*!|>'\"#\n\t ,?%@`0123456789")), max_size=120
)


@settings(max_examples=400, deadline=None)
@given(yaml_text)
def test_random_yaml_gives_a_document_or_located_errors(text):
    document, problems = parse_document(text, "random.yaml")
    # Either a clean document, or located problems (with the document when it was read whole).
    assert document is not None or problems
    if document is not None:
        assert isinstance(document, Document) and isinstance(document.data, dict)
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.path == "random.yaml" and problem.line >= 1 and problem.column >= 1
        assert problem.message


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_give_an_entry_or_located_errors(tmp_path_factory, raw):
    from briefing.validate import load_content

    root = tmp_path_factory.mktemp("content")
    (root / "parties.yaml").write_text("china: China\n", encoding="utf-8")
    (root / "topics").mkdir()
    (root / "topics" / "t.yaml").write_bytes(raw)
    content, problems = load_content(root, "content")
    assert len(content.entries) + len({p.path for p in problems}) >= 1
    for problem in problems:
        assert problem.path.startswith("content/") and problem.line >= 1 and problem.column >= 1
