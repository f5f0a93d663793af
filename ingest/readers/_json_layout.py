"""Where the records sit in a JSON export, said once and used twice: as DuckDB SQL that reads them (the
hot path) and as a Python walk over the same records in the same order (only to re-read money that a
file gives as JSON numbers, which DuckDB can only parse through a double)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

# DuckDB's default. A bigger limit makes every read of small records much slower (1M usage rows: 3 s
# against 11 s with 1 GB), so the load path raises it only for a file whose single page needs it.
DEFAULT_MAX_OBJECT_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class JsonLayout:
    """records_key: the records list inside a page (or inside each time bucket of bucket_key); None
    means the file's top-level values are the records: an array of records (`gh pr list`, a REST page), one
    object (`gh pr view`), or several of either back to back (`gh api --paginate`, JSON Lines)."""

    records_key: str | None
    bucket_key: str | None = None

    def __call__(self, path: str, max_object_bytes: int = DEFAULT_MAX_OBJECT_BYTES) -> str:
        """SQL yielding _row_number (file order), _rec (JSON) and, for buckets, _ctx_bucket_start/_end."""
        options = f"maximum_object_size = {max_object_bytes}"
        if self.records_key is None:
            return f"""
            with items as (
                select unnest(case when json_type(json) = 'ARRAY' then cast(json as JSON[]) else [json] end) as _rec
                from read_json_objects({path}, format = 'unstructured', {options})
            )
            select row_number() over () as _row_number, _rec from items"""
        if self.bucket_key is None:
            return f"""
            with pages as (
                select unnest({self.records_key}) as _rec
                from read_json({path}, format = 'auto', {options}, columns = {{{self.records_key}: 'JSON[]'}})
            )
            select row_number() over () as _row_number, _rec from pages"""
        bucket_type = f"STRUCT(starting_at VARCHAR, ending_at VARCHAR, start_time VARCHAR, end_time VARCHAR, " \
                      f"{self.records_key} JSON[])[]"  # fmt: skip
        return f"""
            with pages as (
                select unnest({self.bucket_key}) as bucket
                from read_json({path}, format = 'auto', {options}, columns = {{{self.bucket_key}: '{bucket_type}'}})
            ),
            records as (
                select coalesce(bucket.starting_at, bucket.start_time) as _ctx_bucket_start,
                       coalesce(bucket.ending_at, bucket.end_time) as _ctx_bucket_end,
                       unnest(bucket.{self.records_key}) as _rec
                from pages
            )
            select row_number() over () as _row_number, * from records"""

    def records(self, path: Path) -> Iterator[dict[str, Any]]:
        """The same records in the same order, with every JSON number parsed exactly (Decimal)."""
        for value in _top_level_values(path.read_text(encoding="utf-8-sig")):
            if self.records_key is None:
                yield from value if isinstance(value, list) else [value]
                continue
            for page in value if isinstance(value, list) else [value]:
                buckets = page.get(self.bucket_key) or [] if self.bucket_key else [page]
                for bucket in buckets:
                    yield from bucket.get(self.records_key) or []


def _top_level_values(text: str) -> Iterator[Any]:
    """One JSON document, JSON Lines, or values back to back."""
    decoder = json.JSONDecoder(parse_float=Decimal)
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position == len(text):
            return
        value, position = decoder.raw_decode(text, position)
        yield value


def api_page_records(records_key: str, bucket_key: str | None = "data") -> JsonLayout:
    """Admin API pages: time buckets (`data[]`) whose `results[]` are the records, or with bucket_key None,
    a page whose `records_key` list holds them (Jira's `issues`)."""
    return JsonLayout(records_key, bucket_key)


json_array_records = JsonLayout(None)
