"""A JSON page whose records share facts said once in the page's envelope (GitHub's premium request report: the
`timePeriod` and the `user` or `organization` the report was asked for). Each envelope field becomes a `_ctx_<name>`
column beside every record of its page, read by a Col with ctx=True."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ingest.readers._json_layout import DEFAULT_MAX_OBJECT_BYTES, JsonLayout
from ingest.sql import row_number_sql


@dataclass(frozen=True)
class EnvelopeLayout(JsonLayout):
    """records_key as in JsonLayout (no buckets); envelope: (ctx name, dotted path in the page) pairs, read as text."""

    envelope: tuple[tuple[str, str], ...] = ()

    def page_shape(self, record_shape: dict[str, Any]) -> Any:
        shape = super().page_shape(record_shape)
        for _name, dotted in self.envelope:
            *parents, leaf = dotted.split(".")
            node = shape
            for part in parents:
                node = node.setdefault(part, {})
            node[leaf] = "VARCHAR"
        return shape

    def __call__(
        self, path: str, record_shape: dict[str, Any], look_sql: str = "true",
        max_object_bytes: int = DEFAULT_MAX_OBJECT_BYTES, *, numbered: bool = False,
    ) -> str:  # fmt: skip
        assert self.records_key is not None and self.bucket_key is None, "an envelope surrounds a records list"
        # a scalar beside an unnest repeats on every record of its page
        context = "".join(f", _p.{'.'.join(json.dumps(p) for p in dotted.split('.'))} as _ctx_{name}"
                          for name, dotted in self.envelope)  # fmt: skip
        return f"""{self.pages_cte(path, record_shape, max_object_bytes)},
                records as (
                    select unnest(_p.{self.records_key}) as j,
                           unnest(case when {look_sql} then json_extract(_page, '{self.records_path}') end) as _rec
                           {context}
                    from pages
                )
                select {row_number_sql(numbered)} as _row_number, * from records"""
