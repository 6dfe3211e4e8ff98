"""`briefing.abbr`: the same HTML as Python-Markdown's `abbr`, in time linear in the page."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from markdown.extensions.abbr import AbbrTreeprocessor

from briefing.abbr import LinearAbbrTreeprocessor, needs_linear_walk
from briefing.pipeline import generate
from briefing.render import render_abbreviations

ROOT = Path(__file__).resolve().parent.parent


def _extensions(abbr: str) -> list[Any]:
    """The Markdown extensions of mkdocs.yml, with `abbr` named as given."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    names = []
    for item in config["markdown_extensions"]:
        name = next(iter(item)) if isinstance(item, dict) else item
        names.append(abbr if name == "briefing.abbr" else name)
    return names


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_constructor("!ENV", lambda loader, node: "")


def _html(text: str, abbr: str) -> str:
    return markdown.Markdown(extensions=_extensions(abbr)).convert(text)


@pytest.fixture(scope="module")
def real():
    return generate(ROOT / "content")


def test_every_real_page_renders_byte_identical_to_the_stock_extension(real):
    """Stock `abbr` with every glossary term vs ours with only the terms the page uses."""
    every_term = render_abbreviations(real.graph)
    pages = {p: t for p, t in real.pages.items() if p.endswith(".md")}
    pages.update({p.name: p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md")})
    assert "book.md" in pages and len(pages) > 50
    used_somewhere = False
    for path, text in pages.items():
        ours = _html(text + render_abbreviations(real.graph, text), "briefing.abbr")
        assert ours == _html(text + every_term, "abbr"), path
        used_somewhere = used_somewhere or "<abbr " in ours
    assert used_somewhere


def test_tricky_placements_render_as_the_stock_extension_does():
    text = (
        "DPRK and *the DPRK* then DPRK, `DPRK` and [DPRK](x.md) DPRK **b** ICBM-ICBM.\n\n"
        "- DPRK *x* DPRK *y* DPRK\n    - nested *ICBM* ICBM tail\n\n"
        "| DPRK | a |\n| --- | --- |\n| *ICBM* DPRK | DPRK |\n\n"
        "# Heading DPRK { #h }\n\n"
        "*[DPRK]: North Korea\n*[ICBM]: intercontinental ballistic missile\n"
    )
    ours = _html(text, "briefing.abbr")
    assert ours == _html(text, "abbr")
    assert ours.count('<abbr title="North Korea">DPRK</abbr>') == 12


def test_only_the_terms_a_page_uses_are_defined(real):
    term = next(iter(real.graph.glossary))
    assert f"*[{term}]:" in render_abbreviations(real.graph, f"About the {term}.")
    assert "*[" not in render_abbreviations(real.graph, "No abbreviation here.")


class _Counting(etree.Element):
    """An element that counts every child it hands out, by iteration or by index."""

    reads = 0

    # Element has no __iter__: list(element) and reversed(element) go through __getitem__.
    def __getitem__(self, index):  # type: ignore[override]
        _Counting.reads += 1
        return super().__getitem__(index)


def _counting_copy(element: etree.Element) -> etree.Element:
    copy = _Counting(element.tag, dict(element.attrib))
    copy.text, copy.tail = element.text, element.tail  # keeps AtomicString as it is
    for child in list(element):
        copy.append(_counting_copy(child))
    return copy


def _child_reads(processor_class: type[AbbrTreeprocessor], segments: int) -> int:
    """Children read by the abbreviation pass over one paragraph of `segments` emphases."""
    md = markdown.Markdown(extensions=["abbr"])
    tree: dict[str, etree.Element] = {}

    class Keep(markdown.treeprocessors.Treeprocessor):
        def run(self, root: etree.Element) -> None:
            tree["root"] = _counting_copy(root)

    md.treeprocessors.register(Keep(md), "keep", 7.5)  # after inline parsing, before abbr
    md.convert("*a* DPRK " * segments + "\n\n*[DPRK]: North Korea\n")
    processor = processor_class(md, {"DPRK": "North Korea"})
    _Counting.reads = 0
    processor.run(tree["root"])
    reads = _Counting.reads
    assert reads > segments
    return reads


def test_the_abbreviation_pass_grows_linearly_with_the_page():
    """Counting children read, not seconds: a page twice as long costs twice as much."""
    registered = markdown.Markdown(extensions=["briefing.abbr"]).treeprocessors["abbr"]
    small, large = (_child_reads(type(registered), n) for n in (400, 800))
    assert large <= 2.1 * small


@pytest.mark.skipif(not needs_linear_walk(), reason="this Python-Markdown uses its own walk")
def test_the_stock_pass_it_replaces_is_quadratic():
    """Why the workaround exists; when this fails, Python-Markdown's walk is linear: drop it."""
    small, large = (_child_reads(AbbrTreeprocessor, n) for n in (400, 800))
    assert large >= 3.5 * small
    assert _child_reads(LinearAbbrTreeprocessor, 800) * 50 < large
