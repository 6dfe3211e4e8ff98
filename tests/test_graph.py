"""Cross-file resolution: backlinks, timeline order, parties."""

from __future__ import annotations

from conftest import FIXTURES

from briefing.graph import load_graph


def graph():
    return load_graph(FIXTURES / "small", "fixtures/small")


def test_backlinks_come_from_related_and_body_references():
    g = graph()
    assert [e.id for e in g.backlinks["resolution-1718"]] == ["framework"]
    assert [e.id for e in g.backlinks["singapore-summit"]] == ["resolution-1718", "talks-topic"]
    assert [e.id for e in g.backlinks["talks-topic"]] == ["resolution-1718"]


def test_timeline_is_oldest_first_with_each_entry_and_item():
    events = graph().timeline
    keys = [e.date.sort_key for e in events]
    assert keys == sorted(keys)
    assert [(str(e.date), e.entry.id, e.text) for e in events][1:4] == [
        ("1994-10", "framework", None),
        ("2006-10-09", "resolution-1718", "First nuclear test [@un-press-8853]."),
        ("2006-10-14", "resolution-1718", "Resolution adopted [@un-res-1718]."),
    ]
    # An item's own parties, else its entry's
    assert [e.parties for e in events[2:4]] == [
        ("north-korea",),
        ("united-nations", "north-korea"),
    ]


def test_every_dated_entry_is_on_the_timeline_once_per_date():
    g = graph()
    for entry in g.entries:
        rows = [e for e in g.timeline if e.entry is entry and e.date == entry.date]
        if entry.date is None:
            assert not rows
        else:
            # its own row, or the item of its timeline that marks the same date
            assert len(rows) == 1, entry.id
    items = sum(len(e.timeline) for e in g.entries)
    assert len([e for e in g.timeline if e.text is not None]) == items


def test_party_pages_know_their_entries_and_regional_view():
    g = graph()
    assert [e.id for e in g.party_entries["north-korea"]] == [
        "resolution-1718",
        "singapore-summit",
        "framework",
        "leader-person",
    ]
    assert [e.id for e in g.party_views["china"]] == ["china-view"]
    assert "united-states" in g.parties


def _timeline_tree(tmp_path, second_text: str):
    import textwrap

    files = {
        "parties.yaml": "north-korea: North Korea\nunited-nations: United Nations\n",
        "topics/tests.yaml": """\
            title: Tests
            summary: S.
            timeline:
              - {date: 2017-09-03, type: nuclear-test, text: "Sixth nuclear test [@a]."}
            sources:
              - {id: a, title: A, url: "https://example.org/a"}
            """,
        "sanctions/res.yaml": f"""\
            title: Resolution
            summary: S.
            date: 2017-09-11
            parties: [united-nations]
            timeline:
              - {{date: 2017-09-03, type: nuclear-test, parties: [north-korea],
                 text: "{second_text}"}}
            sources:
              - {{id: b, title: B, url: "https://example.org/b"}}
            """,
    }
    root = tmp_path / "content"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def test_the_same_event_told_by_two_entries_is_one_row_linking_both(tmp_path):
    from briefing.graph import load_graph

    graph = load_graph(_timeline_tree(tmp_path, "Sixth nuclear test [@b, p. 2]."))
    rows = [e for e in graph.timeline if str(e.date) == "2017-09-03"]
    assert len(rows) == 1
    assert rows[0].entry_ids == ("res", "tests")
    assert rows[0].kinds == ("sanctions", "topics")
    assert rows[0].text == "Sixth nuclear test [@b, p. 2; @a]."
    assert rows[0].parties == ("north-korea",)


def test_near_duplicate_events_are_reported_at_their_line(tmp_path, run):
    root = _timeline_tree(tmp_path, "The sixth nuclear test [@b].")
    status, _, err = run("check", cwd=root.parent)
    assert status == 1
    assert err.startswith(
        "content/topics/tests.yaml:4:50: error: this event of 3 September 2017 nearly repeats "
        "content/sanctions/res.yaml:7"
    ), err
