"""A real browser on the built site: serve it on 127.0.0.1 and drive the system Chromium.

Used by the browser tests and by `briefing screenshots`. Playwright drives Debian's `chromium`
package (a browser download of its own cannot run here); it is imported only when needed.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium tries to reach Google's services, which the closed network refuses.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class BrowserUnavailable(Exception):
    """Playwright or a Chromium binary is missing."""


def chromium_path() -> str | None:
    """The Chromium to drive: $BRIEFING_CHROMIUM, else `chromium` on PATH."""
    configured = os.environ.get("BRIEFING_CHROMIUM")
    if configured:
        return configured if Path(configured).is_file() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def serve_site(site: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 (a free port) for the duration; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def launch_chromium() -> Iterator[Any]:
    """A headless Chromium driven by Playwright; raises BrowserUnavailable when it cannot."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise BrowserUnavailable("Playwright is not installed: pip install -e '.[test]'") from None
    from playwright.sync_api import Error as PlaywrightError

    executable = chromium_path()
    with sync_playwright() as playwright:
        try:
            # The system Chromium; else Playwright's own, where `playwright install` could run.
            browser = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
        except PlaywrightError as error:
            raise BrowserUnavailable(
                f"no usable Chromium ({error.message.splitlines()[0]}): apt-get install chromium"
            ) from None
        try:
            yield browser
        finally:
            browser.close()


SCREENSHOT_PAGES = {
    "home": "",
    "entry": "summits/singapore-summit-2018/",
    "timeline": "timeline/",
    "positions": "positions/",
}
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}


def take_screenshots(site: Path, out: Path, pages: dict[str, str] | None = None) -> list[Path]:
    """Full-page PNGs of key pages at desktop and phone widths; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serve_site(site) as base, launch_chromium() as browser:
        for width_name, (width, height) in VIEWPORTS.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            for name, path in (pages or SCREENSHOT_PAGES).items():
                page.goto(base + path, wait_until="networkidle")
                target = out / f"{name}-{width_name}.png"
                page.screenshot(path=str(target), full_page=True)
                written.append(target)
            context.close()
    return written
