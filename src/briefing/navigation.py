"""The theme's navigation, drawn once per folder for the pages that are not in it.

Material renders the whole navigation (`partials/nav.html`) into every page. Most of our pages
are not in the navigation (every entry, party page and book volume). For such a page the only
item marked active is its folder's index, if the navigation has one (the plugin marks
`sanctions/` for an entry of sanctions), and every link is relative to the page's folder: the
HTML is the same for all of them in one folder. Drawing it once per folder instead of once per
page saves about 0.7 s of a 19 s build at 1,000 entries, with the same HTML byte for byte
(tests/test_site.py builds with and without).

The cache wraps the compiled template's render function for one build's environment only; a
page in the navigation, or a page the theme renders without `page`, is drawn as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jinja2

NAV_TEMPLATE = "partials/nav.html"


def _folder(url: str) -> tuple[str, bool]:
    """What a relative link from a page depends on: its folder, and whether its address is a
    folder itself (`topics/x/`) or a file (`topics/x.html`)."""
    return url.rstrip("/").rpartition("/")[0], url.endswith("/") or not url


def draw_navigation_once_per_folder(env: jinja2.Environment) -> None:
    """Make `env` draw the navigation once per folder for pages outside the navigation."""
    try:
        template = env.get_template(NAV_TEMPLATE)
    except jinja2.TemplateNotFound:  # another theme: nothing to do
        return
    render = template.root_render_func
    drawn: dict[tuple[str, bool], str] = {}

    def root_render_func(context: Any) -> Iterator[str]:
        page, nav = context.get("page"), context.get("nav")
        url = getattr(page, "url", None)
        if url is None or nav is None or any(item is page for item in nav.pages):
            yield from render(context)
            return
        key = _folder(url)
        if key not in drawn:
            drawn[key] = "".join(render(context))
        yield drawn[key]

    template.root_render_func = root_render_func
