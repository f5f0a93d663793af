"""SQL that turns one file into a staged, typed, checked batch: one pass, no Python row loops.

The staged batch has every raw column typed, `_extra` (fields the reader does not know), `_reasons`
(why a row must be quarantined; empty when good), `_missing_field` (a required field absent from the
record: the whole file is refused), `_record` (the original record, kept only for bad rows, and only where
the record's JSON was looked at: in every record with every_record),
`_money_is_number` (money given as a JSON number, re-read exactly by exact_money.py) and `<money>__unrounded`
(the text of a DECIMAL value that may have more decimals than kept, see money_scale.py).

A JSON record's own JSON is needed only to find unknown fields, missing fields and money given as a number.
Each page is checked for all three once (page_look_sql); only the records of a page where one may be found
carry their JSON (`_rec`) and pay the per-record checks. A clean page costs one json_transform.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ingest.exact_money import number_flag_sql, page_number_flags_sql
from ingest.money_scale import kept_value_sql, unrounded_column, unrounded_sql
from ingest.readers._json_layout import DEFAULT_MAX_OBJECT_BYTES, JsonLayout
from ingest.readers._spec import Col, SourceSpec, tabular_records
from ingest.redact import redact_json_sql, redact_sql
from ingest.sql import quote_ident, sql_literal


def _json_path(dotted: str) -> str:
    return "$." + dotted if dotted else "$"


def _nested(columns: tuple[Col, ...], leaf: Callable[[Col], Any]) -> dict[str, Any]:
    """The known fields as a nested object ({"cache_creation": {"ephemeral_5m_input_tokens": ...}}), with
    leaf(col) at each field: the json_transform type, or None for the merge patch that removes them."""
    tree: dict[str, Any] = {}
    for col in columns:
        if not col.reads_record:
            continue
        *parents, name = col.source_path.split(".")
        node = tree
        for part in parents:
            node = node.setdefault(part, {})
        node[name] = leaf(col)
    return tree


def _known_containers(columns: tuple[Col, ...]) -> dict[str, set[str]]:
    """For each JSON object the reader reads into, the keys it knows ('' is the record itself)."""
    known: dict[str, set[str]] = {"": set()}
    for col in columns:
        if not col.reads_record:
            continue
        parts = col.source_path.split(".")
        for depth in range(len(parts)):
            container = ".".join(parts[:depth])
            known.setdefault(container, set()).add(parts[depth])
    return known


def _value_expr(spec: SourceSpec, col: Col, csv_header: list[str]) -> str:
    if col.ctx:
        return f"_ctx_{col.source_path}"
    if spec.file_kind == "csv":
        name = col.header_name(csv_header)
        if name is None:
            return "cast(null as VARCHAR)"  # an optional column the file does not have
        return f"_rec.{quote_ident(name)}"
    if col.expr:
        return col.expr
    return "j." + ".".join(quote_ident(p) for p in col.source_path.split("."))


def _text_expr(spec: SourceSpec, col: Col, csv_header: list[str]) -> str:
    value = _value_expr(spec, col, csv_header)
    return redact_sql(value) if col.may_hold_secret else value


def _cast_input(spec: SourceSpec, col: Col, value: str) -> str:
    if spec.file_kind == "csv" and col.type != "VARCHAR":
        return f"trim({value})"  # a CSV may pad a number or a date with spaces
    return value


def _typed_expr(spec: SourceSpec, col: Col, value: str) -> str:
    if _is_plain_text(col):
        return value
    if col.cast_sql:
        return f"try_cast({col.cast_sql.format(value)} as {col.type})"
    if col.is_decimal:
        return kept_value_sql(col, _cast_input(spec, col, value))
    if col.type == "BIGINT":
        # only an integer as written: DuckDB's cast would make '12.5' 13, '1e3' 1000 and '0x1F' 31
        number = f"try_cast({_cast_input(spec, col, value)} as BIGINT)"
        return f"case when cast({number} as VARCHAR) = {_cast_input(spec, col, value)} then {number} end"
    return f"try_cast({_cast_input(spec, col, value)} as {col.type})"


def _unrounded_expr(spec: SourceSpec, col: Col) -> str:
    if col.cast_sql:
        return "cast(null as VARCHAR)"  # the value is computed from the text, not rounded from it
    return unrounded_sql(col, _cast_input(spec, col, quote_ident(col.name + "__text")))


def _extra_expr_json(columns: tuple[Col, ...]) -> str:
    """Unknown fields: only a record with a key outside the objects the reader knows pays for the merge
    patch that builds its _extra."""
    checks = []
    for container, keys in _known_containers(columns).items():
        path = sql_literal(_json_path(container))
        known = ", ".join(sql_literal(k) for k in sorted(keys))
        checks.append(f"not coalesce(list_has_all([{known}], json_keys(_rec, {path})), true)")
    # a merge patch that deletes every known field leaves only what the reader does not know
    patch = sql_literal(json.dumps(_nested(columns, lambda _col: None)))
    extra = redact_json_sql(f"json_merge_patch(_rec, {patch})")
    return f"case when _rec is not null and ({' or '.join(checks)}) then {extra} end"


def _extra_expr_csv(header: list[str], columns: tuple[Col, ...]) -> str:
    known = {c.header_name(header) for c in columns}
    unknown = [h for h in header if h not in known]
    if not unknown:
        return "cast(null as JSON)"
    pairs = ", ".join(f"{sql_literal(h)}, _rec.{quote_ident(h)}" for h in unknown)
    return redact_json_sql(f"json_object({pairs})")


def _missing_expr(spec: SourceSpec) -> str:
    if spec.file_kind == "csv":
        return "cast(null as VARCHAR)"  # a CSV's required columns are checked against its header before reading
    whens = []
    for col in (c for c in spec.columns if c.required):
        value = _value_expr(spec, col, [])
        if col.ctx:
            whens.append(f"when {value} is null then {sql_literal(col.field or col.name)}")
        else:
            path = sql_literal(_json_path(col.source_path))
            whens.append(f"when _rec is not null and {value} is null and not json_exists(_rec, {path}) "
                         f"then {sql_literal(col.source_path)}")
    return f"case {' '.join(whens)} end" if whens else "cast(null as VARCHAR)"


def _reasons_expr(spec: SourceSpec) -> str:
    """Why a row must be quarantined, as a list (empty for a good row). The list is built only for rows that
    break a rule: a good row pays one OR of cheap comparisons."""
    checks: list[tuple[str, str]] = []
    for col in spec.columns:
        name, value = quote_ident(col.name), quote_ident(col.name + "__text")
        if not _is_plain_text(col):  # a text column takes any text: nothing to fail
            checks.append((f"{value} is not null and {name} is null", col.reason_not_typed))
        if col.not_null:
            checks.append((f"{value} is null", f"{col.name}: missing value"))
        if col.non_negative:
            checks.append((f"{name} < 0", f"{col.name}: negative"))
    checks += [(f"not coalesce(({rule.sql}), true)", rule.name) for rule in spec.rules]
    if not checks:
        return "cast([] as VARCHAR[])"
    any_broken = " or ".join(f"({condition})" for condition, _ in checks)
    labels = ",\n        ".join(f"case when {condition} then {sql_literal(label)} end" for condition, label in checks)
    return f"""case when {any_broken} then list_filter([
        {labels}
      ], lambda r: r is not null) else cast([] as VARCHAR[]) end"""


def _is_plain_text(col: Col) -> bool:
    return col.type == "VARCHAR" and not col.cast_sql


def page_look_sql(spec: SourceSpec, layout: JsonLayout) -> str:
    """Does this page (its JSON `_page`, typed as `_p`) need a look record by record? Yes when one
    of its records has a field the reader does not know (the keys of every known object, gathered for the
    whole page at once), a required field that is null (or absent, which refuses the file: only the record's
    JSON tells the two apart), or money given as a JSON number (exact_money.py)."""
    looks = []
    for container, keys in _known_containers(spec.columns).items():
        path = sql_literal(layout.records_path + (f".{container}" if container else ""))
        known = ", ".join(sql_literal(k) for k in sorted(keys))
        looks.append(f"not coalesce(list_has_all([{known}], list_distinct(flatten(json_keys(_page, {path})))), true)")
    required = [_value_expr(spec, col, []) + " is null" for col in spec.columns if col.required and not col.ctx]
    if required:
        looks.append(layout.any_record(" or ".join(required)))
    looks += page_number_flags_sql(spec, layout.records_path)
    return " or ".join(looks) or "false"


def staged_batch_sql(
    spec: SourceSpec, path: str, csv_header: list[str] | None = None,
    max_object_bytes: int = DEFAULT_MAX_OBJECT_BYTES, *, every_record: bool = False,
) -> str:  # fmt: skip
    """SELECT producing the staged batch for `path` (a file path; quoted here), in file order, its _row_number
    NULL (the load numbers the rows it wrote: raw_tables.number_rows). every_record: look at every record's JSON
    (slower), so that every bad row has its original record."""
    header = csv_header or []
    records = _records_sql(spec, path, header, max_object_bytes, every_record=every_record)
    values = ",\n".join(f"    {_text_expr(spec, c, header)} as {quote_ident(c.name + '__text')}" for c in spec.columns)
    typed_columns = [f"{_typed_expr(spec, c, quote_ident(c.name + '__text'))} as {quote_ident(c.name)}"
                     for c in spec.columns]  # fmt: skip
    typed_columns += [f"{_unrounded_expr(spec, c)} as {quote_ident(unrounded_column(c))}"
                      for c in spec.columns if c.is_decimal]  # fmt: skip
    typed = ",\n".join(f"    {column}" for column in typed_columns)
    if spec.file_kind == "json":
        extra, record_json = _extra_expr_json(spec.columns), "_rec"
        money_flag = number_flag_sql(spec)
    else:
        extra, record_json = _extra_expr_csv(header, spec.columns), "to_json(_rec)"
        money_flag = "false"
    unrounded = "".join(f",\n       {quote_ident(unrounded_column(c))}" for c in spec.columns if c.is_decimal)
    return f"""
