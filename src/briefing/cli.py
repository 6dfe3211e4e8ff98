"""`briefing`: parse arguments, call the library, map errors to exit codes.

Exit status: 0 success, 1 content errors or a failed build/check, 2 usage errors.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .problems import ContentError, format_problems

if TYPE_CHECKING:
    from .graph import Graph
    from .loader import Document

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--content", default="content", help="content folder (default: content)")
    common.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="problem format: text (path:line:column: error: message) or github annotations",
    )
    site = argparse.ArgumentParser(add_help=False)
    site.add_argument("-f", "--config-file", default="mkdocs.yml", help="MkDocs configuration")

    parser = argparse.ArgumentParser(
        prog="briefing", description="Build the US–North Korea relations briefing site."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")
    commands.add_parser("check", parents=[common], help="validate all content")
    build = commands.add_parser(
        "build", parents=[common, site], help="check, generate and build the site strictly"
    )
    build.add_argument("-d", "--site-dir", help="output folder (default: site_dir of mkdocs.yml)")
    build.add_argument(
        "--generator",
        choices=("mkdocs", "properdocs"),
        default=os.environ.get("BRIEFING_GENERATOR", "mkdocs"),
        help="static site generator: mkdocs (default) or properdocs, its maintained "
        "continuation; or set BRIEFING_GENERATOR",
    )
    serve = commands.add_parser("serve", parents=[common, site], help="live preview")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="IP:PORT to serve on")
    serve.add_argument(
        "--poll",
        action="store_true",
        help="watch files by scanning them twice a second instead of by the system's file "
        "events: for folders in a container or on a network share, whose saves raise no event",
    )
    new = commands.add_parser("new", parents=[common], help="write a valid starter entry")
    new.add_argument(
        "kind", help="sanctions, summits, agreements, regional-views, topics or people"
    )
    new.add_argument("id", help="lowercase letters, digits and single hyphens")
    generate = commands.add_parser(
        "generate", parents=[common], help="write the generated pages to a folder for inspection"
    )
    generate.add_argument("--out", required=True, help="folder to write into")
    linkcheck = commands.add_parser(
        "linkcheck", parents=[common], help="check every link, anchor and asset of the built site"
    )
    linkcheck.add_argument("--site-dir", default="site", help="built site (default: site)")
    linkcheck.add_argument(
        "--external", action="store_true", help="also check external links and sources live"
    )
    compare = commands.add_parser(
        "compare-sites", help="the differences in pages and links between two built sites"
    )
    compare.add_argument("first", help="a built site, e.g. site")
    compare.add_argument("second", help="another build of it, e.g. by the other generator")
    shots = commands.add_parser(
        "screenshots", help="full-page PNGs of key pages of the built site, desktop and phone"
    )
    shots.add_argument("--site-dir", default="site", help="built site (default: site)")
    shots.add_argument("--out", default="screenshots", help="folder (default: screenshots)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except ContentError as error:
        print(format_problems(error.problems, args.format), file=sys.stderr)
        count = len(error.problems)
        print(f"{count} error{'s' if count != 1 else ''} in content", file=sys.stderr)
        return EXIT_CONTENT
    except UsageError as error:
        print(f"briefing: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


class UsageError(Exception):
    """The command cannot run as asked (bad argument, missing file)."""


def _content_root(args: argparse.Namespace) -> tuple[Path, str]:
    """The content folder, and how paths in problems start: as given, relative to the working
    folder when it is inside it, else absolute (so an editor can always open the file)."""
    root = Path(args.content)
    if not root.is_absolute():
        return root, root.as_posix()
    relative = Path(os.path.relpath(root))
    return root, (root if relative.parts[:1] == ("..",) else relative).as_posix()


def _run(args: argparse.Namespace) -> int:
    command = args.command
    if command == "check":
        return _check(args)
    if command == "generate":
        return _generate(args)
    if command == "new":
        return _new(args)
    if command == "build":
        return _build(args)
    if command == "serve":
        return _serve(args)
    if command == "linkcheck":
        return _linkcheck(args)
    if command == "screenshots":
        return _screenshots(args)
    if command == "compare-sites":
        return _compare_sites(args)
    raise UsageError(f"unknown command {command}")  # pragma: no cover - argparse guards this


def _check(args: argparse.Namespace) -> int:
    from .graph import load_graph
    from .placeholders import find_placeholders

    root, display = _content_root(args)
    graph = load_graph(root, display)
    print(f"{len(graph.entries)} entries, {len(graph.timeline)} timeline events: no problems")
    unfinished = sorted({problem.path for problem in find_placeholders(_documents(graph))})
    for path in unfinished:
        print(f"note: {path} still holds the starter's placeholders; `briefing build` refuses it")
    return EXIT_OK


def _documents(graph: Graph) -> list[Document]:
    return [entry.document for entry in graph.entries]


def _generate(args: argparse.Namespace) -> int:
    from .pipeline import generate_pages, write_pages

    root, display = _content_root(args)
    out = Path(args.out).resolve()
    for protected in (Path("docs").resolve(), root.resolve()):
        if out == protected or out.is_relative_to(protected):
            raise UsageError(f"refusing to write generated pages into {protected.name}/")
    print(write_pages(out, generate_pages(root, display)).summary(args.out))
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, new_entry

    root, _ = _content_root(args)
    try:
        path = new_entry(root, args.kind, args.id, dt.date.today())
    except ScaffoldError as error:
        raise UsageError(str(error)) from None
    print(f"wrote {path.as_posix()}: fill it in, then run `briefing check`")
    return EXIT_OK


def _build(args: argparse.Namespace) -> int:
    from mkdocs.exceptions import MkDocsException

    from .pipeline import generate
    from .placeholders import find_placeholders
    from .site import build_site, configure_logging

    config = _config_file(args)
    root, display = _content_root(args)
    # Content errors are reported in full before MkDocs starts; the plugin reuses the pages.
    placeholders = find_placeholders(_documents(generate(root, display).graph))
    if placeholders:
        raise ContentError(placeholders)
    configure_logging()
    try:
        site_dir = Path(args.site_dir) if args.site_dir else None
        site = build_site(config, site_dir, args.generator)
    except MkDocsException as error:
        print(
            f"briefing: build failed: {error}; the previous site was left as it was",
            file=sys.stderr,
        )
        return EXIT_CONTENT
    print(f"built the site into {site.as_posix()}/ with {args.generator}")
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from unittest import mock

    from mkdocs.commands.serve import serve

    from .site import configure_logging
    from .watch import NativeWatchServer

    configure_logging()
    # The plugin keeps dirty builds exact (preview.py): MkDocs' warning that they are not
    # would only be noise on every save.
    logging.getLogger("mkdocs.commands.build").addFilter(_DirtyWarning())
    # Not strict: a preview shows problems (banner, terminal) and keeps going. Dirty: after a
    # save, only the pages whose generated Markdown changed are rendered again.
    with contextlib.ExitStack() as stack:
        if not args.poll:
            stack.enter_context(
                mock.patch("mkdocs.commands.serve.LiveReloadServer", NativeWatchServer)
            )
        serve(
            config_file=str(_config_file(args)),
            dev_addr=args.dev_addr,
            livereload=True,
            build_type="dirty",
            strict=False,
        )
    return EXIT_OK


class _DirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build is being performed" not in record.getMessage()


def _linkcheck(args: argparse.Namespace) -> int:
    from .linkcheck import LinkcheckError, check_links

    root, display = _content_root(args)
    try:
        return check_links(Path(args.site_dir), root, display, external=args.external)
    except LinkcheckError as error:
        raise UsageError(str(error)) from None


def _compare_sites(args: argparse.Namespace) -> int:
    from .sitediff import compare_sites

    first, second = Path(args.first), Path(args.second)
    for site in (first, second):
        if not (site / "index.html").is_file():
            raise UsageError(f"no built site in {site}/")
    differences = compare_sites(first, second)
    for line in differences:
        print(line, file=sys.stderr)
    if differences:
        print(f"{len(differences)} differences between {first} and {second}", file=sys.stderr)
        return EXIT_CONTENT
    pages = sum(1 for _ in first.rglob("*.html"))
    print(f"{first} and {second}: the same {pages} pages with the same links")
    return EXIT_OK


def _screenshots(args: argparse.Namespace) -> int:
    from .browser import BrowserUnavailable, take_screenshots

    site = Path(args.site_dir)
    if not (site / "index.html").is_file():
        raise UsageError(f"no built site in {site}/: run `briefing build` first")
    try:
        written = take_screenshots(site, Path(args.out))
    except BrowserUnavailable as error:
        raise UsageError(str(error)) from None
    for path in written:
        print(path.as_posix())
    return EXIT_OK


def _config_file(args: argparse.Namespace) -> Path:
    config = Path(args.config_file)
    if not config.is_file():
        raise UsageError(f"{config} not found; run briefing from the repository root")
    return config


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
