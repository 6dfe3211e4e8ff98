"""The incremental preview: after one saved file, re-render only the pages that changed.

`briefing serve` runs MkDocs' dirty build, which skips every page whose File.is_modified() is
false. MkDocs' own answer (a modification time, and always true for generated files) would
re-render every generated page and trust stale navigation; this module answers instead, from
the previous build of the same site folder:

- a generated file is modified when its text changed;
- a hand-written page when the part the plugin fills in changed (the home page's figures and
  latest reviews), or, for the tags page, when any other page is re-rendered (the tags plugin
  links a page's tag chips only to a listing it renders in the same build) or pages came or
  went;
- every page when something every page shows changed: the glossary (tooltips), the error
  banner, mkdocs.yml, or any hand-written page (its title is in the navigation).

Pages that are not re-rendered keep the title and front matter of the previous build, so the
navigation, footer links and tag listings of the pages that are equal those of a full build,
and keep their search entries, so the search index still holds every page. Generated pages that
disappeared are deleted from the site folder. tests/test_preview.py compares every page with a
fresh full build.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme

from .pipeline import remove_file

log = get_plugin_logger(__name__)

TAGS_LISTING = "<!-- material/tags"


@dataclass
class _Build:
    """What one build of a site folder left behind, for the next one to compare with."""

    key: tuple[Any, ...]
    texts: dict[str, str]  # generated path -> text
    inserts: dict[str, str]  # hand-written page -> the part the plugin filled in
    dest: dict[str, str] = field(default_factory=dict)  # generated path -> file in the site
    pages: dict[str, tuple[str | None, dict[str, Any]]] = field(default_factory=dict)
    search: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # url -> entries


class _CompiledTemplates(jinja2.BytecodeCache):
    """Theme templates compiled once per preview: each rebuild makes a new Jinja environment,
    which would compile them all again (about 0.4 s). Entries are checked against a checksum
    of the template's source, so an edited template is compiled afresh."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class _ThemeListing:
    """The theme's files, listed once per preview in the folders outside the project.

    Every build asks the theme's Jinja environment for all its files, to copy the static ones:
    Material's 14,500 (mostly icons), each through MkDocs' filter, 0.05 s of every rebuild. An
    installed theme does not change while the preview runs; a theme folder in the project
    (`custom_dir`) can, and is listed every time."""

    def __init__(self) -> None:
        self._listed: dict[tuple[str, tuple[str, ...], object], list[str]] = {}

    def keep(self, theme: Theme, project: Path) -> None:
        """Have the environments `theme` makes list its installed folders from memory."""
        make_env = theme.get_env
        fixed = tuple(theme.static_templates)

        def get_env() -> jinja2.Environment:
            env = make_env()
            env.list_templates = functools.partial(  # type: ignore[method-assign]
                self._list, env, fixed, project
            )
            return env

        theme.get_env = get_env  # type: ignore[method-assign]

    def _list(
        self,
        env: jinja2.Environment,
        fixed: tuple[str, ...],
        project: Path,
        extensions: Any = None,
        filter_func: Callable[[str], bool] | None = None,
    ) -> list[str]:
        loader = env.loader
        if extensions is not None or not isinstance(loader, jinja2.FileSystemLoader):
            return jinja2.Environment.list_templates(env, extensions, filter_func)
        keep = filter_func or (lambda name: True)
        # MkDocs' filter is a new function each build, made by the same code from the theme's
        # static templates: the code and those templates say what it keeps.
        rule = getattr(filter_func, "__code__", filter_func)
        names: set[str] = set()
        for folder in loader.searchpath:
            key = (folder, fixed, rule)
            if key in self._listed:
                names.update(self._listed[key])
                continue
            listed = [name for name in _files_in(folder, loader.followlinks) if keep(name)]
            if not Path(folder).resolve().is_relative_to(project):
                self._listed[key] = listed
            names.update(listed)
        return sorted(names)


def _files_in(folder: str, followlinks: bool) -> list[str]:
    return jinja2.FileSystemLoader(folder, followlinks=followlinks).list_templates()


