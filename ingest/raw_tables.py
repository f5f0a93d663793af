"""The raw tables: created from the reader specs, evolved by adding columns, written only here."""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from ingest.readers._spec import SourceSpec
from ingest.sql import quote_ident

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
    ensure_all(con, [spec])


def ensure_all(con: duckdb.DuckDBPyConnection, specs: Iterable[SourceSpec]) -> None:
    """ensure() for many specs with one catalog query: every registered source's raw table exists (typed,
    empty) in every warehouse, so the dbt models, which read them all, build for a company with only some."""
    con.execute("create schema if not exists raw")
    existing: dict[str, set[str]] = {}
    for table, column in con.execute(
        "select table_name, column_name from information_schema.columns where table_schema = 'raw'"
    ).fetchall():
        existing.setdefault(table, set()).add(column)
    for spec in specs:
        table = f"raw.{spec.raw_table}"
        have = existing.setdefault(spec.raw_table, set())
        wanted = table_columns(spec)
        if not have:
            columns = ", ".join(f"{quote_ident(n)} {t}" for n, t in wanted)
            con.execute(f"create table {table} ({columns})")
        else:
            for name, type_ in wanted:
                if name not in have:
                    con.execute(f"alter table {table} add column {quote_ident(name)} {type_}")
        have.update(name for name, _ in wanted)  # two readers may share a table (REST pages and gh output)


def _same(columns: tuple[str, ...], left: str, right: str) -> str:
    return " and ".join(f"{left}.{quote_ident(c)} is not distinct from {right}.{quote_ident(c)}" for c in columns)


def mark_stale_rows(con: duckdb.DuckDBPyConnection, spec: SourceSpec) -> int:
    """Entity rows (pull requests, issues) older than the current row of the same key arrive superseded:
    loading last week's export after this week's must not bring back last week's state."""
    if spec.supersede != "key" or not spec.version_columns:
        return 0

    def version(alias: str) -> str:
        return "coalesce(" + ", ".join(f"{alias}.{quote_ident(c)}" for c in spec.version_columns) + ")"

    stale = con.execute(
        f"""update _stage s set _stale_by = t._file_sha256
            from raw.{spec.raw_table} t
            where not t._is_superseded and len(s._reasons) = 0 and {version("t")} > {version("s")}
              and {_same(spec.natural_key, "s", "t")}"""
    )
    return stale.fetchall()[0][0]  # DuckDB answers an UPDATE with the number of rows it changed


def supersede(con: duckdb.DuckDBPyConnection, spec: SourceSpec, sha: str) -> int:
    """Mark the rows a newer file replaces; nothing is deleted. Returns how many rows were marked.

    period: older rows of the charge period the new file covers, within the scopes (workspace, project)
            the new file holds, so a per-workspace export never replaces another workspace's bill; where a null
            scope means "not grouped" (OpenAI), a file whose every scope is null stands for every scope, so it
            replaces, and is replaced by, files of the same period whatever their scopes;
    key:    older rows of the same natural key (rows of the new file that are themselves older stay);
    snapshot: every older row (a directory file is the whole directory).
    """
    table = f"raw.{spec.raw_table}"
    good = "len(s._reasons) = 0 and s._stale_by is null"
    if spec.supersede == "snapshot":
        where = "not t._is_superseded"
    elif spec.supersede == "key":
        same_key = _same(spec.natural_key, "s", "t")
        where = f"not t._is_superseded and exists (select 1 from _stage s where {good} and {same_key})"
    else:
        start, end = quote_ident(spec.period_start or ""), quote_ident(spec.period_end or "")
        where = (
            f"not t._is_superseded and t.{start} >= (select min(s.{start}) from _stage s where {good})"
            f" and t.{start} < (select max(s.{end}) from _stage s where {good})"
        )
        if spec.restatement_scope:
            same_scope = f"exists (select 1 from _stage s where {good} and {_same(spec.restatement_scope, 's', 't')})"
            if spec.null_scope_is_ungrouped:
                # A file not grouped by the scope (every row's scope null, e.g. OpenAI costs without group_by)
                # stands for every scope of its period: a newer one replaces all of them, and a newer grouped
                # file replaces an older ungrouped one, or re-exporting with group_by would double the bill.
                unscoped = " and ".join(f"{{alias}}.{quote_ident(c)} is null" for c in spec.restatement_scope)
                new_unscoped = (
                    f"not exists (select 1 from _stage s where {good} and not ({unscoped.format(alias='s')}))"
                )
                old_unscoped = (
                    f"t._file_sha256 in (select o._file_sha256 from {table} o group by o._file_sha256"
                    f" having bool_and({unscoped.format(alias='o')}))"
                )
                same_scope = f"({same_scope} or {new_unscoped} or {old_unscoped})"
            where += f" and {same_scope}"
    marked = con.execute(f"update {table} t set _is_superseded = true, _superseded_by = ? where {where}", [sha])
    return marked.fetchall()[0][0]


def insert_good_rows(con: duckdb.DuckDBPyConnection, spec: SourceSpec, sha: str, file_name: str) -> None:
    names = [quote_ident(n) for n, _ in table_columns(spec)]
    values = [quote_ident(c.name) for c in spec.columns]
    con.execute(
        f"""insert into raw.{spec.raw_table} ({", ".join(names)})
            select {", ".join(values)}, _extra, ?, ?, _row_number, now(), _stale_by is not null, _stale_by
            from _stage where len(_reasons) = 0""",
        [sha, file_name],
    )
