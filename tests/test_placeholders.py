"""The starter's placeholders: accepted while writing, refused when publishing, at their spot."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.loader import load_document
from briefing.placeholders import PLACEHOLDERS, find_placeholders
from briefing.scaffold import ScaffoldError, new_entry
from briefing.schema import KINDS

TODAY = dt.date(2031, 5, 4)
# Fields of the starter an editor may keep as written: derived from the id, or a real value.
KEPT = {"title", "date", "status", "reviewed", "id", "type"}


@pytest.mark.parametrize("kind", KINDS)
def test_every_placeholder_of_the_starter_is_found_where_it_is_written(tmp_path, kind):
    path = new_entry(tmp_path, kind, "my-entry", TODAY)
    document, problems = load_document(path, f"content/{kind}/my-entry.yaml")
    assert problems == [] and document is not None
    found = find_placeholders([document])
    text = path.read_text(encoding="utf-8")
    written = {marker for marker in PLACEHOLDERS.values() if marker in text}
    assert written >= set(PLACEHOLDERS.values()) - {PLACEHOLDERS["role"]}  # roles: people only
    lines = text.splitlines()
    located = {
        next(m for m in written if lines[p.line - 1][p.column - 1 :].startswith(m)) for p in found
    }
    assert located == written
    assert all("still here: replace it before publishing" in p.message for p in found)


@pytest.mark.parametrize("kind", KINDS)
def test_the_starter_holds_no_text_the_build_would_let_through(tmp_path, kind):
    """A new placeholder in the template must be added to PLACEHOLDERS, or this fails."""
    path = new_entry(tmp_path, kind, "my-entry", TODAY)
    document, _ = load_document(path, "x.yaml")
    assert document is not None

    def strings(value, key=()):
        if isinstance(value, str):
            yield key, value
        elif isinstance(value, dict):
            for name, item in value.items():
                yield from strings(item, (*key, name))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from strings(item, (*key, index))

    unmarked = [
        (key, text)
        for key, text in strings(document.data)
        if key[-1] not in KEPT and not any(marker in text for marker in PLACEHOLDERS.values())
    ]
    assert unmarked == []


def test_a_filled_in_entry_has_no_placeholders(tmp_path):
    path = new_entry(tmp_path, "topics", "my-entry", TODAY)
    text = path.read_text(encoding="utf-8")
    for marker in PLACEHOLDERS.values():
        text = text.replace(marker, "https://example.org/real" if "://" in marker else "Real.")
    path.write_text(text, encoding="utf-8")
    document, _ = load_document(path, "x.yaml")
    assert find_placeholders([document]) == []


def test_new_refuses_an_id_a_kind_page_already_has(tmp_path):
    with pytest.raises(ScaffoldError, match='"index" is taken by the pages listing the topics'):
        new_entry(tmp_path, "topics", "index", dt.date(2026, 1, 1))
    assert not (tmp_path / "topics" / "index.yaml").exists()
