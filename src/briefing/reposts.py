"""The reviewed list of hosts that only repost other publishers' work.

A source's `url` is the original publisher's address. These sites republish wire stories,
government documents or reports that were first published elsewhere, so a reader who follows
the link cannot tell who stands behind the text. `briefing check` refuses them as a `url`;
the copy may still be given as `archived`, next to the original's title, publisher and date.

Add a host here only after looking at it: it must republish others' work as its main
business. Review changes to this list like code (the editor guide explains it to editors).
"""

from __future__ import annotations

from urllib.parse import urlsplit

# host -> what it is (shown in the error message)
REPOST_HOSTS: dict[str, str] = {
    "everycrsreport.com": "republishes Congressional Research Service reports",
    "zbook.org": "a document-sharing site that copies reports",
    "docslib.org": "a document-sharing site that copies reports",
    "pdfslide.net": "a document-sharing site that copies reports",
    "yumpu.com": "a document-sharing site that copies publications",
    "scribd.com": "a document-sharing site that copies publications",
    "yerepouni-news.com": "a regional paper that reposts wire stories",
    "panasialyg.com": "a site that reposts Chinese state media",
    "localnews8.com": "a local broadcaster's site that reposts wire stories",
    "thetimesunion.com": "a site that reposts wire stories",
    "newser.com": "a news aggregator",
    "see.news": "a news aggregator",
    "korean-vibe.com": "a site that reposts Korean news agencies' stories",
    "iuvmpress.co": "an aggregator that reposts other outlets",
    "cameroonlatest.blogspot.com": "a blog that copies news stories",
    "lawi.us": "a site that copies legal and government texts",
    "chinapost.nownews.com": "a site that reposts agency stories",
    "worldjpn.net": "a database that copies Japanese government documents",
}


def repost_host(url: str) -> tuple[str, str] | None:
    """The listed host (and why it is listed) that `url` is on, if any; subdomains count."""
    host = (urlsplit(url).hostname or "").lower()
    for listed, why in REPOST_HOSTS.items():
        if host == listed or host.endswith("." + listed):
            return listed, why
    return None
