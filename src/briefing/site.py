"""The strict build, into a temporary folder that replaces `site/` only on success.

MkDocs builds in this process. ProperDocs, the maintained continuation of MkDocs 1.x, builds
the same configuration with the same plugin and theme; it runs as its own process, where it
answers for the `mkdocs` package that MkDocs already holds here.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

GENERATORS = ("mkdocs", "properdocs")


def build_site(config_file: Path, site_dir: Path | None = None, generator: str = "mkdocs") -> Path:
    """Build the site strictly; on any failure the previous site is left exactly as it was."""
    config = load_config(str(config_file), strict=True)
    final = Path(site_dir) if site_dir else Path(config.site_dir)
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}-building-", dir=final.parent))
    try:
        if generator == "mkdocs":
            config.site_dir = str(staging)
            # As `mkdocs build` does: plugins learn the command (MkDocs reuses plugin instances
            # within a process, so one that last served must hear that this is a build).
            config.plugins.on_startup(command="build", dirty=False)
            build(config)
        else:
            _build_in_own_process(generator, config_file, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, final)
    return final


def _build_in_own_process(generator: str, config_file: Path, staging: Path) -> None:
    command = [sys.executable, "-m", generator, "build", "--strict"]
    command += ["--config-file", str(config_file), "--site-dir", str(staging)]
    status = subprocess.run(command, check=False).returncode
    if status != 0:
        raise Abort(f"{generator} build exited with status {status}")


def _swap(staging: Path, final: Path) -> None:
    """Put the new site in place with renames, so a reader never sees half a site."""
    staging.chmod(0o755)
    if not final.exists():
        staging.rename(final)
        return
    retired = final.with_name(f".{final.name}-old-{os.getpid()}")
    final.rename(retired)
    staging.rename(final)
    shutil.rmtree(retired, ignore_errors=True)


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is now (tests and embedders replace it)."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def configure_logging(verbose: bool = False) -> None:
    """Show MkDocs' messages as its own command line does."""
    logger = logging.getLogger("mkdocs")
    if any(isinstance(h, StderrHandler) for h in logger.handlers):
        return
    handler = StderrHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False
