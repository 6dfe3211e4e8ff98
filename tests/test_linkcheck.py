"""Each kind of broken link is caught by the layer meant for it, and names the page."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest
from conftest import PARTIES, write_tree
from test_site import project

from briefing.linkcheck import check_external

pytestmark = pytest.mark.e2e


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_unknown_id_is_a_content_error(run, tmp_path):
    root = project(tmp_path)
    append(root / "content/topics/talks-topic.yaml", "body: See [[no-such-entry]] [@crs-talks].\n")
    status, _, err = run("build", cwd=root)
    assert status == 1
    assert "content/topics/talks-topic.yaml:" in err and 'unknown entry id "no-such-entry"' in err


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("body: See [the text](../nowhere.md) [@crs-talks].\n", "nowhere.md"),
        (
            "body: See [the summit](../summits/singapore-summit.md#no-such-anchor) [@crs-talks].\n",
            "no-such-anchor",
        ),
        ("body: See [the text](#no-such-heading) [@crs-talks].\n", "no-such-heading"),
    ],
    ids=["missing-page-in-body", "missing-anchor-in-body", "missing-own-anchor-in-body"],
)
def test_strict_build_fails_on_broken_links_in_entry_bodies(run, tmp_path, text, named):
    root = project(tmp_path)
    append(root / "content/topics/talks-topic.yaml", text)
    assert run("check", cwd=root)[0] == 0  # well-formed: only the build can tell it is broken
    status, _, err = run("build", cwd=root)
    assert status == 1
    assert "topics/talks-topic.md" in err and named in err, err


def test_relative_links_in_bodies_work_on_the_entry_page_and_in_the_book(run, tmp_path):
    root = project(tmp_path)
    append(
        root / "content/topics/talks-topic.yaml",
        "body: |\n  See [the summit](../summits/singapore-summit.md#sources), the\n"
        "  [timeline](../timeline.md) and [the sources](#sources) [@crs-talks].\n",
    )
    status, _, err = run("build", cwd=root)
    assert status == 0, err
    assert run("linkcheck", cwd=root)[0] == 0
    entry = (root / "site/topics/talks-topic/index.html").read_text(encoding="utf-8")
    assert 'href="../../summits/singapore-summit/#sources"' in entry
    assert 'href="../../timeline/"' in entry and 'href="#sources"' in entry
    book = (root / "site/book/index.html").read_text(encoding="utf-8")
    assert 'href="../summits/singapore-summit/#sources"' in book
    assert 'href="../timeline/"' in book and 'href="../topics/talks-topic/#sources"' in book


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("\nSee [the method](no-such-page.md).\n", "no-such-page.md"),
        ("\nSee [sources](method.md#no-such-anchor).\n", "no-such-anchor"),
        ("\n![A chart](images/missing-chart.png)\n", "images/missing-chart.png"),
    ],
    ids=["missing-page", "missing-anchor", "missing-image"],
)
def test_strict_build_fails_on_broken_links_in_hand_written_pages(run, tmp_path, text, named):
    root = project(tmp_path)
    append(root / "docs/about.md", text)
    status, _, err = run("build", cwd=root)
    assert status == 1
    assert "about.md" in err and named in err


def test_linkcheck_catches_raw_html_links_and_assets_after_the_build(run, tmp_path):
    root = project(tmp_path)
    assert run("build", cwd=root)[0] == 0
    assert run("linkcheck", cwd=root)[0] == 0
    # Raw HTML in a hand-written page is not validated by MkDocs: lychee must catch it.
    append(
        root / "docs/about.md",
        '\n<p><a href="../no-such-page/">gone</a> <a href="#no-anchor">here</a></p>\n'
        '<p><img src="missing.png" alt="missing"></p>\n',
    )
    assert run("build", cwd=root)[0] == 0
    status, out, _ = run("linkcheck", cwd=root)
    assert status == 1
    rows = [row for row in out.splitlines() if row.startswith("about/: broken link")]
    assert len(rows) == 3, out
    assert any("no-such-page" in row for row in rows)
    assert any("#no-anchor" in row for row in rows)
    assert any("missing.png" in row for row in rows)


def test_linkcheck_without_a_built_site_is_a_usage_error(run, tmp_path):
    status, _, err = run("linkcheck", "--site-dir", str(tmp_path / "site"), cwd=tmp_path)
    assert status == 2 and "briefing build" in err


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/alive" else 404)
        self.end_headers()
        self.wfile.write(b"<html><body>ok</body></html>")

    do_HEAD = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_external_mode_reports_dead_sources_at_their_yaml_line(tmp_path, monkeypatch, local_server):
    monkeypatch.chdir(tmp_path)
    content = write_tree(
        tmp_path / "content",
        {
            "parties.yaml": PARTIES,
            "topics/alive-topic.yaml": f"""\
            title: Alive
            summary: S.
            sources:
              - id: alive
                title: Alive
                url: {local_server}/alive
            """,
            "topics/dead-topic.yaml": f"""\
            title: Dead
            summary: S.
            sources:
              - id: alive-too
                title: Alive
                url: {local_server}/alive
              - id: gone
                title: Gone
                url: {local_server}/gone
            """,
        },
    )
    site = write_tree(tmp_path / "site", {"index.html": "<html><body>home</body></html>"})
    report = tmp_path / "report.md"
    problems = check_external(site, content, "content", report=report)
    assert [(p.path, p.line, p.column) for p in problems] == [
        ("content/topics/dead-topic.yaml", 9, 10)
    ]
    assert "404" in problems[0].message and "/gone" in problems[0].message
    text = report.read_text(encoding="utf-8")
    assert "## dead-topic" in text and "alive-topic" not in text