class Preview:
    """The plugin's memory between two builds under `serve --dirty`, per site folder."""

    def __init__(self) -> None:
        self.templates: jinja2.BytecodeCache = _CompiledTemplates()
        self.theme = _ThemeListing()
        self._previous: dict[str, _Build] = {}
        self._current: _Build | None = None
        self._skipped: set[str] = set()
        self._search: dict[str, list[dict[str, Any]]] = {}
        self._indexed = 0

    def plan(
        self,
        config: MkDocsConfig,
        files: Files,
        texts: Mapping[str, str],
        key: tuple[Any, ...],
        insert: Callable[[str, str], str],
    ) -> None:
        """Decide, before MkDocs reads any page, which files this build re-renders.

        `insert(src_uri, source)` is the part the plugin fills into a hand-written page.
        """
        config_file = config.config_file_path
        config_text = Path(config_file).read_bytes() if config_file else b""
        handwritten = [f for f in files.documentation_pages() if not f.generated_by]
        key = (*key, hashlib.sha256(config_text).hexdigest(), tuple(f.src_uri for f in handwritten))
        previous = self._previous.get(config.site_dir)
        sources = {
            f.src_uri: Path(f.abs_src_path or "").read_text(encoding="utf-8-sig")
            for f in handwritten
        }
        inserts = {uri: insert(uri, source) for uri, source in sources.items()}
        self._current = _Build(key, dict(texts), inserts)
        self._skipped = set()
        self._search = {}
        self._indexed = 0

        full = (
            previous is None
            or previous.key != key
            or any(_stock_modified(file) for file in handwritten)
        )
        if full:
            for file in files.documentation_pages():
                _set_modified(file, True)
            return
        assert previous is not None
        changed = {path for path, text in texts.items() if previous.texts.get(path) != text}
        front_matter_changed = set(texts) != set(previous.texts) or any(
            _front_matter(texts[path]) != _front_matter(previous.texts.get(path, ""))
            for path in changed
        )
        for file in files:
            if file.generated_by and file.src_uri in texts:
                _set_modified(file, file.src_uri in changed)
        for file in handwritten:
            source = sources[file.src_uri]
            _set_modified(
                file,
                inserts[file.src_uri] != previous.inserts.get(file.src_uri)
                # The tags plugin links a page's tag chips to the listing only when it
                # renders the listing in the same build: any re-rendered page needs it.
                or (bool(changed or front_matter_changed) and TAGS_LISTING in source),
            )
        self._skipped = {f.src_uri for f in files.documentation_pages() if not f.is_modified()}

    def forget(self, config: MkDocsConfig) -> None:
        """After a failed build the site folder is in an unknown state: rebuild it all next."""
        self._current = None
        self._previous.pop(config.site_dir, None)

    def restore(self, config: MkDocsConfig, files: Files) -> None:
        """Give the pages not re-rendered their previous title and front matter (on_env)."""
        if self._current is None or not self._skipped:
            return
        previous = self._previous[config.site_dir]
        tags = config.plugins.get("material/tags")
        for file in files.documentation_pages():
            page = file.page
            if page is None or file.src_uri not in self._skipped:
                continue
            title, meta = previous.pages.get(file.src_uri, (None, {}))
            page.title = title
            page.meta = dict(meta)
            if tags is not None:
                # What the tags plugin collects from each page it reads, for its listings.
                tags.on_page_markdown("", page=page, config=config, files=files)
        mappings = getattr(getattr(tags, "mappings", None), "data", None)
        if isinstance(mappings, dict):
            # In the order a full build reads the pages in.
            order = [f.page.url for f in files.documentation_pages() if f.page is not None]
            ordered = {url: mappings[url] for url in order if url in mappings}
            mappings.clear()
            mappings.update(ordered)

    def indexed(self, page: Page, search: Any) -> None:
        """Note the search entries the search plugin just made for `page` (on_page_context)."""
        if self._current is None or search is None:
            return
        entries = search.search_index.entries
        self._search[page.url] = entries[self._indexed :]
        self._indexed = len(entries)

    def finish(self, config: MkDocsConfig, files: Files, search: Any) -> None:
        """Complete the search index, delete vanished pages, remember this build (on_post_build)."""
        current, self._current = self._current, None
        if current is None:
            return
        previous = self._previous.get(config.site_dir)
        pages = [f for f in files.documentation_pages() if f.page is not None]
        if search is not None:
            merged: list[dict[str, Any]] = []
            for file in pages:
                url = file.page.url  # type: ignore[union-attr]
                if file.src_uri in self._skipped and previous is not None:
                    merged.extend(previous.search.get(url, ()))
                    current.search[url] = previous.search.get(url, [])
                else:
                    merged.extend(self._search.get(url, ()))
                    current.search[url] = self._search.get(url, [])
            search.search_index.entries = merged
            search.search_index_prev = None  # Material's own dirty merge assumes one page
        for file in pages:
            page = file.page
            assert page is not None
            current.pages[file.src_uri] = (page.title, dict(page.meta))
        current.dest = {f.src_uri: f.abs_dest_path for f in files if f.generated_by}
        if previous is not None:
            for path, dest in previous.dest.items():
                if path not in current.dest:
                    remove_file(Path(dest), Path(config.site_dir))
        self._previous[config.site_dir] = current
        log.info(f"re-rendered {len(pages) - len(self._skipped)} of {len(pages)} pages")


def _stock_modified(file: File) -> bool:
    """MkDocs' own answer for a hand-written file: is it newer than its built page?"""
    try:
        return os.path.getmtime(file.abs_dest_path) < os.path.getmtime(file.abs_src_path or "")
    except OSError:
        return True


def _set_modified(file: File, modified: bool) -> None:
    file.is_modified = lambda: modified  # type: ignore[method-assign]


def _front_matter(text: str) -> str:
    if not text.startswith("---"):
        return ""
    end = text.find("\n---", 3)
    return text[: end if end >= 0 else 0]
