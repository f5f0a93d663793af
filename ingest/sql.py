"""Small SQL builders for the SQL costper generates from reader specs."""

import re


def sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def scale_of(type_: str) -> int:
    match = re.search(r",\s*(\d+)\)", type_)
    return int(match.group(1)) if match else 0


def row_number_sql(numbered: bool) -> str:
    """A record's 1-based row number in file order, or NULL for the load to number from the order DuckDB appends
    the records in (raw_tables.number_rows). row_number() over () runs in a single thread, and so does everything
    DuckDB does in the same pipeline (reading, typing, checking): the loads leave it to the rare second reads."""
    return "row_number() over ()" if numbered else "cast(null as BIGINT)"
