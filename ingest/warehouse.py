"""Where the warehouse is and how costper opens it: --db, else COSTPER_DB, else warehouse/costper.duckdb."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from ingest import raw_tables
from ingest.readers import REGISTRY

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DB = PROJECT_DIR / "warehouse" / "costper.duckdb"

MANIFEST_DDL = """
create schema if not exists raw;
create table if not exists raw._ingest_files (
    file_sha256 VARCHAR primary key,
    source VARCHAR not null,
    raw_table VARCHAR not null,
    file_name VARCHAR not null,
    file_path VARCHAR not null,
    rows_read BIGINT not null,
    rows_loaded BIGINT not null,
    rows_quarantined BIGINT not null,
    rows_superseded BIGINT not null,
    period_start TIMESTAMPTZ,
    period_end TIMESTAMPTZ,
    status VARCHAR not null,
    loaded_at TIMESTAMPTZ not null,
    seconds DOUBLE not null,
    ge_validated BOOLEAN not null
);
create table if not exists raw._quarantine (
    file_sha256 VARCHAR not null,
    file_name VARCHAR not null,
    source VARCHAR not null,
    raw_table VARCHAR not null,
    row_number BIGINT not null,
    reasons VARCHAR not null,
    record JSON,
    quarantined_at TIMESTAMPTZ not null
);
-- columns added after the first release, so a warehouse made by an older costper keeps working
alter table raw._ingest_files add column if not exists rows_stale BIGINT default 0;
-- money values rounded to their kept scale, and per column the exact residue sum(as given) - sum(kept)
alter table raw._ingest_files add column if not exists money_values_rounded BIGINT default 0;
alter table raw._ingest_files add column if not exists money_rounding_residue VARCHAR;
"""


class WarehouseBusy(Exception):
    """DuckDB lets one process open the file at a time."""


def resolve_db(db: Path | str | None) -> Path:
    chosen = db or os.environ.get("COSTPER_DB") or DEFAULT_DB
    return Path(chosen).expanduser().resolve()


@contextmanager
def connect(db: Path | str | None = None, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse (creating it, the manifest tables and every source's raw table on first use). UTC
    everywhere, so a charge's date never depends on the machine's time zone."""
    path = resolve_db(db)
    if read_only and not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run `costper ingest` or `costper demo` first")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as error:
        if "lock" not in str(error).lower():
            raise
        raise WarehouseBusy(f"{path} is open in another process (a dbt build?); run one after the other") from error
    try:
        con.execute("set TimeZone = 'UTC'")
        # ingest numbers a file's rows by the order DuckDB appends them in (raw_tables.number_rows)
        con.execute("set preserve_insertion_order = true")
        # DuckDB's own progress bar is the progress report for long loads, in a terminal only.
        con.execute(f"set enable_progress_bar = {str(sys.stdout.isatty()).lower()}")
        if not read_only:
            con.execute(MANIFEST_DDL)
            raw_tables.ensure_all(con, REGISTRY.values())
        yield con
    finally:
        con.close()


def has_loaded_files(db: Path | str | None = None) -> bool:
    """Whether any file was ever loaded; reads only, and creates no warehouse where there is none."""
    path = resolve_db(db)
    if not path.exists():
        return False
    with connect(path, read_only=True) as con:
        try:
            return bool(con.execute("select exists (select 1 from raw._ingest_files)").fetchall()[0][0])
        except duckdb.CatalogException:  # a DuckDB file costper never wrote to
            return False
