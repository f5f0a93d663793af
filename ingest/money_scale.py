"""The one money-scale policy: no real export loses a row for precision.

Every DECIMAL value is kept at its column's kept scale (Col.decimals): 12 decimals of the currency unit, or
10 decimals of a cent for Anthropic's `amount`, so that its dollars (* 0.01 in staging) are exact at 12. A
value with more decimals (OpenAI's JSON-number float artefacts such as 0.13080438000000002, FOCUS files with
14 decimals) is rounded ONCE, half away from zero, straight from its exact text to the kept scale, and the row
loads. What the rounding changed is recorded per file in raw._ingest_files: how many values it rounded and,
per column, the exact residue sum(as given) - sum(kept), so kept + residue ties to the file to the digit.

Only values that may have more decimals than kept pay anything: the staged batch keeps their text in
`<column>__unrounded` (null for every other value) and one Decimal pass over those few texts sums the residue.
A file with such a value is therefore loaded staged (load.py), never by the direct insert.
"""

from __future__ import annotations

import json
import re
from decimal import MAX_PREC, Decimal, Inexact, InvalidOperation, localcontext
from pathlib import Path

import duckdb

from ingest.errors import InputError
from ingest.readers._spec import Col, SourceSpec
from ingest.sql import quote_ident, scale_of, sql_literal


def unrounded_column(col: Col) -> str:
    return col.name + "__unrounded"


def kept_value_sql(col: Col, text: str) -> str:
    """The typed value: the text cast straight to the kept scale (DuckDB rounds text half away from zero,
    checked against Decimal's ROUND_HALF_UP on 20,000 values), then widened to the column's type, which is
    exact. Casting to the type's scale first would round twice: 0.00000000004999 cents would become
    0.000000000050 and then 0.0000000001, where rounding once gives 0."""
    if col.decimals == scale_of(col.type):
        return f"try_cast({text} as {col.type})"
    kept_type = re.sub(r",\s*\d+\)", f",{col.decimals})", col.type)
    return f"try_cast(try_cast({text} as {kept_type}) as {col.type})"


def unrounded_sql(col: Col, text: str) -> str:
    """The text when it may carry more decimals than kept, else null: one regexp per value. An exponent
    ('1.5E-13') counts as may; the Decimal pass below decides what was really rounded."""
    pattern = "\\.\\d{" + str(col.decimals) + "}\\d*[1-9]|[eE]"
    return f"case when regexp_matches({text}, {sql_literal(pattern)}) then {text} end"


def _exact_text(value: Decimal) -> str:
    """A Decimal as plain digits without trailing zeros: '0.00000000000000002', never '2E-17'."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def rounding_summary(con: duckdb.DuckDBPyConnection, spec: SourceSpec, path: Path) -> tuple[int, str | None]:
    """(values rounded, residue) over the good rows of _stage: the residue is a JSON object text, per column
    that had rounding, of the exact sum(value as the file gave it) - sum(value kept), in the column's own unit
    (cents for Anthropic's amount); None when nothing was rounded."""
    columns = [c for c in spec.columns if c.is_decimal]
    if not columns:
        return 0, None
    unrounded = " union all ".join(
        f"select {sql_literal(c.name)}, _row_number, {quote_ident(unrounded_column(c))}, {quote_ident(c.name)} "
        f"from _stage where len(_reasons) = 0 and {quote_ident(unrounded_column(c))} is not null"
        for c in columns
    )
    residue: dict[str, Decimal] = {}
    rounded = 0
    with localcontext() as exact:
        exact.prec = MAX_PREC  # additions of any digits stay exact; Inexact would mean a bug, so it raises
        exact.traps[Inexact] = True
        for column, row, text, kept in con.execute(unrounded).fetchall():
            try:
                given = Decimal(text.strip())
            except InvalidOperation as error:
                raise InputError(path, "money text Decimal cannot read", row=row, field=column) from error
            if given != kept:
                rounded += 1
                residue[column] = residue.get(column, Decimal(0)) + (given - kept)
    if not rounded:
        return 0, None
    return rounded, json.dumps({column: _exact_text(value) for column, value in residue.items()})
