"""The raw tables: created from the reader specs, evolved by adding columns, written only here."""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from ingest.readers._spec import SourceSpec
from ingest.sql import quote_ident, sql_literal

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


def _file_rows(spec: SourceSpec, sha: str, alias: str) -> str:
    """This file's current rows in its raw table (written in the load's transaction, so only it sees them)."""
    return (f"(select * from raw.{spec.raw_table} where _file_sha256 = {sql_literal(sha)} "
            f"and not _is_superseded) {alias}")  # fmt: skip


def has_duplicate_keys(con: duckdb.DuckDBPyConnection, spec: SourceSpec, relation: str) -> bool:
    """Whether two rows of `relation` share the file's unique key. Grouped first by one 64-bit hash of the
    key, which keeps the aggregate small on millions of rows; only a hash seen twice is checked exactly."""
    keys = ", ".join(quote_ident(k) for k in spec.unique_key)
    hashed = f"select 1 from {relation} group by hash({keys}) having count(*) > 1"
    if not con.execute(f"select exists ({hashed})").fetchall()[0][0]:
        return False
    return con.execute(f"select exists ({duplicate_keys_sql(spec, relation)})").fetchall()[0][0]


def duplicate_keys_sql(spec: SourceSpec, relation: str) -> str:
    keys = ", ".join(quote_ident(k) for k in spec.unique_key)
    return f"select {keys} from {relation} group by all having count(*) > 1"


def is_versioned(spec: SourceSpec) -> bool:
    """Entities (pull requests, issues) whose rows say when they were true: the latest version of a key wins."""
    return spec.supersede == "key" and bool(spec.version_columns)


def _version(spec: SourceSpec, alias: str) -> str:
    return "coalesce(" + ", ".join(f"{alias}.{quote_ident(c)}" for c in spec.version_columns) + ")"


def supersede_older_versions_in_file(con: duckdb.DuckDBPyConnection, spec: SourceSpec, sha: str) -> int:
    """One export holding a key twice (a PR merged, then reopened later; `gh pr view` appended twice) is two
    versions of one entity, not an ambiguity: the latest version is current and the older ones load superseded by
    the same file, like an older export. Equal versions: the later row in the file wins (appended later)."""
    if not is_versioned(spec):
        return 0
    table = f"raw.{spec.raw_table}"
    later, earlier = _version(spec, "t"), _version(spec, "s")
    newer = f"{later} > {earlier}"
    same_but_later = f"{later} is not distinct from {earlier} and t._row_number > s._row_number"
    older = con.execute(
        f"""update {table} s set _is_superseded = true, _superseded_by = s._file_sha256
            where s._file_sha256 = ? and exists (
                select 1 from {table} t where t._file_sha256 = s._file_sha256
                and {_same(spec.natural_key, "s", "t")} and ({newer} or ({same_but_later})))""",
        [sha],
    )
    return older.fetchall()[0][0]


def mark_stale_rows(con: duckdb.DuckDBPyConnection, spec: SourceSpec, sha: str) -> int:
    """Entity rows (pull requests, issues) older than the current row of the same key arrive superseded:
    loading last week's export after this week's must not bring back last week's state."""
    if not is_versioned(spec):
        return 0
    table = f"raw.{spec.raw_table}"
    stale = con.execute(
        f"""update {table} s set _is_superseded = true, _superseded_by = t._file_sha256
            from (select * from {table} where _file_sha256 <> ? and not _is_superseded) t
            where s._file_sha256 = ? and not s._is_superseded and {_version(spec, "t")} > {_version(spec, "s")}
              and {_same(spec.natural_key, "s", "t")}""",
        [sha, sha],
    )
    return stale.fetchall()[0][0]  # DuckDB answers an UPDATE with the number of rows it changed


