"""The small interface every backend implements, and the values it returns."""

from __future__ import annotations

import abc
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from ..dialects import SPARQL, Dialect
from ..errors import UsageError
from ..names import fold

if TYPE_CHECKING:  # annotations only: answering a query never imports pydantic
    from ..model import Dataset, Source

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


@dataclass(frozen=True)
class Option:
    """One connection option a backend declares: a parameter of ``cjgraph.open`` and a CLI option.

    ``env`` lists the environment variables read, in order, when the option is not given; a ``secret``
    is never shown and can be prompted for.
    """

    name: str
    help: str
    env: tuple[str, ...] = ()
    default: str | None = None
    secret: bool = False
    path: bool = False


class Backend(abc.ABC):
    """A place the graph can be loaded into and queried.

    A backend declares its connection ``options`` and its query ``dialect``; ``from_options`` builds it
    from option values (given, else from the environment, else the declared default).
    """

    name: ClassVar[str] = "backend"
    dialect: ClassVar[Dialect] = SPARQL
    options: ClassVar[tuple[Option, ...]] = ()

    @classmethod
    def resolve_options(cls, given: dict[str, object]) -> dict[str, object]:
        """Every declared option's value: given, else its environment variable, else its default.
        A given option the backend does not declare is an error (None values count as not given)."""
        declared = {option.name: option for option in cls.options}
        unknown = sorted(k for k, v in given.items() if v is not None and k not in declared)
        if unknown:
            raise UsageError(f"the {cls.name} backend has no option {unknown[0]!r} "
                             f"(its options: {', '.join(declared) or 'none'})")
        values: dict[str, object] = {}
        for option in cls.options:
            value = given.get(option.name)
            for variable in option.env:
                if value is None:
                    value = os.environ.get(variable) or None
            values[option.name] = option.default if value is None else value
        return values

    @classmethod
    def from_options(cls, **given: object) -> Backend:
        """The backend built from its declared options (see ``resolve_options``)."""
        return cls(**cls.resolve_options(given))

    @abc.abstractmethod
    def load(self, dataset: Dataset, progress: Progress | None = None) -> LoadReport:
        """Replace the backend's content with ``dataset``: all or nothing."""

    @abc.abstractmethod
    def run(self, text: str, params: dict[str, object], param_types: dict[str, str] | None = None) -> Result:
        """Run a query in the backend's dialect, parameters bound by ``dialect.bind_all`` (never pasted in);
        a query the backend cannot parse raises ``dialect.syntax_error``."""

    @abc.abstractmethod
    def dataset(self) -> Dataset:
        """Read the whole graph back as a Dataset."""

    def stamp(self) -> str | None:
        """The stamp of the dataset last loaded (cjgraph.stamp), None if the store holds none (this
        default: a backend that does not store one)."""
        return None

    def passage_pages(self) -> dict[tuple[str, str], int]:
        """(document id, quote) -> the page the quote starts on, for every passage whose page is known
        (this default reads the whole graph; backends ask for the paged passages only)."""
        data = self.dataset()
        return {(e.document, e.quote): e.page
                for item in [*data.entities.values(), *data.relations] for e in item.evidence if e.page}

    def sources(self) -> dict[str, Source]:
        """The source documents by id (read by ``_read_sources``)."""
        from ..model import Dataset

        data = Dataset()
        self._read_sources(data)
        return data.sources

    def _read_sources(self, data: Dataset) -> None:
        """Add the source documents (and where they are defined) to ``data``; this default reads the whole
        graph, backends read only the sources."""
        whole = self.dataset()
        data.sources.update(whole.sources)
        data.origins.update({k: v for k, v in whole.origins.items() if isinstance(k, tuple) and k[0] == "source"})

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
