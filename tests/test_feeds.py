"""The Atom feed: valid Atom, newest reviewed first, honest dates, links under the site."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

from conftest import FIXTURES

from briefing import feeds
from briefing.feeds import render_feed
from briefing.graph import load_graph

ATOM = "{http://www.w3.org/2005/Atom}"


def test_feed_lists_reviewed_entries_newest_first_with_their_reviewed_date():
    graph = load_graph(FIXTURES / "small", "fixtures/small")
    feed = ET.fromstring(render_feed(graph, "Briefing", "https://example.org/briefing/"))
    entries = feed.findall(f"{ATOM}entry")
    reviewed = [e for e in graph.entries if e.reviewed]
    assert len(entries) == len(reviewed) > 0
    updated = [item.findtext(f"{ATOM}updated") for item in entries]
    assert updated == sorted(updated, reverse=True)
    newest = max(reviewed, key=lambda e: e.reviewed.sort_key)
    assert feed.findtext(f"{ATOM}updated") == f"{newest.reviewed}T00:00:00+00:00"
    links = {item.find(f"{ATOM}link").get("href") for item in entries}
    assert links == {f"https://example.org/briefing/{e.url}" for e in reviewed}


def test_feed_without_site_url_links_relative_to_itself_and_is_deterministic():
    graph = load_graph(FIXTURES / "small", "fixtures/small")
    text = render_feed(graph, "Briefing")
    assert text == render_feed(graph, "Briefing")
    hrefs = [link.get("href") for link in ET.fromstring(text).iter(f"{ATOM}link")]
    assert "feed.xml" in hrefs
    assert all(not href.startswith(("http:", "https:", "/")) for href in hrefs)


def test_a_revised_entry_shows_in_the_next_feed_of_the_same_site(tmp_path):
    """The last feed is reused only while its entries are unchanged."""
    root = shutil.copytree(FIXTURES / "small", tmp_path / "content")
    reviewed = next(e for e in load_graph(root).entries if e.reviewed)
    before = render_feed(load_graph(root), "Briefing", "https://example.org/")
    assert render_feed(load_graph(root), "Briefing", "https://example.org/") == before
    path = root / reviewed.path.removeprefix("content/")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"title: {reviewed.title}", "title: Revised"), encoding="utf-8")
    after = render_feed(load_graph(root), "Briefing", "https://example.org/")
    assert "<title>Revised</title>" in after and "<title>Revised</title>" not in before


def test_the_feed_carries_the_most_recently_reviewed_entries_up_to_its_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_LIMIT", 2)
    root = shutil.copytree(FIXTURES / "small", tmp_path / "content")
    for month, name in enumerate(("agreements/framework", "topics/talks-topic"), start=1):
        with (root / f"{name}.yaml").open("a", encoding="utf-8") as entry:
            entry.write(f"reviewed: 2024-0{month}-01\n")
    graph = load_graph(root)
    feed = ET.fromstring(render_feed(graph, "Briefing", "https://example.org/briefing/"))
    shown = {item.find(f"{ATOM}link").get("href") for item in feed.findall(f"{ATOM}entry")}
    reviewed = [e for e in graph.entries if e.reviewed]
    assert len(reviewed) > 2 and len(shown) == 2
    url = {e.id: f"https://example.org/briefing/{e.url}" for e in reviewed}
    kept = [e.reviewed.sort_key for e in reviewed if url[e.id] in shown]
    left = [e.reviewed.sort_key for e in reviewed if url[e.id] not in shown]
    assert min(kept) >= max(left)  # none left out was reviewed more recently
