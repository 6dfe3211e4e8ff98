"""The entry schema: the one place a field, a kind or a vocabulary is declared.

It validates entries, is exported as JSON Schema for editors, and generates the field reference
of the editor guide. Per-kind models differ only in their `status` vocabulary, whether `date` is
required, and the fields only regional views carry.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import total_ordering
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    create_model,
    field_validator,
)
from pydantic import Tag as UnionTag
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
TAG_PATTERN = r"^[a-z0-9]+([ -][a-z0-9]+)*$"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
FULL_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
ID_RE = re.compile(ID_PATTERN)
# Ids an entry cannot have: its kind's own pages sit beside its page (sanctions/index.md lists
# the sanctions, and sanctions/index-2.md part of them at scale); an entry of that name would
# replace one.
RESERVED_ID_RE = re.compile(r"^index(-[0-9]+)?$")
MONTHS = [calendar.month_name[m] for m in range(13)]


@total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day, shown at that precision."""

    year: int
    month: int | None = None
    day: int | None = None

    PATTERN: ClassVar[str] = DATE_PATTERN

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if not isinstance(value, str) or not re.fullmatch(cls.PATTERN, value):
            raise PydanticCustomError(
                "partial_date",
                'expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got "{value}"',
                {"value": value},
            )
        parts = [int(part) for part in value.split("-")]
        year, month, day = [*parts, 0, 0][:3]
        if year < 1800:
            raise PydanticCustomError("partial_date", "year {year} is before 1800", {"year": year})
        if len(parts) > 1 and not 1 <= month <= 12:
            raise PydanticCustomError("partial_date", "{value} has no month {month}", locals())
        if len(parts) > 2 and not 1 <= day <= calendar.monthrange(year, month)[1]:
            raise PydanticCustomError(
                "partial_date",
                "{value} is not a real date: {month_name} {year} has no day {day}",
                {"value": value, "month_name": MONTHS[month], "year": year, "day": day},
            )
        return cls(year, month if len(parts) > 1 else None, day if len(parts) > 2 else None)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    @property
    def label(self) -> str:
        """'12 June 2018', 'June 2018' or '2018'."""
        if self.day and self.month:
            return f"{self.day} {MONTHS[self.month]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month]} {self.year}"
        return str(self.year)

    def __str__(self) -> str:
        if self.day and self.month:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key < other.sort_key

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.to_string_ser_schema()
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "pattern": cls.PATTERN, "examples": ["2018-06-12", "2018-06"]}


class FullDate(PartialDate):
    """A date known to the day (`reviewed`)."""

    PATTERN: ClassVar[str] = FULL_DATE_PATTERN

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        if isinstance(value, str) and not re.fullmatch(FULL_DATE_PATTERN, value):
            raise PydanticCustomError(
                "full_date", 'expected a full date as YYYY-MM-DD, got "{value}"', {"value": value}
            )
        return PartialDate.parse(value)


def _plain(value: str) -> str:
    """Plain text fields: collapse the line breaks YAML folding leaves behind."""
    return " ".join(value.split())


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


Title = Annotated[str, Field(min_length=1, max_length=160)]
EntryId = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
PartyId = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
Tag = Annotated[str, Field(pattern=TAG_PATTERN, max_length=40)]


URL_PATTERN = r"^https?://[^\s/$.?#][^\s]*$"

# What kind of document a source is: the bibliography groups sources by it.
SOURCE_TYPES = {
    "un": "United Nations documents",
    "government": "Government statements and documents",
    "law": "Laws, executive orders and regulations",
    "report": "Reports and analysis",
    "news": "News reports",
    "reference": "Reference works",
    "other": "Other sources",
}

# What kind of event a timeline item is: the timeline filters by it.
EVENT_TYPES = {
    "nuclear-test": "Nuclear test",
    "missile-launch": "Missile launch",
    "satellite-launch": "Satellite launch",
    "summit": "Summit",
    "talks": "Talks",
    "agreement": "Agreement",
    "sanctions": "Sanctions",
    "statement": "Statement",
    "incident": "Incident",
    "detention": "Detention",
    "military": "Military",
    "cyber": "Cyber",
    "human-rights": "Human rights",
    "leadership": "Leadership",
    "other": "Other",
}


