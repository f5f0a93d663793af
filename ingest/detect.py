"""Which source format a file is: from its name and first bytes, unless the user says (--source)."""

from __future__ import annotations

from pathlib import Path

from ingest.errors import InputError
from ingest.readers import REGISTRY
from ingest.readers._spec import SourceSpec

HEAD_BYTES = 65536


def read_head(path: Path) -> str:
    with path.open("rb") as f:
        return f.read(HEAD_BYTES).decode("utf-8", errors="replace")


def detect(path: Path, source: str | None = None) -> SourceSpec:
    if source is not None:
        if source not in REGISTRY:
            raise InputError(path, f"unknown source {source!r}; known: {', '.join(sorted(REGISTRY))}")
        return REGISTRY[source]
    head = read_head(path)
    matches = [spec for spec in REGISTRY.values() if spec.looks_like(path.name.lower(), head)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise InputError(path, f"unrecognised format; pass --source, one of: {', '.join(sorted(REGISTRY))}")
    names = ", ".join(m.name for m in matches)
    raise InputError(path, f"ambiguous format (looks like {names}); pass --source")
