"""The one error type a user sees: bad input, reported as one line, exit code 2."""

from __future__ import annotations

from pathlib import Path

EXIT_INPUT_ERROR = 2


class InputError(Exception):
    """A file (or a row in it) that costper refuses. Printed as one line naming file, row and field."""

    def __init__(self, file: Path | str, message: str, *, row: int | None = None, field: str | None = None):
        self.file = Path(file).name if file else ""
        self.message = message
        self.row = row
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [self.file] if self.file else []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.field:
            parts.append(f'field "{self.field}"')
        parts.append(self.message)
        return ": ".join(parts)
