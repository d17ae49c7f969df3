"""The domain model (pydantic v2): entities, relations, evidence and source documents."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .dates import parse_partial_date, precedes
from .vocab import ENTITY_KINDS, KIND_TYPES, RELATION_KINDS, SLUG, WARNING_KINDS, sorted_set

EntityKind = Literal[ENTITY_KINDS]  # type: ignore[valid-type]
RelationKind = Literal[RELATION_KINDS]  # type: ignore[valid-type]
WarningKind = Literal[WARNING_KINDS]  # type: ignore[valid-type]
Slug = Annotated[str, StringConstraints(pattern=SLUG, max_length=200)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Strict(BaseModel):
    # defer_build: validators are built on first use, not at import (saves ~90 ms for commands that only query)
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True)


class Evidence(_Strict):
    """A verbatim passage of a source document, or a URL for facts known from elsewhere."""

    document: Slug | None = Field(None, description="Id of a source document listed in sources/sources.yaml.")
    quote: Text | None = Field(None, description="A passage that appears verbatim in the document.")
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = Field(
        None, description="For facts known from elsewhere (e.g. an Act's chapter number)."
    )
    page: int | None = Field(
        None, ge=1, description="The page of the document the quote starts on: filled in from a paged source text "
                                "(one added from a PDF); give it by hand for a document whose text has no pages."
    )

    @model_validator(mode="after")
    def _document_or_url(self) -> Evidence:
        if self.document is None and self.url is None:
            raise ValueError("evidence needs a document and a quote, or a url")
        if self.document is not None and self.quote is None:
            raise ValueError("evidence from a document needs a quote")
        if self.page is not None and self.document is None:
            raise ValueError("a page goes with a document and its quote")
        return self


def _partial_date(value: object) -> str | None:
    return None if value is None else parse_partial_date(value)


PartialDate = Annotated[str | None, BeforeValidator(_partial_date)]
_START = "When it began (founded, launched, Royal Assent, introduced; for a relation, when it first held): 2015, " \
         "2015-04 or 2015-04-01."
_END = "When it ended (abolished, renamed, repealed, enacted, closed; for a relation, when it last held), " \
       "not before start."


class _Period(_Strict):
    """``start`` and ``end`` (declared by each subclass, start first): the end may not precede the start,
    compared as periods (an end of ``2017`` and a start of ``2017-04`` overlap, so they are accepted)."""

    @field_validator("end", check_fields=False)
    @classmethod
    def _end_not_before_start(cls, value: str | None, info: ValidationInfo) -> str | None:
        start = info.data.get("start")
        if value is not None and start is not None and precedes(value, start):
            raise ValueError(f"{value} is before start {start}")
        return value


class _Dated(_Strict):
    date: str | None = Field(None, description="ISO date of any precision: 2017, 2017-09 or 2017-09-08.")

    @field_validator("date", mode="before")
    @classmethod
    def _check_date(cls, value: object) -> str | None:
        return None if value is None else parse_partial_date(value)


class Entity(_Dated, _Period):
    """A review, Act, strategy, organisation, person, partnership, recommendation or publication."""

    id: Slug = Field(description="Stable slug id, e.g. offender-rehabilitation-act-2014.")
    kind: EntityKind
    name: Text
    aliases: list[Text] = Field(default_factory=list, description="Other names and acronyms the sources use.")
    start: PartialDate = Field(None, description=_START)
    end: PartialDate = Field(None, description=_END)
    type: Text | None = Field(None, description="Finer type, e.g. briefing, inquiry, consultation, charity.")
    description: Text | None = None
    text: Text | None = Field(None, description="The wording of a recommendation.")
    topics: list[Text] = Field(default_factory=list, description="Free keywords, e.g. accommodation.")
    url: str | None = None
    legislation: Annotated[
        str, StringConstraints(pattern=r"^http://www\.legislation\.gov\.uk/id/[a-z]+/\d{4}/\d+$")
    ] | None = Field(None, description="legislation.gov.uk identifier of an Act, only where certain.")
    charity_number: Text | None = None
    company_number: Text | None = None
    evidence: list[Evidence] = Field(min_length=1)

    @field_validator("aliases", "topics")
    @classmethod
    def _as_sorted_set(cls, values: list[str]) -> list[str]:
        return sorted_set(values)

    @model_validator(mode="after")
    def _kind_specific(self) -> Entity:
        if self.legislation and self.kind != "Act":
            raise ValueError("legislation identifiers belong to Acts only")
        allowed = KIND_TYPES.get(self.kind)
        if allowed and self.type is not None and self.type not in allowed:
            raise ValueError(f"type {self.type!r} is not one of the {self.kind} types: {', '.join(allowed)}")
        return self


class Relation(_Period):
    """A typed, evidenced relationship between two entities, optionally dated (``start``/``end``)."""

    source: Slug
    kind: RelationKind
    target: Slug
    start: PartialDate = Field(None, description=_START)
    end: PartialDate = Field(None, description=_END)
    evidence: list[Evidence] = Field(min_length=1)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.kind, self.target)


class Source(_Dated):
    """A source document whose text backs the evidence quotes."""

    id: Slug
    title: Text
    publisher: Text
    kind: Text
    file: Text
    url: str | None = None


# A note for curators only: validation reads acknowledgements into Dataset.acknowledged; the graph never holds them.
class Acknowledgement(_Strict):
    """A warning of `cjgraph check` that a curator has looked at and accepts for this entry, with the reason."""

    warning: WarningKind = Field(description="The kind of warning acknowledged (see `cjgraph check --help`).")
    reason: Text = Field(description="Why the warning does not call for a change here.")


_ACKNOWLEDGE = "Warnings of `cjgraph check` accepted for this entry, each with its reason (not stored in the graph)."


class SeedFile(_Strict):
    """The shape of one YAML seed file (used for the JSON Schema)."""

    entities: list[EntityWithLinks] = Field(default_factory=list)
    relations: list[SeedRelation] = Field(default_factory=list)


def _link_schema(schema: dict) -> None:
    """In the JSON Schema, a link is exactly one relation kind (naming the target) plus evidence, and
    optionally its start and end."""
    for kind in RELATION_KINDS:
        schema["properties"][kind] = {"type": "string", "pattern": SLUG, "description": f"{kind} target id"}
    schema.update(additionalProperties=False, oneOf=[{"required": [kind]} for kind in RELATION_KINDS])


class Link(_Period):
    """A relation written inside its source entity: ``- cites: some-act`` plus evidence (and start, end)."""

    model_config = ConfigDict(extra="allow", frozen=True, json_schema_extra=_link_schema)
    start: PartialDate = Field(None, description=_START)
    end: PartialDate = Field(None, description=_END)
    evidence: list[Evidence] = Field(min_length=1)
    acknowledge: list[Acknowledgement] = Field(default_factory=list, description=_ACKNOWLEDGE)


# The seed-file forms below describe the JSON Schema; validation reads links and acknowledgements apart.
class EntityWithLinks(Entity):
    """An entity as a seed file writes it, with its links and acknowledgements."""

    links: list[Link] = Field(default_factory=list, description="Relations from this entity.")
    acknowledge: list[Acknowledgement] = Field(default_factory=list, description=_ACKNOWLEDGE)


class SeedRelation(Relation):
    """A typed, evidenced relationship between two entities as a seed file writes it, with its acknowledgements."""

    acknowledge: list[Acknowledgement] = Field(default_factory=list, description=_ACKNOWLEDGE)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building or walking a large dataset.

    Reading, validating and loading create millions of acyclic objects that reference counting frees;
    the collector's passes over the growing heap made validate+load grow faster than linearly (about
    2.5 times the time at 100k entities). Restores the previous state afterwards.

    Objects still alive at the end are moved to the collector's permanent generation (``gc.freeze``):
    otherwise its first pass after the pause walks every one of them (2 s at 100k entities). They are
    still freed by reference counting; only a reference cycle among them would outlive its use.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


@dataclass
class Dataset:
    """A validated set of entities, relations and sources, with where each was defined."""

    entities: dict[str, Entity] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)
    origins: dict[object, tuple[str, int]] = field(default_factory=dict)
    # the seed entries' acknowledged warnings: entity id or relation key -> {warning kind: reason} (never stored)
    acknowledged: dict[object, dict[str, str]] = field(default_factory=dict)
    # source id -> SHA-256 of its normalised text, and the dataset's stamp (cjgraph.stamp), set by validation
    text_digests: dict[str, str] = field(default_factory=dict)
    stamp: str | None = None

    def origin(self, key: object) -> str | None:
        """Where ``key`` was defined, as ``seeds/file.yaml:12``: the file's seed name (its folder's name, then
        the path inside it, see seeds.seed_folder_names) and line, the same from any working directory."""
        where = self.origins.get(key)
        return f"{where[0]}:{where[1]}" if where else None

    def set_origin(self, key: object, text: str | None) -> None:
        """Record where ``key`` was defined from its ``path:line`` text (as stored in a backend)."""
        if text and ":" in text:
            path, _, line = text.rpartition(":")
            if line.isdigit():
                self.origins[key] = (path, int(line))

    def counts(self) -> dict[str, int]:
        return {"entities": len(self.entities), "relations": len(self.relations), "sources": len(self.sources)}