def supersede(
    con: duckdb.DuckDBPyConnection, spec: SourceSpec, sha: str, restated: str | None = None, spared: str | None = None
) -> int:
    """Mark the older rows the new file's current rows replace; nothing is deleted. Returns how many rows were
    marked.

    period: older rows of the charge period the new file covers (from its first bucket to its last; or, given
            `restated`, a relation of the buckets a file with holes declares, only those), within the scopes
            (workspace, project) the new file holds, so a per-workspace export never replaces another workspace's
            bill; where a null scope means "not grouped" (OpenAI), a file whose every scope is null stands for
            every scope, so it replaces, and is replaced by, files of the same period whatever their scopes;
    key:    older rows of the same natural key, or of spec.supersede_key where set (rows of the new file that are
            themselves older stay);
    snapshot: every older row (a directory file is the whole directory).
    spared: a query of file sha256s whose rows this file never supersedes (the other parts of its delivery, a newer
            delivery: ingest/deliveries.py).
    """
    table = f"raw.{spec.raw_table}"
    new = _file_rows(spec, sha, "s")
    older = f"not t._is_superseded and t._file_sha256 <> {sql_literal(sha)}"
    if spec.supersede == "snapshot":
        where = older
    elif spec.supersede == "key":
        key = spec.supersede_key or spec.natural_key
        where = f"{older} and exists (select 1 from {new} where {_same(key, 's', 't')})"
    else:
        start, end = quote_ident(spec.period_start or ""), quote_ident(spec.period_end or "")
        where = (
            f"{older} and t.{start} >= (select min(s.{start}) from {new})"
            f" and t.{start} < (select max(s.{end}) from {new})"
        )
        if restated:
            where += f" and exists (select 1 from {restated} b where t.{start} >= b.starts and t.{start} < b.ends)"
        if spec.restatement_scope:
            same_scope = covers_scope_sql(spec, new, "t")
            if spec.null_scope_is_ungrouped:
                # A file not grouped by the scope (every row's scope null, e.g. OpenAI costs without group_by)
                # stands for every scope of its period: a newer one replaces all of them, and a newer grouped
                # file replaces an older ungrouped one, or re-exporting with group_by would double the bill.
                unscoped = " and ".join(f"{{alias}}.{quote_ident(c)} is null" for c in spec.restatement_scope)
                new_unscoped = f"not exists (select 1 from {new} where not ({unscoped.format(alias='s')}))"
                old_unscoped = (
                    f"t._file_sha256 in (select o._file_sha256 from {table} o group by o._file_sha256"
                    f" having bool_and({unscoped.format(alias='o')}))"
                )
                same_scope = f"({same_scope} or {new_unscoped} or {old_unscoped})"
            where += f" and {same_scope}"
        if spared:
            where += f" and t._file_sha256 not in ({spared})"
    marked = con.execute(f"update {table} t set _is_superseded = true, _superseded_by = ? where {where}", [sha])
    return marked.fetchall()[0][0]


def covers_scope_sql(spec: SourceSpec, rows: str, t: str) -> str:
    """Whether the file rows `rows` (a relation aliased s) cover the scope of row `t`: a row of the same scope, or,
    with whole_scope_when_several, several sub accounts of t's outer scope (the outer account's whole export)."""
    covers = f"exists (select 1 from {rows} where {_same(spec.restatement_scope, 's', t)})"
    inner = spec.whole_scope_when_several
    if not inner:
        return covers
    outer = tuple(c for c in spec.restatement_scope if c != inner)
    several = (f"select {', '.join(f's.{quote_ident(c)}' for c in outer)} from {rows} group by all"
               f" having count(distinct s.{quote_ident(inner)}) > 1")  # fmt: skip
    return f"({covers} or exists (select 1 from ({several}) w where {_same(outer, 'w', t)}))"


def number_rows(con: duckdb.DuckDBPyConnection, table: str, where: str = "true") -> None:
    """Number the rows one INSERT just appended (those of `table` meeting `where`) 1, 2, ... in file order. The
    batch SQL leaves _row_number NULL so DuckDB reads in parallel (row_number() over () would run the whole read
    on one thread); DuckDB appends in the order it read, file order (preserve_insertion_order, set by
    warehouse.connect), at consecutive row ids."""
    con.execute(
        f"""update {table} set _row_number = rowid - (select min(rowid) from {table} where {where}) + 1
            where {where}"""
    )


def insert_sql(spec: SourceSpec, batch: str, where: str) -> str:
    """INSERT of the rows of `batch` (a staged batch: a table or a parenthesised SELECT) that meet `where`, with
    their lineage; parameters: the file's sha256 and name."""
    names = [quote_ident(n) for n, _ in table_columns(spec)]
    values = [quote_ident(c.name) for c in spec.columns]
    return f"""insert into raw.{spec.raw_table} ({", ".join(names)})
               select {", ".join(values)}, _extra, ?, ?, _row_number, now(), false, null
               from {batch} where {where}"""


def period(con: duckdb.DuckDBPyConnection, spec: SourceSpec, sha: str) -> tuple[object, object]:
    """The charge period (or activity span) the file's rows cover, stale rows included."""
    if not spec.period_start:
        return None, None
    start, end = quote_ident(spec.period_start), quote_ident(spec.period_end or spec.period_start)
    return con.execute(
        f"select min({start}), max({end}) from raw.{spec.raw_table} where _file_sha256 = ?", [sha]
    ).fetchall()[0]
