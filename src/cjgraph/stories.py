"""Stories: one view that steps through named states (focus, filters, years, a caption per step).

A story file is YAML (read by ``cjgraph.yamlio``: line numbers kept, anchors refused) checked by small
pydantic models; every problem is reported as ``path:line: message`` like the seed loader's::

    title: Transforming Rehabilitation, 2010-2018
    view: {focus: transforming-rehabilitation, depth: 2}    # or {query: NAME, params: {...}} or {all: true}
    steps:
      - title: The programme
        caption: In 2013 the Ministry of Justice opened probation to new providers.
        select: transforming-rehabilitation                 # the entity whose evidence the panel shows
        focus: transforming-rehabilitation
        depth: 1
        years: 2010-2013                                     # or -2013, 2010-, or 2013 (up to 2013)
        kinds: [Strategy, Organisation]
        group: kind                                          # or community
        min_passages: 2
        min_sources: 1

``story_view(graph, path)`` builds the view (``cjgraph viz --story FILE.yaml``); the page shows the steps
with Previous/Next, and ``view.html#step=3`` opens the third.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import Problem, UsageError
from .vocab import ENTITY_KINDS

if TYPE_CHECKING:
    from .api import Graph
    from .viz import View

_YEARS = re.compile(r"^(\d{4})?\s*[-\u2013]\s*(\d{4})?$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class StoryView(_Strict):
    """What the story's view holds: a canned query's entities, a neighbourhood, or everything."""

    query: str | None = None
    params: dict[str, str | int] = Field(default_factory=dict)
    focus: str | None = None
    depth: int = Field(default=1, ge=0, le=6)
    all: bool = False
    kinds: list[str] = Field(default_factory=list)
    relations: list[str] = Field(default_factory=list)


class Step(_Strict):
    """One state of the view, with its title and caption."""

    title: str = Field(min_length=1)
    caption: str = ""
    select: str | None = None
    focus: str | None = None
    depth: int = Field(default=1, ge=1, le=9)
    years: str | int | None = None
    kinds: list[str] | None = None
    group: Literal["kind", "community"] | None = None
    min_passages: int = Field(default=1, ge=1)
    min_sources: int = Field(default=1, ge=1)

    @field_validator("years")
    @classmethod
    def _years(cls, value: str | int | None) -> str | int | None:
        if isinstance(value, int) and value < 0:
            value = f"-{-value}"  # YAML reads an unquoted -2013 as a number
        if isinstance(value, str) and not _YEARS.match(value):
            raise ValueError("years must look like 2010-2015, -2015, 2010- or 2015")
        return value

    @field_validator("kinds")
    @classmethod
    def _kinds(cls, value: list[str] | None) -> list[str] | None:
        for kind in value or ():
            if kind not in ENTITY_KINDS:
                raise ValueError(f"unknown kind {kind!r} (choose from {', '.join(ENTITY_KINDS)})")
        return value

    def state(self) -> dict:
        """The view state this step sets (the keys of view.js's state)."""
        start = end = None
        if isinstance(self.years, int):
            end = self.years
        elif self.years:
            low, high = _YEARS.match(self.years).groups()
            start, end = (int(low) if low else None), (int(high) if high else None)
        return {"sel": self.select, "focus": self.focus, "depth": self.depth, "from": start, "to": end,
                "kinds": self.kinds, "min": self.min_passages, "docs": self.min_sources, "group": self.group or ""}


class Story(_Strict):
    title: str = Field(min_length=1)
    view: StoryView = Field(default_factory=lambda: StoryView(all=True))
    steps: list[Step] = Field(min_length=1)


def load_story(path: str | Path) -> tuple[Story, object]:
    """The story in ``path`` and its parsed YAML (for line numbers); a UsageError lists every problem."""
    from .yamlio import load_yaml, read_text

    path = Path(path)
    display = str(path)
    text, problems = read_text(path, display)
    data = None
    if text is not None:
        data, problems = load_yaml(text, display)
    if not problems and not isinstance(data, dict):
        problems = [Problem(display, getattr(data, "line", 1), "a story is a mapping with title, view and steps")]
    if problems:
        raise _refused(problems)
    try:
        return Story.model_validate(data), data
    except ValidationError as exc:
        raise _refused([_problem(display, data, error) for error in exc.errors()]) from None


def _problem(display: str, data: object, error: dict) -> Problem:
    from .yamlio import line_of

    where = ".".join(str(p) for p in error["loc"])
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        message = "unknown field"
    return Problem(display, line_of(data, *error["loc"]), f"{where}: {message}" if where else message)


def _refused(problems: list[Problem]) -> UsageError:
    return UsageError("\n".join(str(p) for p in sorted(set(problems), key=lambda p: (p.line, p.message))))


def story_view(g: Graph, path: str | Path, *, title: str | None = None, layout: str = "auto") -> View:
    """The view a story file describes, carrying its steps (shown with Previous/Next)."""
    from .viz import graph_view
    from .yamlio import line_of

    story, data = load_story(path)
    spec = story.view
    chosen = [name for name, given in (("query", spec.query), ("focus", spec.focus), ("all", spec.all)) if given]
    if len(chosen) > 1:
        raise _refused([Problem(str(path), line_of(data, "view"), "view: choose one of query, focus or all")])
    view = graph_view(g, spec.query, spec.params, focus=spec.focus, depth=spec.depth, kinds=spec.kinds,
                      relations=spec.relations, title=title or story.title, layout=layout)
    ids = {n["id"] for n in view.payload["nodes"]}
    problems = [Problem(str(path), line_of(data, "steps", i, field), f"steps.{i}.{field}: {value!r} is not in the "
                        "story's view") for i, step in enumerate(story.steps) for field in ("select", "focus")
                if (value := getattr(step, field)) is not None and value not in ids]
    if problems:
        raise _refused(problems)
    payload = {**view.payload, "story": {"title": story.title, "steps": [
        {"title": s.title, "caption": s.caption, "state": s.state()} for s in story.steps]}}
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return type(view)(payload, "cjv-" + digest.hexdigest()[:12])