def _check_url(value: str | None) -> str | None:
    if value is not None and not re.match(r"^https?://[A-Za-z0-9.-]+(:\d+)?([/?#]|$)", value):
        raise PydanticCustomError("url", 'the address "{value}" has no valid host', locals())
    return value


Url = Annotated[str, Field(pattern=URL_PATTERN, max_length=2000)]


class Source(StrictModel):
    """A public source: the document the entry's claims are checked against and cited to."""

    id: EntryId | None = Field(
        None,
        description="The id that citations use (`[@id]`): lowercase letters, digits and "
        "single hyphens, unique across all content.",
    )
    title: Title = Field(description="Plain text: the document's or article's title.")
    url: Url | None = Field(
        None,
        description="The original publisher's address, `https://` or `http://` only. "
        "Never a copy on another site.",
    )
    archived: Url | None = Field(
        None,
        description="The address of a copy of the same document (an archive snapshot, or the "
        "copy actually read when the original is gone), `https://` or `http://` only.",
    )
    publisher: Title | None = Field(
        None, description="Plain text: who published the original (never the host of a copy)."
    )
    date: PartialDate | None = Field(None, description="When it was published.")
    type: Literal[tuple(SOURCE_TYPES)] | None = Field(  # type: ignore[valid-type]
        None,
        description="What kind of document it is: " + ", ".join(f"`{t}`" for t in SOURCE_TYPES),
    )

    # A source needs an address: `url`, `archived` or both (checked in validate.py, where
    # the problem gets its location; a model validator would break the tagged union below).
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        json_schema_extra={"anyOf": [{"required": ["url"]}, {"required": ["archived"]}]},
    )

    _plain = field_validator("title", "publisher")(_plain)
    _url_has_host = field_validator("url", "archived")(_check_url)


SharedSourceId = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        max_length=80,
        description="The id of a source in the shared bibliography, content/sources.yaml.",
    ),
]


def _source_form(value: Any) -> str:
    return "shared" if isinstance(value, str) else "full"


SourceItem = Annotated[
    Union[Annotated[Source, UnionTag("full")], Annotated[SharedSourceId, UnionTag("shared")]],  # noqa: UP007
    Discriminator(_source_form),
]


class TimelineItem(StrictModel):
    """One dated event; every item also appears in the site-wide timeline."""

    date: PartialDate = Field(description="When it happened.")
    text: Annotated[str, Field(min_length=1, max_length=800)] = Field(
        description="Plain text: what happened, in one sentence, with its citation `[@id]`."
    )
    type: Literal[tuple(EVENT_TYPES)] | None = Field(  # type: ignore[valid-type]
        None, description="What kind of event: " + ", ".join(f"`{t}`" for t in EVENT_TYPES)
    )
    parties: list[PartyId] | None = Field(
        None, description="Party ids of who acted; defaults to the entry's parties."
    )

    _plain = field_validator("text")(_plain)


class EntryFields(StrictModel):
    """The fields an editor writes in `content/<kind>/<id>.yaml` (the id is the file name)."""

    title: Title = Field(description="Plain text: the entry's name.")
    summary: Annotated[str, Field(min_length=1, max_length=700)] = Field(
        description="Plain text, one to three sentences; shown on index pages and in search."
    )
    date: PartialDate | None = Field(
        None, description="`YYYY-MM-DD`, `YYYY-MM` or `YYYY`: when it happened or began."
    )
    end: PartialDate | None = Field(
        None, description="Same formats: when a period ended; not before `date`."
    )
    status: str | None = Field(None, description="One of the kind's status values.")
    parties: list[PartyId] = Field(
        default_factory=list, description="Party ids from `content/parties.yaml`."
    )
    tags: list[Tag] = Field(default_factory=list, description="Short lowercase labels.")
    related: list[EntryId] = Field(
        default_factory=list, description="Ids of entries a reader would follow on to."
    )
    body: str | None = Field(
        None,
        description="Markdown. `[[id]]` links to an entry under its title, "
        "`[[id|text]]` under `text`; `[@source-id]` or `[@source-id, locator]` cites a "
        "source. Every paragraph, list and table cites at least one. Raw HTML is not allowed.",
    )
    timeline: list[TimelineItem] = Field(
        default_factory=list,
        description="Dated events: a list of `{date, text, type?, parties?}`; each text cites "
        "its source.",
    )
    sources: list[SourceItem] = Field(
        min_length=1,
        description="At least one: full sources `{id, title, url, archived?, publisher?, "
        "date?, type?}`, or ids of shared sources in content/sources.yaml. Each is cited.",
    )
    reviewed: FullDate | None = Field(
        None, description="`YYYY-MM-DD`: when the entry was last checked against its sources."
    )

    _plain = field_validator("title", "summary")(_plain)


