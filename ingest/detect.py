"""Which source format a file is: from its name and first bytes, unless the user says (--source)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from ingest.errors import InputError
from ingest.readers import REGISTRY
from ingest.readers._spec import SourceSpec

HEAD_BYTES = 65536


def read_head(path: Path) -> str:
    """The first bytes of the file's text (of its content, for a .gz file)."""
    with gzip.open(path) if path.suffix.lower() == ".gz" else path.open("rb") as f:
        return f.read(HEAD_BYTES).decode("utf-8", errors="replace")


def is_empty_export(path: Path) -> bool:
    """A small JSON file holding no record at all: `[]`, or pages whose every list is empty (an API's
    last page). Such a file is the same whatever its source, so it needs no detection and loads nothing."""
    if path.stat().st_size > HEAD_BYTES:
        return False
    try:
        value = json.loads(read_head(path).lstrip("\ufeff"))
    except ValueError:
        return False
    return _holds_no_record(value)


def _holds_no_record(value: object) -> bool:
    """[] or API pages whose record lists (data[].results, results, issues) are all empty."""
    if isinstance(value, list):
        return all(isinstance(page, dict) and _page_holds_no_record(page) for page in value)
    return isinstance(value, dict) and _page_holds_no_record(value)


def _page_holds_no_record(page: dict) -> bool:
    envelopes = [key for key in ("data", "results", "issues") if key in page]
    if not envelopes:
        return False
    buckets = page.get("data") or []
    if not isinstance(buckets, list) or not all(isinstance(b, dict) and b.get("results") == [] for b in buckets):
        return False
    return all(page.get(key) == [] for key in ("results", "issues") if key in page)


def detect(path: Path, source: str | None = None) -> SourceSpec:
    if source is not None:
        if source not in REGISTRY:
            raise InputError(path, f"unknown source {source!r}; known: {', '.join(sorted(REGISTRY))}")
        return REGISTRY[source]
    head = read_head(path)
    if not head.lstrip("\ufeff").strip():
        raise InputError(path, "the file holds only white space: nothing to load")
    matches = [spec for spec in REGISTRY.values() if spec.looks_like(path.name.lower(), head)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise InputError(path, f"unrecognised format; pass --source, one of: {', '.join(sorted(REGISTRY))}")
    names = ", ".join(m.name for m in matches)
    raise InputError(path, f"ambiguous format (looks like {names}); pass --source")
