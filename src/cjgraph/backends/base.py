"""The small interface every backend implements, and the values it returns."""

from __future__ import annotations

import abc
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: answering a query never imports pydantic
    from ..model import Dataset

Progress = Callable[[int, int], None]


@dataclass(frozen=True, order=True)
class EntityRef:
    """Just enough of an entity to find it by id, name or alias."""

    id: str
    kind: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass
class Result:
    """Rows of a query, each a mapping from column name to a string, an integer or None."""

    columns: list[str]
    rows: list[dict[str, object]] = field(default_factory=list)

    def as_dicts(self) -> list[dict[str, object]]:
        return [{c: row.get(c) for c in self.columns} for row in self.rows]


@dataclass
class LoadReport:
    backend: str
    location: str
    entities: int
    relations: int
    triples: int | None = None


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a name, for matching and search."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


class Backend(abc.ABC):
    """A place the graph can be loaded into and queried."""

    name: str = "backend"
    query_language: str = "sparql"

    @abc.abstractmethod
    def load(self, dataset: Dataset, progress: Progress | None = None) -> LoadReport:
        """Replace the backend's content with ``dataset``: all or nothing."""

    @abc.abstractmethod
    def run(self, text: str, params: dict[str, object], param_types: dict[str, str] | None = None) -> Result:
        """Run a query in the backend's language with parameters bound by the backend, never pasted."""

    @abc.abstractmethod
    def dataset(self) -> Dataset:
        """Read the whole graph back as a Dataset."""

    def neighbourhood(self, entity_id: str) -> Dataset:
        """A dataset holding at least the entity, every relationship it takes part in and the entities at
        their other ends (this default reads the whole graph; backends may read less)."""
        return self.dataset()

    @abc.abstractmethod
    def entity_index(self) -> list[EntityRef]:
        """Every entity's id, kind, name and aliases."""

    def is_empty(self) -> bool:
        return not self.entity_index()

    @property
    def location(self) -> str:
        return self.name

    def lookup(self, value: str) -> list[EntityRef]:
        """The entity with id ``value``; else those whose name or an alias is ``value`` as written; else those
        whose name or an alias matches it case- and accent-insensitively (which reads the whole index)."""
        exact = self.lookup_exact(value)
        if exact:
            return exact
        wanted = fold(value)
        return [ref for ref in self.entity_index()
                if fold(ref.name) == wanted or any(fold(a) == wanted for a in ref.aliases)]

    def lookup_exact(self, value: str) -> list[EntityRef]:
        """The entity with id ``value``, else those named or aliased ``value`` exactly; backends use an index."""
        index = self.entity_index()
        return [ref for ref in index if ref.id == value] or [
            ref for ref in index if ref.name == value or value in ref.aliases]

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections; a no-op by default."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