# The key questions of the positions matrix: id -> the question as readers see it.
QUESTIONS = {
    "denuclearization-first": "Denuclearization first, before other steps?",
    "sanctions-relief": "Ease sanctions to advance talks?",
    "dialogue-without-preconditions": "Talks without preconditions?",
}
STANCES = {
    "supports": "Supports",
    "opposes": "Opposes",
    "conditional": "Conditional",
    "mixed": "Mixed",
}
Question = Literal[tuple(QUESTIONS)]  # type: ignore[valid-type]


class StanceRecord(StrictModel):
    """One party's answer to one key question at one time, in a short cited note."""

    stance: Literal[tuple(STANCES)] = Field(  # type: ignore[valid-type]
        description="supports, opposes, conditional or mixed."
    )
    note: Annotated[str, Field(min_length=1, max_length=400)] = Field(
        description="Plain text: the position in a sentence, with who said it and when, "
        "and its citation `[@id]`."
    )
    as_of: PartialDate = Field(description="The date of the statement or act the stance rests on.")

    _plain = field_validator("note")(_plain)


class Stance(StanceRecord):
    """The current answer, with the earlier ones it replaced."""

    history: list[StanceRecord] = Field(
        default_factory=list,
        description="Earlier `{stance, note, as_of}` for the same question, oldest first.",
    )


class RegionalViewFields(EntryFields):
    """Regional views also say whose view they are, and where it stands on key questions."""

    subject: PartyId | None = Field(
        None,
        description="Regional views only: the party whose stance this is; "
        "its party page links here.",
    )
    positions: dict[Question, Stance] = Field(  # type: ignore[valid-type]
        default_factory=dict,
        description="Regional views only: the party's stance on the key questions "
        f"({', '.join(f'`{q}`' for q in QUESTIONS)}), each `{{stance, note, as_of, "
        "history?}}`; shown in the positions matrix.",
    )


