"""The README and the editor guide stand on their own in a fresh clone."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
READMES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_no_page_sends_anyone_outside_the_repository():
    for page in READMES:
        text = page.read_text(encoding="utf-8")
        assert "../shared" not in text and "CONTENT-CONTRACT" not in text, page.name


def test_every_file_the_readme_links_to_is_in_the_repository():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#]+)\)", text)
    local = [target for target in targets if "://" not in target]
    assert local, "the README links to the editor guide"
    for target in local:
        assert (ROOT / target).exists(), target


def test_the_editor_guide_says_what_the_check_refuses_and_why():
    guide = (ROOT / "docs/editor-guide.md").read_text(encoding="utf-8")
    section = guide.split("## What the check refuses and why", 1)[1].split("\n## ", 1)[0]
    for subject in ("Raw HTML", "Attribute lists", "Link schemes", "Site-absolute", "placeholders"):
        assert subject in section, subject
    for heading in ("## Where things are", "## Commands", "## Addresses", "## Fields"):
        assert heading in guide
