"""Graph -> Atom feed of added and changed entries, newest first, for feed readers.

An entry's `updated` is its `reviewed` date: the one date the content records for when an
entry was last written or checked, so adding or revising an entry (which sets `reviewed`)
brings it to the top. Entries never reviewed have no honest date and stay out of the feed.
The XML is written by feedgen, not by hand.
"""

from __future__ import annotations

import datetime
import functools
import uuid
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator

from .graph import Graph
from .memo import PageMemo
from .schema import KINDS
from .validate import Entry

FEED_PATH = "feed.xml"
# The most recently reviewed entries the feed carries. A feed is what readers poll for news:
# today's briefing (about 200 entries) fits whole, but at 10,000 entries every one of them
# would make a 10 MB feed, which the preview also wrote again after each save (0.5 s).
# Every entry stays listed in /data/entries.json and entries.csv.
FEED_LIMIT = 500


# The last feed, kept while its entries are the same objects (the preview's unchanged files).
_memo = PageMemo()


def render_feed(graph: Graph, site_name: str, site_url: str = "", description: str = "") -> str:
    """The Atom feed: absolute links under site_url, else links relative to the feed.

    The last feed is kept while its entries are the same objects (the preview's unchanged
    files) and the site's name and address are the same.
    """
    base = site_url.rstrip("/") + "/" if site_url else ""
    reviewed = sorted(
        (entry for entry in graph.entries if entry.reviewed),
        key=lambda e: (e.reviewed.sort_key, e.title, e.id),
        reverse=True,
    )[:FEED_LIMIT]
    _memo.start((site_name, base, description))
    return _memo.page(
        FEED_PATH,
        tuple(reviewed),
        functools.partial(_atom, reviewed, site_name, base, description),
    )


def _atom(reviewed: list[Entry], site_name: str, base: str, description: str) -> str:
    feed = FeedGenerator()
    feed.id(_entry_id(base, ""))
    feed.title(site_name)
    feed.subtitle(description or f"Entries added to or revised in {site_name}")
    feed.author({"name": site_name})
    feed.link(href=urljoin(base, FEED_PATH), rel="self", type="application/atom+xml")
    feed.link(href=base or "./", rel="alternate", type="text/html")
    feed.language("en")
    feed.updated(_timestamp(reviewed[0]) if reviewed else _EPOCH)
    for entry in reviewed:
        item = feed.add_entry(order="append")
        item.id(_entry_id(base, entry.url))
        item.title(entry.title)
        item.link(href=urljoin(base, entry.url), rel="alternate", type="text/html")
        item.summary(entry.summary)
        item.updated(_timestamp(entry))
        item.category(term=entry.kind, label=KINDS[entry.kind].singular)
    xml: bytes = feed.atom_str(pretty=True)
    return xml.decode("utf-8")


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _timestamp(entry: Entry) -> datetime.datetime:
    year, month, day = entry.reviewed.sort_key
    return datetime.datetime(year, month or 1, day or 1, tzinfo=datetime.UTC)


def _entry_id(base: str, url: str) -> str:
    """The entry's address when the site has one; else a stable URN derived from its path."""
    if base:
        return urljoin(base, url)
    return uuid.uuid5(uuid.NAMESPACE_URL, "briefing:/" + url).urn
