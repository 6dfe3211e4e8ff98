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
    assert len(graph.entries) >= 130
    events = [event for event in graph.timeline if event.text is not None]
    assert len(events) >= 350, "distinct timeline events (one row per event)"
    assert len(graph.of_kind("people")) >= 25
    hosts = {
        urlparse(source.url or source.archived or "").hostname.removeprefix("www.")
        for source in graph.sources.values()
    }
    assert len(hosts) >= 100
    for kind in ("sanctions", "summits", "agreements", "regional-views", "topics", "people"):
        assert graph.of_kind(kind), kind


def test_the_record_reaches_2026(graph):
    newest = max(event.date for event in graph.timeline)
    assert (newest.year, newest.month or 0) >= (2026, 1)


# Issue 11: each bullet of what was missing, and the entries that now cover it.
RECORD = {
    "US sanctions architecture: every executive order 2005-2017": [
        "executive-order-13382",
        "executive-order-13466",
        "executive-order-13551",
        "executive-order-13570",
        "executive-order-13687",
        "executive-order-13722",
        "executive-order-13810",
    ],
    "state sponsor of terrorism listing, removal and relisting": [
        "state-sponsor-of-terrorism-listing-1988",
        "state-sponsor-of-terrorism-relisting-2017",
    ],
    "the travel ban": ["us-passport-ban-north-korea"],
    "Treasury actions such as Banco Delta Asia": [
        "banco-delta-asia",
        "north-korea-primary-money-laundering-concern",
    ],
    "the monitoring that replaced the UN panel": [
        "un-panel-of-experts",
        "multilateral-sanctions-monitoring-team",
    ],
    "the 1999-2000 opening": [
        "perry-process",
        "jo-myong-rok-washington-visit-2000",
        "us-dprk-joint-communique-2000",
        "albright-pyongyang-visit-2000",
    ],
    "the 2000 and 2007 inter-Korean summits": [
        "inter-korean-summit-2000",
        "inter-korean-summit-2007",
    ],
    "every meeting between Kim Jong Un and Xi Jinping": [
        "kim-xi-beijing-march-2018",
        "kim-xi-dalian-may-2018",
        "kim-xi-beijing-june-2018",
        "kim-xi-beijing-january-2019",
        "xi-pyongyang-visit-2019",
        "kim-xi-beijing-september-2025",
    ],
    "attempts at meetings since 2025": ["us-north-korea-outreach-2025", "trump-korea-visit-2025"],
    "Russia-North Korea alignment since 2023": [
        "kim-putin-vostochny-2023",
        "putin-pyongyang-visit-2024",
        "russia-north-korea-treaty",
        "north-korean-arms-transfers-to-russia",
        "north-korean-troops-in-russia",
        "russia-denuclearization-stance",
        "north-korea-nuclear-status-recognition",
    ],
    "Americans detained and how each came home; war remains": [
        "americans-detained-in-north-korea",
        "ling-lee-detention-2009",
        "kenneth-bae-and-matthew-miller",
        "otto-warmbier",
        "three-americans-released-2018",
        "travis-king",
        "korean-war-remains-recovery",
        "korean-war-remains-return-2018",
    ],
    "crises and incidents": [
        "cheonan-sinking",
        "yeonpyeong-shelling",
        "missiles-over-japan",
        "north-korean-cyber-operations",
        "north-korean-cryptocurrency-theft",
        "inter-korean-liaison-office-demolition",
        "end-of-unification-policy",
        "death-of-kim-il-sung",
        "death-of-kim-jong-il",
    ],
    "2025-2026": [
        "us-north-korea-outreach-2025",
        "lee-jae-myung-north-korea-policy",
        "ninth-party-congress-2026",
        "china-north-korea-relations-2024-2026",
        "japan-summit-bids-2023-2025",
        "korean-peninsula-2026",
    ],
    "human rights as it bears on US policy": [
        "un-commission-of-inquiry-dprk",
        "north-korean-human-rights-act",
        "special-envoy-north-korean-human-rights",
    ],
}

# Issue 11: the leaders of the six parties since 1994, the US envoys, Kim Yo Jong.
PEOPLE = [
    *("bill-clinton", "george-w-bush", "barack-obama", "donald-trump", "joe-biden"),
    *("kim-il-sung", "kim-jong-il", "kim-jong-un", "kim-yo-jong"),
    *("kim-young-sam", "kim-dae-jung", "roh-moo-hyun", "lee-myung-bak", "park-geun-hye"),
    *("moon-jae-in", "yoon-suk-yeol", "lee-jae-myung"),
    *("jiang-zemin", "hu-jintao", "xi-jinping", "boris-yeltsin", "vladimir-putin"),
    *("dmitry-medvedev", "junichiro-koizumi", "shinzo-abe", "fumio-kishida"),
    *("shigeru-ishiba", "sanae-takaichi"),
    *("robert-gallucci", "william-perry", "christopher-hill", "stephen-bosworth"),
    *("glyn-davies", "joseph-yun", "stephen-biegun", "sung-kim", "robert-king", "julie-turner"),
]


@pytest.mark.parametrize("bullet", RECORD)
def test_each_missing_part_of_the_record_is_covered(graph, bullet):
    missing = [entry_id for entry_id in RECORD[bullet] if entry_id not in graph.by_id]
    assert not missing, f"{bullet}: missing {missing}"


def test_the_people_of_the_record_have_pages_that_list_where_they_appear(graph):
    missing = [person for person in PEOPLE if person not in graph.by_id]
    assert not missing
    for person in PEOPLE:
        assert graph.by_id[person].kind == "people"
        assert graph.backlinks.get(person), f"no entry links to {person}"


def test_every_regional_view_answers_every_question_with_a_dated_cited_stance(graph):
    from briefing.citations import find_citations
    from briefing.schema import QUESTIONS

    for view in graph.of_kind("regional-views"):
        assert set(view.positions) == set(QUESTIONS), view.id
        for position in view.positions.values():
            assert position.as_of is not None
            assert find_citations(position.note, markdown=False)[0], view.id
            dates = [record.as_of for record in position.history] + [position.as_of]
            assert dates == sorted(dates), f"{view.id}: history is oldest first"


def test_every_entry_is_reviewed_and_summits_have_a_status(graph):
    for entry in graph.entries:
        assert entry.reviewed is not None, entry.id
        if entry.kind == "summits":
            assert entry.status, entry.id


def test_every_entry_links_somewhere_and_is_linked_from_somewhere(graph):
    for entry in graph.entries:
        assert graph.related.get(entry.id) or "[[" in (entry.body or ""), entry.id
        assert graph.backlinks.get(entry.id), f"nothing refers to {entry.id}"


def test_regional_views_cover_the_four_neighbours(graph):
    assert set(graph.party_views) >= {"south-korea", "china", "japan", "russia"}
