"""The briefing itself: the seed themes are covered, and the issue's floor of content is met."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from briefing.graph import Graph, load_graph

ROOT = Path(__file__).parent.parent
SEED = ROOT.parent / "shared" / "seed"

# Each seed paragraph (by its opening words) and the entries that cover its theme.
SEED_THEMES = {
    "Tensions between the US and North Korea have escalated": [
        "causes-of-tension",
        "nuclear-ambitions",
        "hanoi-summit-2019",
    ],
    "Donald Trump's approach to North Korea evolved": [
        "trump-approach-to-north-korea",
        "singapore-summit-2018",
        "hanoi-summit-2019",
    ],
    "North Korea's nuclear ambitions include": [
        "nuclear-ambitions",
        "nuclear-tests",
        "long-range-missile-tests",
    ],
    "Sanctions play a crucial role": ["role-of-sanctions", "unsc-resolution-2397"],
    "The international response to North Korea's nuclear program": [
        "international-response",
        "china-view",
    ],
    "Several agreements have been made with North Korea": [
        "cycle-of-agreements",
        "agreed-framework",
        "six-party-talks",
    ],
    "Denuclearization talks have significant implications": ["stakes-of-denuclearization-talks"],
    "Kim Jong Un's positive recollection of his interactions": ["kim-memories-of-trump"],
    "The historical ties between the US and North Korea": [
        "us-north-korea-historical-ties",
        "korean-war-armistice",
    ],
    "Other countries have mixed views": [
        "regional-views-overview",
        "south-korea-view",
        "china-view",
        "japan-view",
    ],
}

UN_RESOLUTIONS = [
    "825",
    "1695",
    "1718",
    "1874",
    "2087",
    "2094",
    "2270",
    "2321",
    "2356",
    "2371",
    "2375",
    "2397",
]


@pytest.fixture(scope="module")
def graph() -> Graph:
    return load_graph(ROOT / "content")


@pytest.mark.skipif(not SEED.is_dir(), reason="../shared/seed is not beside the repository")
def test_every_seed_theme_is_covered_by_existing_entries(graph):
    paragraphs = [
        p.strip()
        for f in sorted(SEED.glob("*.txt"))
        for p in f.read_text(encoding="utf-8").splitlines()
        if p.strip()
    ]
    for paragraph in paragraphs:
        opening = next((o for o in SEED_THEMES if paragraph.startswith(o)), None)
        assert opening, f"no entries mapped to the seed paragraph: {paragraph[:70]}…"
    for opening, ids in SEED_THEMES.items():
        missing = [i for i in ids if i not in graph.by_id]
        assert not missing, f"seed theme {opening!r}: missing entries {missing}"


def test_every_un_resolution_on_the_programmes_has_an_entry(graph):
    titles = [e.title for e in graph.of_kind("sanctions")]
    for number in UN_RESOLUTIONS:
        assert any(re.search(rf"\b{number}\b", t) for t in titles), f"Resolution {number}"


def test_the_content_floor_is_met(graph):
    assert len(graph.entries) >= 45
    assert sum(len(e.timeline) for e in graph.entries) >= 100
    urls = [source.url for entry in graph.entries for source in entry.sources]
    hosts = {urlparse(url).hostname.removeprefix("www.") for url in urls}
    assert len(hosts) >= 12
    for kind in ("sanctions", "summits", "agreements", "regional-views", "topics"):
        assert graph.of_kind(kind), kind


def test_every_entry_is_reviewed_and_dated_kinds_have_a_status(graph):
    for entry in graph.entries:
        assert entry.reviewed is not None, entry.id
        if entry.kind in ("summits", "agreements"):
            assert entry.status, entry.id


def test_every_entry_links_somewhere_and_is_linked_from_somewhere(graph):
    for entry in graph.entries:
        assert graph.related.get(entry.id) or "[[" in (entry.body or ""), entry.id
        assert graph.backlinks.get(entry.id), f"nothing refers to {entry.id}"


def test_regional_views_cover_the_four_neighbours(graph):
    assert set(graph.party_views) >= {"south-korea", "china", "japan", "russia"}
