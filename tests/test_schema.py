"""Partial dates, per-kind rules, and the JSON Schema editors use."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from briefing.schema import KINDS, PartialDate, json_schema


@pytest.mark.parametrize(
    ("text", "label", "precision"),
    [
        ("2018-06-12", "12 June 2018", "day"),
        ("2018-06", "June 2018", "month"),
        ("2018", "2018", "year"),
        ("2024-02-29", "29 February 2024", "day"),
    ],
)
def test_dates_keep_their_precision(text, label, precision):
    date = PartialDate.parse(text)
    assert (date.label, date.precision, str(date)) == (label, precision, text)


@pytest.mark.parametrize("text", ["2018-13", "2023-02-29", "18-06-12", "2018/06/12", "June 2018"])
def test_impossible_or_malformed_dates_are_refused(text):
    with pytest.raises(ValidationError):
        KINDS["summits"].model.model_validate(
            {
                "title": "T",
                "summary": "S",
                "date": text,
                "sources": [{"title": "x", "url": "https://a.example"}],
            }
        )


def test_month_precision_sorts_before_days_of_that_month():
    dates = [PartialDate.parse(t) for t in ("2018-06-12", "2018-06", "2018", "2017-12-31")]
    assert [str(d) for d in sorted(dates)] == ["2017-12-31", "2018", "2018-06", "2018-06-12"]


def test_status_vocabulary_is_per_kind():
    valid = {
        "title": "T",
        "summary": "S",
        "date": "2020",
        "sources": [{"title": "x", "url": "https://a.example"}],
    }
    KINDS["agreements"].model.model_validate({**valid, "status": "collapsed"})
    with pytest.raises(ValidationError):
        KINDS["summits"].model.model_validate({**valid, "status": "collapsed"})


def test_contract_example_is_valid_in_every_kind():
    example = {
        "title": "Example accord",
        "summary": "A short plain-text summary.",
        "date": "2031-05-04",
        "parties": ["united-states", "north-korea"],
        "tags": ["example"],
        "related": ["some-existing-id"],
        "body": "Follows on from [[some-existing-id]] and [[another-id|the earlier talks]].",
        "timeline": [{"date": "2031-05-04", "text": "Signed."}],
        "sources": [
            {
                "title": "Text of the accord",
                "url": "https://example.org/accord",
                "publisher": "Example Publisher",
            }
        ],
        "reviewed": "2031-06-01",
    }
    # The contract's five kinds of events and themes (people also need their roles).
    for kind in KINDS.values():
        status = {"status": kind.statuses[0]} if kind.statuses else {}
        roles = {"roles": [{"role": "Envoy"}]} if kind.name == "people" else {}
        kind.model.model_validate({**example, **status, **roles})


def test_json_schema_is_draft_2020_12_and_knows_each_kinds_statuses():
    schema = json_schema(KINDS["sanctions"])
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"title", "summary", "date", "sources"}
    statuses = schema["properties"]["status"]["anyOf"][0]["enum"]
    assert statuses == ["active", "lifted", "expired"]
    assert "subject" in json_schema()["properties"]
