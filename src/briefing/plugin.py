"""The MkDocs adapter: add the generated pages in memory, and the field reference to the guide.

`mkdocs build`, `mkdocs serve` and `briefing build` all go through here, so they produce the
same site, and every page's content HTML passes the allowlist sanitiser before the theme wraps
it. Under `serve`, content errors do not stop the preview: they are logged, shown in a
banner on every page, and the last good pages stay up until the file is fixed.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext
from pydantic import ValidationError

from .feeds import FEED_PATH, render_feed
from .navigation import draw_navigation_once_per_folder
from .pipeline import Generated, generate, last_good
from .placeholders import find_placeholders
from .preview import Preview
from .problems import ContentError, Problem, format_problems
from .render import (
    render_abbreviations,
    render_book_address,
    render_error_banner,
    render_field_reference,
    render_generator,
    render_home,
)
from .sanitize import sanitize_html
from .schema import KINDS, Figure
from .site import StderrHandler

log = get_plugin_logger(__name__)

FIELD_REFERENCE_MARKER = "<!-- briefing:field-reference -->"
GENERATOR_MARKER = "<!-- briefing:generator -->"
HOME_MARKER = "<!-- briefing:home -->"
BOOK_ADDRESS_MARKER = "<!-- briefing:site-address -->"
# Generated pages meant for the navigation; entry and party pages stay out of it, so the
# sidebar does not grow with the content.
NAV_PAGES = frozenset(
    {
        *(f"{kind}/index.md" for kind in KINDS),
        "timeline.md",
        "parties/index.md",
        "positions.md",
        "glossary.md",
        "book.md",
        "sources.md",
        "charts.md",
    }
)


class BriefingConfig(Config):  # type: ignore[no-untyped-call]
    content = config_options.Type(str, default="content")
    # Key figures on the home page: [{label, kind?, status?, tag?, timeline_of?}, ...]
    figures = config_options.Type(list, default=[])


class BriefingPlugin(BasePlugin[BriefingConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.serving = False
        self.problems: list[Problem] = []
        self.content_dir = Path("content")
        self.generated: Generated | None = None
        self.figures: list[Figure] = []
        self.marked: Page | None = None
        # `briefing serve` (and `mkdocs serve --dirty`) re-render only the pages that changed.
        self.incremental = False
        self.preview = Preview()
        self._files: Files | None = None
        self._config: MkDocsConfig | None = None
        self._homes: dict[str, str] = {}  # src_uri -> the home part, for the current build

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.incremental = self.serving and dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base = Path(config.config_file_path or ".").parent
        self.content_dir = (base / self.config.content).resolve()
        try:
            self.figures = [Figure.model_validate(item) for item in self.config.figures]
        except ValidationError as error:
            raise PluginError(f"briefing: figures in mkdocs.yml: {error}") from None
        if str(self.content_dir) not in [str(Path(w).resolve()) for w in config.watch]:
            config.watch.append(str(self.content_dir))
        if self.incremental:
            self.preview.theme.keep(config.theme, base.resolve())
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.problems = []
        self._homes = {}
        display = _display(self.content_dir)
        try:
            self.generated = generate(self.content_dir, display, incremental=self.incremental)
        except ContentError as error:
            if not self.serving:
                raise PluginError(f"content errors:\n{error}") from None
            self.problems = error.problems
            for problem in error.problems:
                _terminal().error(problem.format())
            self.generated = last_good(self.content_dir, display)
        if not self.serving and self.generated is not None:
            entries = self.generated.graph.entries
            unfinished = find_placeholders(entry.document for entry in entries)
            if unfinished:
                raise PluginError(f"content errors:\n{format_problems(sorted(unfinished))}")
        pages = self.generated.pages if self.generated else {}
        for path, text in pages.items():
            existing = files.get_file_from_path(path)
            if existing is not None and not existing.generated_by:
                raise PluginError(
                    f"docs/{path} is hand-written but the same page is generated from content/; "
                    "rename or remove the hand-written file"
                )
            inclusion = (
                InclusionLevel.NOT_IN_NAV if path not in NAV_PAGES else InclusionLevel.UNDEFINED
            )
            files.append(File.generated(config, path, content=text, inclusion=inclusion))
        if self.generated is not None:
            feed = render_feed(
                self.generated.graph,
                config.site_name,
                config.site_url or "",
                config.site_description or "",
            )
            files.append(File.generated(config, FEED_PATH, content=feed))
        if self.incremental:
            self.preview.plan(config, files, pages, self._everywhere(), self._insert)
        self._files, self._config = files, config
        return files

    def _everywhere(self) -> tuple[object, ...]:
        """What every page shows: the error banner and the glossary's tooltips."""
        glossary = self.generated.graph.glossary if self.generated else {}
        return (
            tuple(problem.format() for problem in self.problems),
            tuple((term, entry.expansion) for term, entry in glossary.items()),
        )

    def _insert(self, src_uri: str, markdown: str) -> str:
        """The part of a hand-written page the plugin fills in (see on_page_markdown)."""
        if self.generated is None or HOME_MARKER not in markdown:
            return ""
        # Rendered once per build: the preview's plan asks for it, then on_page_markdown.
        if src_uri not in self._homes:
            self._homes[src_uri] = render_home(self.generated.graph, self.figures, src_uri)
        return self._homes[src_uri]

    @event_priority(110)  # before the tags plugin renders its listings (100)
    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        draw_navigation_once_per_folder(env)
        if self.incremental:
            # Every rebuild loads a new theme environment; keep its compiled templates.
            env.bytecode_cache = self.preview.templates
            self.preview.restore(config, files)
        return env

    def on_build_error(self, *, error: Exception) -> None:
        if self.incremental and self._config is not None:
            self.preview.forget(self._config)

    @event_priority(100)  # before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.incremental and self._files is not None:
            self.preview.finish(config, self._files, config.plugins.get("material/search"))

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if FIELD_REFERENCE_MARKER in markdown:
            markdown = markdown.replace(FIELD_REFERENCE_MARKER, render_field_reference())
        if GENERATOR_MARKER in markdown:
            markdown = markdown.replace(GENERATOR_MARKER, render_generator(*generator()))
        if BOOK_ADDRESS_MARKER in markdown:
            address = render_book_address(config.site_url or "")
            markdown = markdown.replace(BOOK_ADDRESS_MARKER, address)
        if HOME_MARKER in markdown and self.generated is not None:
            markdown = markdown.replace(HOME_MARKER, self._insert(page.file.src_uri, markdown))
        if self.problems:
            markdown = render_error_banner(self.problems) + markdown
        if self.generated is not None:
            # Glossary terms become tooltips (abbr + content.tooltips) wherever they appear.
            markdown += render_abbreviations(self.generated.graph, markdown)
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        # Content is untrusted input: whatever Markdown let through, only the allowlist stays.
        return sanitize_html(html)

    @event_priority(-100)  # after the search plugin indexed the page
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        # An entry or party page is not in the navigation: mark its index there instead, so
        # the sidebar shows where the reader is (undone in on_post_page).
        self.marked = _index_in_nav(page, nav) if page not in nav.pages else None
        if self.marked is not None:
            self.marked.active = True
        if self.incremental:
            self.preview.indexed(page, config.plugins.get("material/search"))
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if self.marked is not None:
            self.marked.active = False
            self.marked = None
        return output


