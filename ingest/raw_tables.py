"""The raw tables: created from the reader specs, evolved by adding columns, written only here."""

from __future__ import annotations

import duckdb

from ingest.readers._spec import SourceSpec
from ingest.stage import quote_ident

LINEAGE_COLUMNS = (
    ("_extra", "JSON"),
    ("_file_sha256", "VARCHAR"),
    ("_file_name", "VARCHAR"),
    ("_row_number", "BIGINT"),
    ("_loaded_at", "TIMESTAMPTZ"),
    ("_is_superseded", "BOOLEAN"),
    ("_superseded_by", "VARCHAR"),
)


def table_columns(spec: SourceSpec) -> list[tuple[str, str]]:
    return [(c.name, c.type) for c in spec.columns] + list(LINEAGE_COLUMNS)


def ensure(con: duckdb.DuckDBPyConnection, spec: SourceSpec) -> None:
    """Create raw.<table>, or add the columns a newer reader knows: a vendor's new field becomes a
    column without a migration, and older rows read NULL there (their value is still in _extra)."""
    table = f"raw.{spec.raw_table}"
    con.execute("create schema if not exists raw")
    existing = {
        name
        for (name,) in con.execute(
            "select column_name from information_schema.columns where table_schema = 'raw' and table_name = ?",
            [spec.raw_table],
        ).fetchall()
    }
    wanted = table_columns(spec)
    if not existing:
        columns = ", ".join(f"{quote_ident(n)} {t}" for n, t in wanted)
        con.execute(f"create table {table} ({columns})")
        return
    for name, type_ in wanted:
        if name not in existing:
            con.execute(f"alter table {table} add column {quote_ident(name)} {type_}")


def supersede(con: duckdb.DuckDBPyConnection, spec: SourceSpec, sha: str) -> int:
    """Mark the rows a newer file replaces; nothing is deleted. Returns how many rows were marked."""
    table = f"raw.{spec.raw_table}"
    current = "not _is_superseded"
    if spec.supersede == "snapshot":
        where = current
    elif spec.supersede == "key":
        matches = " and ".join(f"s.{quote_ident(k)} is not distinct from t.{quote_ident(k)}" for k in spec.natural_key)
        where = f"{current} and exists (select 1 from _stage s where len(s._reasons) = 0 and {matches})"
    else:
        start, end = quote_ident(spec.period_start or ""), quote_ident(spec.period_end or "")
        where = (
            f"{current} and t.{start} >= (select min({start}) from _stage where len(_reasons) = 0)"
            f" and t.{start} < (select max({end}) from _stage where len(_reasons) = 0)"
        )
    count = con.execute(f"select count(*) from {table} t where {where}").fetchall()[0][0]
    if count:
        con.execute(f"update {table} t set _is_superseded = true, _superseded_by = ? where {where}", [sha])
    return count


def insert_good_rows(con: duckdb.DuckDBPyConnection, spec: SourceSpec, sha: str, file_name: str) -> None:
    names = [quote_ident(n) for n, _ in table_columns(spec)]
    values = [quote_ident(c.name) for c in spec.columns]
    con.execute(
        f"""insert into raw.{spec.raw_table} ({", ".join(names)})
            select {", ".join(values)}, _extra, ?, ?, _row_number, now(), false, null
            from _stage where len(_reasons) = 0""",
        [sha, file_name],
    )
