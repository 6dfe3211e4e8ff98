"""Comparing two builds: the same pages and links, or each difference named."""

from __future__ import annotations

from conftest import write_tree

from briefing.sitediff import compare_sites, page_links

PAGE = '<a href="../x/">x</a><img src="a.png"><link href="s.css"><script src="j.js"></script>'


def test_page_links_in_document_order():
    assert page_links(PAGE) == ["a ../x/", "img a.png", "link s.css", "script j.js"]


def test_sites_that_differ_only_in_text_agree(tmp_path):
    one = write_tree(tmp_path / "one", {"index.html": f"<p>MkDocs</p>{PAGE}", "a.png": "x"})
    two = write_tree(tmp_path / "two", {"index.html": f"<p>ProperDocs</p>{PAGE}", "a.png": "y"})
    assert compare_sites(one, two) == []


def test_a_missing_page_and_a_changed_link_are_named(tmp_path):
    one = write_tree(tmp_path / "one", {"index.html": PAGE, "about/index.html": ""})
    two = write_tree(tmp_path / "two", {"index.html": PAGE.replace("../x/", "../y/")})
    assert compare_sites(one, two) == [
        f"only in {one}: about/index.html",
        "index.html: link 1 is 'a ../x/' and 'a ../y/'",
    ]


def test_a_page_with_fewer_links_is_named(tmp_path):
    one = write_tree(tmp_path / "one", {"index.html": PAGE})
    two = write_tree(tmp_path / "two", {"index.html": PAGE.split("<script")[0]})
    assert compare_sites(one, two) == ["index.html: link 4 is 'script j.js' and '(no more links)'"]
