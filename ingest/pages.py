"""What an API file's page envelopes say beyond its records.

An export that says it goes on: the last page of a file with `has_more: true` (Anthropic, OpenAI) or
`isLast: false` (Jira) means the pages after it were never written or never given. What the file holds loads (it
is true as far as it goes); the user is told which cursor and which time the missing pages start from.

The buckets a file declares: a file restates the period from its first bucket with rows to its last. Where its
rows leave a hole (two answers put in one file, days 1-5 and day 20), the days in the hole are not restated unless
the file declares their buckets (an API answer has a bucket for every day of its range, empty ones included): only
the declared buckets are superseded, and the file's envelopes are read once more to know them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb

from ingest.readers._spec import SourceSpec
from ingest.sql import quote_ident

# (field that says more pages follow, its value meaning so, the cursor of the next page)
_CONTINUATION = (
    ("has_more", "true", "next_page"),
    ("isLast", "false", "nextPageToken"),
    ("hasNextPage", "true", "endCursor"),
    ("end_of_stream", "false", "after_cursor"),
)
_NAMES = [name for flag, _, cursor in _CONTINUATION for name in (flag, cursor)]
_TAIL_BYTES = 4096
_TAIL_KEY = re.compile(r'"(' + "|".join(_NAMES) + r')"\s*:\s*(true|false|null|"(?:[^"\\]|\\.)*")')


def unfinished_export(
    con: duckdb.DuckDBPyConnection, spec: SourceSpec, path: Path, sha: str, max_object_bytes: int
) -> tuple[str, ...]:
    """A warning when the file's last page says more pages follow; () otherwise. Only API pages have an envelope
    to say so (GitHub's arrays do not)."""
    if spec.records_sql is None or spec.records_sql.records_key is None:
        return ()
    values = _envelope_from_tail(path) or _envelope_from_pages(con, path, max_object_bytes)
    for flag, more, cursor in _CONTINUATION:
        if values.get(flag) == more:
            return (f"the export goes on after this file ({flag}: {more}, {cursor} {values[cursor]!r}): the data "
                    f"after {_covered_until(con, spec, sha)} is missing until that page is loaded",)  # fmt: skip
    return ()


def _envelope_from_tail(path: Path) -> dict[str, str | None] | None:
    """The APIs write has_more and the cursor after the records: the file's last few KB have the last page's. A
    key name in quotes cannot occur inside a JSON string (its quotes would be escaped), so the last match is the
    envelope's. None when the tail does not say (another key order, a .gz file): then the pages are read."""
    if path.suffix.lower() == ".gz":
        return None
    with path.open("rb") as f:
        f.seek(max(0, path.stat().st_size - _TAIL_BYTES))
        tail = f.read().decode("utf-8", errors="replace")
    found = {key: json.loads(value) for key, value in _TAIL_KEY.findall(tail)}  # later keys win: the last page's
    if not any(flag in found for flag, _, _ in _CONTINUATION):
        return None
    # as json_extract_string gives them: true/false as text, null as None
    return {name: json.dumps(v) if isinstance(v := found.get(name), bool) else v for name in _NAMES}


def _envelope_from_pages(con: duckdb.DuckDBPyConnection, path: Path, max_object_bytes: int) -> dict[str, str | None]:
    """The last page's envelope, read by DuckDB (it parses every page: 0.5 s for a 50 MB page)."""
    fields = ", ".join(f"json_extract_string(json, '$.{name}') as {name}" for name in _NAMES)
    last = con.execute(
        f"""select {fields} from (
                select row_number() over () as page, json
                from read_json_objects(?, format = 'auto', maximum_object_size = {max_object_bytes}))
            order by page desc limit 1""",
        [str(path)],
    ).fetchall()
    return dict(zip(_NAMES, last[0], strict=True)) if last else {}


def _covered_until(con: duckdb.DuckDBPyConnection, spec: SourceSpec, sha: str) -> str:
    if not spec.period_end:
        return "its last record"
    (end,) = con.execute(
        f"select max({quote_ident(spec.period_end)}) from raw.{spec.raw_table} where _file_sha256 = ?", [sha]
    ).fetchall()[0]
    return f"{str(end)[:16]} UTC" if end is not None else "its last record"


RESTATED = "_restated_buckets"


def restated_buckets(
    con: duckdb.DuckDBPyConnection, spec: SourceSpec, path: Path, sha: str, max_object_bytes: int
) -> str | None:
    """None when the file's rows cover one span without a hole (its period is what it restates); else the name
    of a table of the buckets the file declares, rows or not (starts, ends), made in the load's transaction."""
    layout = spec.records_sql
    if spec.supersede != "period" or layout is None or layout.bucket_key is None:
        return None
    start, end = quote_ident(spec.period_start or ""), quote_ident(spec.period_end or "")
    (holes,) = con.execute(
        f"""select exists (select 1 from (
                select {start}, max({end}) over (order by {start} rows between unbounded preceding and 1 preceding)
                       as covered_until
                from (select distinct {start}, {end} from raw.{spec.raw_table} where _file_sha256 = ?))
            where covered_until < {start})""",
        [sha],
    ).fetchall()[0]
    if not holes:
        return None
    columns = {c.name: c for c in spec.columns}
    bound = {"starting_at": "start_time", "ending_at": "end_time"}
    typed = [
        columns[name].cast_sql.format(f"coalesce(b.{iso}, b.{unix})") if columns[name].cast_sql
        else f"try_cast(coalesce(b.{iso}, b.{unix}) as TIMESTAMPTZ)"
        for name, (iso, unix) in zip((spec.period_start, spec.period_end), bound.items(), strict=True)
    ]  # fmt: skip
    shape = json.dumps({layout.bucket_key: [{k: "VARCHAR" for pair in bound.items() for k in pair}]})
    con.execute(
        f"""create temp table {RESTATED} as
            select {typed[0]} as starts, {typed[1]} as ends from (
                select unnest(json_transform(json, '{shape}').{layout.bucket_key}) as b
                from read_json_objects(?, format = 'auto', maximum_object_size = {max_object_bytes}))""",
        [str(path)],
    )
    return RESTATED
