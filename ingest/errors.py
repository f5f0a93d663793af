"""The errors a user sees, each one line, and the exit codes a scheduler reads (README: "Exit codes")."""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_INTERNAL_ERROR = 1  # a bug in costper: the one case that may print a traceback (with --verbose)
EXIT_INPUT_ERROR = 2  # bad input refused: nothing of that file was loaded
EXIT_MONEY_QUARANTINED = 3  # loaded, but billed money sits in quarantine (or a warn-level money test fired)
EXIT_BUSY = 4  # another costper process holds the warehouse for writing


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
