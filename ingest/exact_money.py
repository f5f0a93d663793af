"""Money that a JSON file gives as a number, read exactly.

DuckDB parses a JSON number through a double (1234567.891234567891 becomes 1234567.8912345679), so the
staged value of such a field is only a first reading. For the rare file that carries money as numbers
(OpenAI's Costs API spec says number; live responses send strings), the file is walked once more with
Python's Decimal and the staged values are replaced: the typed value, rounded from the exact text to the
kept scale like any other (money_scale.py), and the `__unrounded` text the residue is summed from. Strings,
the usual case, never come here.
"""

from __future__ import annotations

import json
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


def _nested_paths(spec: SourceSpec) -> list[str]:
    """The JSON paths, from a record, of money inside JSON columns' list elements."""
    columns = {c.name: c.source_path for c in spec.columns}
    return [f"{columns[column]}[*].{inner}" for column, inner in spec.json_money_paths]


def number_flag_sql(spec: SourceSpec) -> str:
    """Stage column: does this record give any money field as a JSON number?"""
    checks = [f"json_type(_rec, {sql_literal('$.' + c.source_path)}) in {NUMBER_TYPES}" for c in money_columns(spec)]
    checks += [
        f"list_has_any(json_type(_rec, {sql_literal('$.' + path)}), {list(NUMBER_TYPES)})"
        for path in _nested_paths(spec)
    ]
    return f"coalesce({' or '.join(checks)}, false)" if checks else "false"


def page_number_flags_sql(spec: SourceSpec, records_path: str) -> list[str]:
    """Page conditions: does any record of the page give this money field as a JSON number?"""
    return [
        f"coalesce(list_has_any(json_type(_page, {sql_literal(records_path + '.' + path)}), "
        f"{list(NUMBER_TYPES)}), false)"
        for path in [c.source_path for c in money_columns(spec)] + _nested_paths(spec)
    ]


def _field(record: dict[str, Any], dotted: str) -> Any:
    value: Any = record
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def restore_exact_money(con: duckdb.DuckDBPyConnection, spec: SourceSpec, path: Path) -> int:
    """Replace staged money read through a double by its exact value; returns how many values changed."""
    columns = money_columns(spec)
    if not (columns or spec.json_money_paths):
        return 0
    if not con.execute("select bool_or(_money_is_number) from _stage").fetchall()[0][0]:
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
    return len(exact) + _restore_nested(con, spec, path)


def _is_number(value: Any) -> bool:
    return isinstance(value, Decimal | int) and not isinstance(value, bool)


def _plain(value: Any) -> Any:
    """JSON-ready: a non-money Decimal (no money is left as one) as the number it is."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _restore_nested(con: duckdb.DuckDBPyConnection, spec: SourceSpec, path: Path) -> int:
    """A JSON column whose elements give money as numbers: staged again with each amount as its exact text, so
    staging's json_extract_string reads the digits the file has (a double keeps 17)."""
    assert spec.records_sql is not None
    sources = {c.name: c.source_path for c in spec.columns}
    rewritten: list[tuple[int, str, str]] = []
    for row_number, record in enumerate(spec.records_sql.records(path), start=1):
        for column, inner in spec.json_money_paths:
            elements = _field(record, sources[column])
            if not isinstance(elements, list):
                continue
            *parents, leaf = inner.split(".")
            changed = False
            for element in elements:
                holder = _field(element, ".".join(parents)) if parents else element
                if isinstance(holder, dict) and _is_number(holder.get(leaf)):
                    holder[leaf], changed = format(Decimal(holder[leaf]), "f"), True
            if changed:
                rewritten.append((row_number, column, json.dumps(_plain(elements))))
    for row_number, column, text in rewritten:
        con.execute(f"update _stage set {quote_ident(column)} = ? where _row_number = ?", [text, row_number])
    return len(rewritten)
