"""`briefing new`: a valid starter entry an editor fills in; `build` refuses its placeholders."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2

from .placeholders import PLACEHOLDERS
from .schema import ID_RE, KINDS, RESERVED_ID_RE

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("briefing", "templates"),
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)


class ScaffoldError(Exception):
    """The kind or id given to `briefing new` cannot be used."""


def new_entry(content: Path, kind_name: str, entry_id: str, today: dt.date) -> Path:
    """Write `content/<kind>/<id>.yaml` from the starter template and return its path."""
    kind = KINDS.get(kind_name)
    if kind is None:
        raise ScaffoldError(f'unknown kind "{kind_name}"; kinds are {", ".join(KINDS)}')
    if not ID_RE.match(entry_id):
        raise ScaffoldError(
            f'"{entry_id}" is not a valid id: use lowercase letters, digits and single hyphens'
        )
    if RESERVED_ID_RE.match(entry_id):
        raise ScaffoldError(
            f'the id "{entry_id}" is taken by the pages listing the {kind.label.lower()}; '
            "choose another"
        )
    taken = sorted(content.glob(f"*/{entry_id}.yaml"))
    if taken:
        raise ScaffoldError(f'the id "{entry_id}" is already used by {taken[0].as_posix()}')
    path = content / kind.name / f"{entry_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = _ENV.get_template("new_entry.yaml.j2").render(
        kind=kind,
        entry_id=entry_id,
        today=today.isoformat(),
        title=entry_id.replace("-", " ").capitalize(),
        placeholders=PLACEHOLDERS,
    )
    path.write_text(text, encoding="utf-8")
    return path
