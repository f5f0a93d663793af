"""Where the records sit in a JSON export, said once and used twice: as DuckDB SQL that reads them (the
hot path) and as a Python walk over the same records in the same order (only to re-read money that a
file gives as JSON numbers, which DuckDB can only parse through a double)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ingest.sql import row_number_sql

# DuckDB's default. The load path raises it only for a file whose single page needs it: a bigger buffer per
# reader thread costs memory (and, for read_json, made 1M usage rows 3.5x slower).
DEFAULT_MAX_OBJECT_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class JsonLayout:
    """records_key: the records list inside a page (or inside each time bucket of bucket_key); None
    means the file's top-level values are the records: an array of records (`gh pr list`, a REST page), one
    object (`gh pr view`), or several of either back to back (`gh api --paginate`, JSON Lines).

    The SQL reads each top-level value (a page) as JSON text and types it with one json_transform per page:
    on 1M usage rows that is 3x faster than read_json typing the same structure, and it leaves the page's
    text at hand for the checks that need the JSON (unknown fields, missing fields, money as numbers), which
    stage.py runs once per page, and record by record only in the pages that need them."""

    records_key: str | None
    bucket_key: str | None = None

    @property
    def records_path(self) -> str:
        """JSON path of every record of a page (wildcards), in file order."""
        if self.records_key is None:
            return "$[*]"
        if self.bucket_key is None:
            return f"$.{self.records_key}[*]"
        return f"$.{self.bucket_key}[*].{self.records_key}[*]"

    def page_shape(self, record_shape: dict[str, Any]) -> Any:
        """The json_transform structure of a page whose records have record_shape."""
        if self.records_key is None:
            return [record_shape]
        if self.bucket_key is None:
            return {self.records_key: [record_shape]}
        bucket = {"starting_at": "VARCHAR", "ending_at": "VARCHAR", "start_time": "VARCHAR", "end_time": "VARCHAR"}
        return {self.bucket_key: [{**bucket, self.records_key: [record_shape]}]}

    def _records_list(self) -> str:
        """A page's typed records (`_p`) as one list, in a layout without buckets."""
        return "_p" if self.records_key is None else f"_p.{self.records_key}"

    def any_record(self, condition: str) -> str:
        """Page condition: `condition` (on a typed record `j`) holds for some record of the page (`_p`)."""
        if self.bucket_key is None:
            records = f"list_transform({self._records_list()}, lambda j: {condition})"
        else:
            records = (f"flatten(list_transform(_p.{self.bucket_key}, "
                       f"lambda b: list_transform(b.{self.records_key}, lambda j: {condition})))")  # fmt: skip
        return f"coalesce(list_bool_or({records}), false)"

    def pages_cte(self, path: str, record_shape: dict[str, Any], max_object_bytes: int) -> str:
        """`with pages as (...)`: each page as JSON text (_page) and typed by page_shape (_p)."""
        page = "json" if self.records_key else "case when json_type(json) = 'ARRAY' then json else json_array(json) end"
        fmt = "auto" if self.records_key else "unstructured"
        shape = "'" + json.dumps(self.page_shape(record_shape)).replace("'", "''") + "'"
        return f"""
                with pages as (
                    select _page, json_transform(_page, {shape}) as _p
                    from (select {page} as _page
                          from read_json_objects({path}, format = '{fmt}', maximum_object_size = {max_object_bytes}))
                )"""

    def __call__(
        self, path: str, record_shape: dict[str, Any], look_sql: str = "true",
        max_object_bytes: int = DEFAULT_MAX_OBJECT_BYTES, *, numbered: bool = False,
    ) -> str:  # fmt: skip
        """SQL yielding _row_number (see row_number_sql), j (the record typed by record_shape), _rec (the record's JSON
        in pages where look_sql, a condition on the page's JSON `_page` and typed `_p`, holds; else NULL) and,
        for buckets, _ctx_bucket_start/_end. Each typed list is unnested beside the same list as JSON, which
        DuckDB zips element by element (a NULL list gives NULLs)."""
        pages = self.pages_cte(path, record_shape, max_object_bytes)
        if self.bucket_key is None:
            return f"""{pages},
                records as (
                    select unnest({self._records_list()}) as j,
                           unnest(case when {look_sql} then json_extract(_page, '{self.records_path}') end) as _rec
                    from pages
                )
                select {row_number_sql(numbered)} as _row_number, j, _rec from records"""
        # unnested bucket by bucket, not as one flattened list of records: 30% less work on 1M records
        return f"""{pages},
                buckets as (
                    select unnest(_p.{self.bucket_key}) as b,
                           unnest(case when {look_sql} then json_extract(_page, '$.{self.bucket_key}[*]') end) as _b
                    from pages
                ),
                records as (
                    select coalesce(b.starting_at, b.start_time) as _ctx_bucket_start,
                           coalesce(b.ending_at, b.end_time) as _ctx_bucket_end,
                           unnest(b.{self.records_key}) as j,
                           unnest(json_extract(_b, '$.{self.records_key}[*]')) as _rec
                    from buckets
                )
                select {row_number_sql(numbered)} as _row_number, * from records"""

    def records(self, path: Path) -> Iterator[dict[str, Any]]:
        """The same records in the same order, with every JSON number parsed exactly (Decimal)."""
        data = gzip.decompress(path.read_bytes()) if path.suffix.lower() == ".gz" else path.read_bytes()
        for value in _top_level_values(data.decode("utf-8-sig")):
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
