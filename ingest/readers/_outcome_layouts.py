"""Two page layouts the plain JsonLayout cannot say: records nested deeper than one key (Linear's GraphQL answer,
`data.issues.nodes`), and records that take a sideloaded record of their own from the same page (Zendesk's
incremental export with `include=metric_sets`, where each ticket's metric set sits in a list beside the tickets)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.readers._json_layout import DEFAULT_MAX_OBJECT_BYTES, JsonLayout
from ingest.sql import row_number_sql


def _nest(dotted: str, leaf: Any) -> Any:
    """{'a': {'b': leaf}} for 'a.b'."""
    for part in reversed(dotted.split(".")):
        leaf = {part: leaf}
    return leaf


@dataclass(frozen=True)
class NestedPageRecords(JsonLayout):
    """records_key is a dotted path inside each page ('data.issues.nodes'); a page is one GraphQL answer, and a
    file may hold several back to back."""

    def page_shape(self, record_shape: dict[str, Any]) -> Any:
        assert self.records_key is not None and self.bucket_key is None
        return _nest(self.records_key, [record_shape])

    def records(self, path: Path) -> Iterator[dict[str, Any]]:
        assert self.records_key is not None
        for page in JsonLayout(None).records(path):  # every top-level value, JSON numbers as Decimal
            value: Any = page
            for part in self.records_key.split("."):
                value = value.get(part) if isinstance(value, dict) else None
            yield from value or []


@dataclass(frozen=True)
class SideloadedRecords(JsonLayout):
    """Each record of `records_key` gets, as the field `as_field` of its typed record `j`, the first record of the
    page's `sideload_key` list whose `sideload_id` equals the record's `record_id` (or NULL). The sideloaded fields
    are all read as text (`sideload_shape`), so readers type them like any field; they are not the record's own
    fields, so they are neither unknown fields of it nor required."""

    sideload_key: str = ""
    sideload_id: str = ""
    record_id: str = "id"
    as_field: str = ""
    sideload_shape: tuple[tuple[str, Any], ...] = ()

    def page_shape(self, record_shape: dict[str, Any]) -> Any:
        assert self.records_key is not None and self.bucket_key is None
        sideload = {self.sideload_id: "VARCHAR", **dict(self.sideload_shape)}
        return {self.records_key: [record_shape], self.sideload_key: [sideload]}

    def __call__(
        self, path: str, record_shape: dict[str, Any], look_sql: str = "true",
        max_object_bytes: int = DEFAULT_MAX_OBJECT_BYTES, *, numbered: bool = False,
    ) -> str:  # fmt: skip
        # a page has at most a thousand tickets, so matching each to its metric set inside the page is cheap
        return f"""{self.pages_cte(path, record_shape, max_object_bytes)},
                records as (
                    select unnest(_p.{self.records_key}) as _r,
                           unnest(case when {look_sql} then json_extract(_page, '{self.records_path}') end) as _rec,
                           _p.{self.sideload_key} as _side
                    from pages
                )
                select {row_number_sql(numbered)} as _row_number,
                       struct_insert(_r, {self.as_field} := list_filter(
                           _side, lambda s: s.{self.sideload_id} = cast(_r.{self.record_id} as VARCHAR))[1]) as j,
                       _rec
                from records"""

    def records(self, path: Path) -> Iterator[dict[str, Any]]:
        for page in JsonLayout(None).records(path):
            pages = page if isinstance(page, list) else [page]
            for one in pages:
                sideloads = {str(s.get(self.sideload_id)): s for s in one.get(self.sideload_key) or []}
                for record in one.get(self.records_key) or []:
                    yield {**record, self.as_field: sideloads.get(str(record.get(self.record_id)))}
