"""Which source format a file is: from its name and first bytes, unless the user says (--source)."""

from __future__ import annotations

import gzip
import json
from difflib import get_close_matches
from pathlib import Path

from ingest.errors import InputError
from ingest.readers import REGISTRY
from ingest.readers._spec import SourceSpec, csv_header
from ingest.readers.focus import missing_focus_column

HEAD_BYTES = 65536


PARQUET_MAGIC = b"PAR1"


def is_parquet(path: Path) -> bool:
    """A Parquet file starts (and ends) with PAR1, whatever it is named."""
    with path.open("rb") as f:
        return f.read(len(PARQUET_MAGIC)) == PARQUET_MAGIC


def parquet_header(path: Path) -> str:
    """A Parquet file's top-level column names as one CSV header line, so that detection (looks_like) and the
    CSV load path's header checks read a Parquet export exactly as they read the same export as CSV."""
    import duckdb  # only a Parquet file needs it here

    with duckdb.connect() as con:
        names = [row[0] for row in con.execute("describe select * from read_parquet(?)", [str(path)]).fetchall()]
    return ",".join(f'"{name}"' if "," in name else name for name in names) + "\n"


def read_head(path: Path) -> str:
    """The first bytes of the file's text (of its content, for a .gz file); for Parquet, its column names."""
    if is_parquet(path):
        return parquet_header(path)
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
    if not matches and (missing := missing_focus_column(path.name.lower(), head)):
        near = get_close_matches(missing, csv_header(head), n=1)
        spelt = f" (is {near[0]} a misspelling?)" if near else ""
        raise InputError(path, f"a FOCUS file without its required {missing} column{spelt}", field=missing)
    if not matches:
        raise InputError(path, f"unrecognised format; pass --source, one of: {', '.join(sorted(REGISTRY))}")
    names = ", ".join(m.name for m in matches)
    raise InputError(path, f"ambiguous format (looks like {names}); pass --source")