class Role(StrictModel):
    """One office or role a person held."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    role: Title = Field(description="Plain text: the office, like `President of South Korea`.")
    party: PartyId | None = Field(None, description="The party the role was held for.")
    start: PartialDate | None = Field(None, alias="from", description="When it began.")
    end: PartialDate | None = Field(None, alias="to", description="When it ended.")

    _plain = field_validator("role")(_plain)


_ROLES_DESCRIPTION = "People only: the offices held, each `{role, party?, from?, to?}`."


class PersonFields(EntryFields):
    """People also list the roles they held."""

    roles: list[Role] = Field(min_length=1, description=_ROLES_DESCRIPTION)


class Figure(StrictModel):
    """A key figure for the home page, counted from the content (set in mkdocs.yml)."""

    label: Title
    kind: str | None = None
    status: str | None = None
    tag: str | None = None
    timeline_of: EntryId | None = Field(
        None, description="Count the timeline items of this entry instead of entries."
    )
    processes: bool = Field(
        False,
        description="Count processes, not documents: a matching entry dated within the period "
        "of a related matching entry (an agreement within the talks that made it) is part of "
        "that one and not counted again.",
    )


class GlossaryTerm(StrictModel):
    """A term of `content/glossary.yaml`: shown on the glossary page and as a tooltip."""

    expansion: Annotated[str, Field(min_length=1, max_length=120)] = Field(
        description="Plain text: what the abbreviation stands for; the tooltip."
    )
    definition: Annotated[str, Field(min_length=1, max_length=600)] = Field(
        description="Plain text: what it means, in a sentence or two."
    )

    _plain = field_validator("expansion", "definition")(_plain)


@dataclass(frozen=True)
class Kind:
    """A content folder: what its entries are and which rules differ for them."""

    name: str
    label: str
    singular: str
    statuses: tuple[str, ...]
    date_required: bool
    model: type[EntryFields]
    description: str


def _kind_model(name: str, base: type[EntryFields], statuses: tuple[str, ...], dated: bool) -> Any:
    # Kinds without a vocabulary take no status at all.
    status_type: Any = Literal[statuses] | None if statuses else None
    fields: dict[str, Any] = {
        "status": (
            status_type,
            Field(None, description=base.model_fields["status"].description),
        )
    }
    if dated:
        fields["date"] = (PartialDate, Field(description=base.model_fields["date"].description))
    title = "".join(part.capitalize() for part in name.split("-")) + "Entry"
    return create_model(title, __base__=base, **fields)


def _kind(
    name: str,
    label: str,
    singular: str,
    statuses: tuple[str, ...],
    dated: bool,
    description: str,
    base: type[EntryFields] = EntryFields,
) -> Kind:
    model = _kind_model(name, base, statuses, dated)
    return Kind(name, label, singular, statuses, dated, model, description)


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        _kind(
            "sanctions",
            "Sanctions",
            "Sanctions measure",
            ("active", "lifted", "expired"),
            True,
            "UN Security Council resolutions, US executive orders and laws, and the votes that "
            "shaped the sanctions regime on North Korea, oldest first.",
        ),
        _kind(
            "summits",
            "Summits",
            "Summit",
            ("held", "cancelled", "planned"),
            True,
            "Meetings of leaders: US–North Korea, inter-Korean, and North Korea with its "
            "neighbours, with what each produced.",
        ),
        _kind(
            "agreements",
            "Agreements",
            "Agreement",
            ("in-force", "collapsed", "superseded", "stalled"),
            True,
            "Agreements, declarations and negotiating frameworks, with where each stands now "
            "and why.",
        ),
        _kind(
            "regional-views",
            "Regional views",
            "Regional view",
            (),
            False,
            "How the governments around the peninsula see US–North Korea relations: "
            "denuclearization, sanctions and engagement.",
            RegionalViewFields,
        ),
        _kind(
            "topics",
            "Topics",
            "Topic",
            (),
            False,
            "Themes of analysis that cut across events: causes of tension, the weapons "
            "programme, the role of sanctions, the stakes of talks.",
        ),
        _kind(
            "people",
            "People",
            "Person",
            (),
            False,
            "The leaders, envoys and officials who shaped US–North Korea relations, with the "
            "offices they held and every entry that mentions them.",
            PersonFields,
        ),
    )
}

STATUS_LABELS = {
    "active": "Active",
    "lifted": "Lifted",
    "expired": "Expired",
    "held": "Held",
    "cancelled": "Cancelled",
    "planned": "Planned",
    "in-force": "In force",
    "collapsed": "Collapsed",
    "superseded": "Superseded",
    "stalled": "Stalled",
}


def json_schema(kind: Kind | None = None) -> dict[str, Any]:
    """Draft 2020-12 JSON Schema for one kind, or for any entry when `kind` is None."""
    if kind is None:
        every_status = sorted({s for k in KINDS.values() for s in k.statuses})
        model: Any = create_model(
            "AnyEntry",
            __base__=_kind_model("any", RegionalViewFields, tuple(every_status), False),
            roles=(list[Role], Field(default_factory=list, description=_ROLES_DESCRIPTION)),
        )
        title = "Briefing entry (any kind)"
        schema_id = "schema.json"
    else:
        model = kind.model
        title = f"Briefing entry: {kind.label.lower()}"
        schema_id = f"schema/{kind.name}.json"
    schema = model.model_json_schema()
    schema.pop("title", None)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id,
        "title": title,
        **schema,
    }