with records as ({records}),
texts as (
  select _row_number, _rec,
{values},
    {extra} as _extra,
    {_missing_expr(spec)} as _missing_field
  from records
),
typed as (
  select *,
{typed}
  from texts
),
checked as (
  select *, {_reasons_expr(spec)} as _reasons
  from typed
)
select _row_number, {", ".join(quote_ident(c.name) for c in spec.columns)}, _extra, _missing_field, _reasons,
       case when len(_reasons) > 0 then {redact_json_sql(record_json)} end as _record,
       {money_flag} as _money_is_number{unrounded}
from checked"""


def _records_sql(
    spec: SourceSpec, path: str, csv_header: list[str], max_object_bytes: int, *, every_record: bool = False,
    numbered: bool = False,
) -> str:  # fmt: skip
    if spec.file_kind == "csv":
        return tabular_records(sql_literal(path), csv_header, numbered=numbered, null_text=spec.null_text)
    assert spec.records_sql is not None
    look = "true" if every_record else page_look_sql(spec, spec.records_sql)
    shape = _nested(spec.columns, lambda col: col.shape)
    return spec.records_sql(sql_literal(path), shape, look, max_object_bytes, numbered=numbered)


def record_json_sql(spec: SourceSpec, path: str, csv_header: list[str], max_object_bytes: int) -> str:
    """The original records of a file as JSON, by row number (to quarantine rows found bad later)."""
    records = _records_sql(spec, path, csv_header, max_object_bytes, every_record=True, numbered=True)
    record_json = "_rec" if spec.file_kind == "json" else "to_json(_rec)"
    return f"select _row_number, {redact_json_sql(record_json)} as _record from ({records})"