def generator() -> tuple[str, str, str | None]:
    """The generator running this build, its version, and the theme's version.

    ProperDocs runs MkDocs plugins by answering for the `mkdocs` package itself, so the
    package behind that name tells which of the two is building.
    """
    import mkdocs

    name = {"mkdocs": "MkDocs", "properdocs": "ProperDocs"}.get(mkdocs.__name__, mkdocs.__name__)
    try:
        from material import __version__ as theme_version
    except ImportError:  # pragma: no cover - another theme
        theme_version = None
    return name, str(mkdocs.__version__), theme_version


def _index_in_nav(page: Page, nav: Navigation) -> Page | None:
    """The navigation's index page of the folder a page sits in (`sanctions/index.md`)."""
    folder, _, name = page.file.src_uri.rpartition("/")
    if not folder or name == "index.md":
        return None
    return next((p for p in nav.pages if p.file.src_uri == f"{folder}/index.md"), None)


def _terminal() -> logging.Logger:
    """Where `serve` reports content errors: the terminal, outside MkDocs' own loggers.

    MkDocs counts every warning logged under "mkdocs" and, in strict mode, aborts the rebuild,
    which would leave the preview stuck on the old pages instead of showing the errors.
    """
    logger = logging.getLogger("briefing.serve")
    if not logger.handlers:
        handler = StderrHandler()  # whatever sys.stderr is when a problem is reported
        handler.setFormatter(logging.Formatter("ERROR   -  %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    return logger


def _display(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


__all__ = ["BriefingPlugin"]
