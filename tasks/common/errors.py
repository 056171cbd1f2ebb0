"""The one exception type for mistakes a user can make in data or options."""

from __future__ import annotations

from pathlib import Path


class IncidentEvalsError(Exception):
    """An error the user can fix: printed by the CLI as one line, with no traceback."""


class ScenarioFileError(IncidentEvalsError):
    """A scenario file that does not load or validate, located by file, line, record and field."""

    def __init__(
        self,
        path: str | Path,
        message: str,
        *,
        record: str | None = None,
        field: str | None = None,
        line: int | None = None,
    ) -> None:
        self.path = str(path)
        self.message = message
        self.record = record
        self.field = field
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        parts = [where]
        if self.record is not None:
            parts.append(f"record {self.record}")
        if self.field is not None:
            parts.append(f"field {self.field}")
        return ": ".join(parts) + f": {self.message}"


class VariantError(IncidentEvalsError):
    """An unknown variation axis or value asked for in task options or a suite."""
