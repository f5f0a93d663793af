"""Money that a JSON file gives as a number, read exactly.

DuckDB parses a JSON number through a double (1234567.891234567891 becomes 1234567.8912345679), so the
staged value of such a field is only a first reading. For the rare file that carries money as numbers
(OpenAI's Costs API spec says number; live responses send strings), the file is walked once more with
Python's Decimal and the staged values are replaced: the typed value, rounded from the exact text to the
kept scale like any other (money_scale.py), and the `__unrounded` text the residue is summed from. Strings,
the usual case, never come here.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from ingest.money_scale import kept_value_sql, unrounded_column, unrounded_sql
from ingest.readers._spec import Col, SourceSpec
from ingest.sql import quote_ident, sql_literal

NUMBER_TYPES = ("DOUBLE", "UBIGINT", "BIGINT", "HUGEINT")


def money_columns(spec: SourceSpec) -> list[Col]:
    return [c for c in spec.columns if c.is_decimal and c.reads_record and spec.file_kind == "json"]


def number_flag_sql(spec: SourceSpec) -> str:
    """Stage column: does this record give any money field as a JSON number?"""
    checks = [f"json_type(_rec, {sql_literal('$.' + c.source_path)}) in {NUMBER_TYPES}" for c in money_columns(spec)]
    return f"coalesce({' or '.join(checks)}, false)" if checks else "false"


def page_number_flags_sql(spec: SourceSpec, records_path: str) -> list[str]:
    """Page conditions: does any record of the page give this money field as a JSON number?"""
    return [
        f"coalesce(list_has_any(json_type(_page, {sql_literal(records_path + '.' + c.source_path)}), "
        f"{list(NUMBER_TYPES)}), false)"
        for c in money_columns(spec)
    ]


def _field(record: dict[str, Any], dotted: str) -> Any:
    value: Any = record
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def restore_exact_money(con: duckdb.DuckDBPyConnection, spec: SourceSpec, path: Path) -> int:
    """Replace staged money read through a double by its exact value; returns how many values changed."""
    columns = money_columns(spec)
    if not columns or not con.execute("select bool_or(_money_is_number) from _stage").fetchall()[0][0]:
        return 0
    assert spec.records_sql is not None
    exact = [
        (row_number, col.name, format(Decimal(value), "f"))
        for row_number, record in enumerate(spec.records_sql.records(path), start=1)
        for col in columns
        if isinstance(value := _field(record, col.source_path), Decimal | int) and not isinstance(value, bool)
    ]
    import pandas as pd  # only here, for the rare file with money as numbers: importing it costs 0.3 s

    con.register("_exact_money", pd.DataFrame(exact, columns=["row_number", "column_name", "text"], dtype=object))
    try:
        for col in columns:
            con.execute(
                f"""update _stage s set {quote_ident(col.name)} = {kept_value_sql(col, "e.text")},
                        {quote_ident(unrounded_column(col))} = {unrounded_sql(col, "e.text")}
                    from _exact_money e
                    where e.row_number = s._row_number and e.column_name = {sql_literal(col.name)}"""
            )
    finally:
        con.unregister("_exact_money")
    return len(exact)
