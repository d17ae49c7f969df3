"""One exception hierarchy for the library; the CLI turns these into clean messages in one place."""

from __future__ import annotations

from dataclasses import dataclass, field


class CjgraphError(Exception):
    """Base class of every error cjgraph raises on purpose. ``exit_code`` is what the CLI exits with."""

    exit_code = 1


@dataclass(frozen=True)
class LayerHint:
    """A reference that only a seed folder left out of the ``seeds`` parameter would resolve: say to give that
    folder (``layer``, e.g. ``bundled``) before the folders given. The CLI shows it as its option."""

    found_in: str
    layer: str
    given: tuple[str, ...]
    parameter: str = "seeds"

    def __str__(self) -> str:
        return (f"it is in {self.found_in}, which are not included: give them first, "
                f"{self.parameter}={[self.layer, *self.given]!r}")


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in the seeds, located as ``path:line``; ``details`` are indented lines shown below
    it, ``hint`` a way to fix it that is worded for Python here and as options by the CLI."""

    path: str
    line: int
    message: str
    details: tuple[str, ...] = ()
    hint: LayerHint | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return self.text()

    def text(self, hint: str | None = None) -> str:
        """``path:line: message (hint)`` and the detail lines; ``hint`` replaces the hint's own wording."""
        hint = hint if hint is not None else (str(self.hint) if self.hint else "")
        head = f"{self.path}:{self.line}: {self.message}" + (f" ({hint})" if hint else "")
        return "\n".join([head, *self.details])


class SeedError(CjgraphError):
    """The seeds are invalid; carries every problem found."""

    exit_code = 1

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(CjgraphError):
    """A call with arguments that cannot work (unknown query, bad parameter...). ``parameter`` names the
    API parameter at fault, when one is; the CLI shows it as its option (``as_of`` as ``--as-of``)."""

    exit_code = 2

    def __init__(self, message: str, *, parameter: str | None = None):
        self.parameter = parameter
        self.detail = message
        super().__init__(f"{parameter}: {message}" if parameter else message)


class RefusedError(UsageError):
    """A review decision that cannot be taken as asked (a passage not verbatim, an end not yet accepted...);
    ``details`` are indented lines explaining why. Nothing was written."""

    exit_code = 1

    def __init__(self, message: str, details: tuple[str, ...] = ()):
        self.details = tuple(details)
        super().__init__("\n".join([message, *self.details]))


class MissingParameterError(UsageError):
    """A canned query was asked without a required parameter; ``name`` is the parameter."""

    def __init__(self, message: str, name: str):
        self.name = name
        super().__init__(message)


class QuerySyntaxError(UsageError):
    """A query (canned or ad hoc) that the backend cannot parse; the same class and exit code everywhere."""


class NotFoundError(UsageError):
    """A name, id or alias matches no entity; carries close matches."""

    def __init__(self, what: str, value: str, suggestions: list[str] | None = None):
        self.value = value
        self.suggestions = suggestions or []
        message = f"no {what} matches {value!r}"
        if self.suggestions:
            message += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(message)


class SourceFileError(CjgraphError):
    """A document given as a new source cannot be read or is refused (encrypted, scanned, corrupt, too large,
    hostile): ``path: message``, one line. Nothing was written."""

    exit_code = 1

    def __init__(self, path: object, message: str):
        self.path = str(path)
        self.detail = message
        super().__init__(f"{self.path}: {message}")


class StoreError(CjgraphError):
    """The store is missing, empty, locked or unreadable."""

    exit_code = 1


class EmptyStoreError(StoreError):
    def __init__(self, location: str):
        super().__init__(
            f"the store at {location} is empty; load the seeds into it first "
            "(`cjgraph load` in a terminal, cjgraph.load() in Python)"
        )


class StoreLockedError(StoreError):
    pass


class BackendError(CjgraphError):
    """A server backend could not be reached or refused the request."""

    exit_code = 2

    def __init__(self, backend: str, cause: str):
        self.backend = backend
        super().__init__(f"{backend}: {cause}")


def write_file(path, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8, line ends as given) to ``path``; an OSError (a missing folder, a full
    disk, no permission) becomes a one-line UsageError naming the file."""
    from pathlib import Path

    try:
        if isinstance(data, bytes):
            Path(path).write_bytes(data)
        else:
            Path(path).write_text(data, encoding="utf-8", newline="")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
