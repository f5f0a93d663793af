"""What a reader declares: its raw table, typed columns, contract rules and how to recognise its files.

A reader is data, not code: the one load path (ingest/load.py) turns a SourceSpec into DuckDB SQL.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from ingest.readers._json_layout import JsonLayout
from ingest.sql import row_number_sql, scale_of

MONEY = "DECIMAL(38,12)"
TOKENS = "BIGINT"
TIMESTAMP = "TIMESTAMPTZ"
# Unix seconds up to 9999-12-31: a larger number (milliseconds, say) is no timestamp the APIs write, and so a reason
# to quarantine the row rather than a date in the year 58,000
UNIX_SECONDS = (
    "to_timestamp(case when abs(try_cast(trim({0}) as BIGINT)) < 253402300800 then try_cast(trim({0}) as BIGINT) end)"
)
# The words with which a provider's own line text says that negative money is a credit, refund or adjustment
CREDIT_WORDS = "credit|refund|promo|grant|voucher|adjust"

# ISO 4217 codes a provider bill can plausibly carry; a code outside this list is quarantined.
_ISO_CODES = (
    "USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "INR", "BRL",
    "MXN", "SGD", "HKD", "NZD", "KRW", "CNY", "ZAR", "ILS", "AED", "SAR", "TRY", "HUF", "RON",
)  # fmt: skip
# As providers write them: upper case (Anthropic "USD") or lower case (OpenAI "usd"), nothing in between.
CURRENCY_CODES = (*_ISO_CODES, *(code.lower() for code in _ISO_CODES))


def currency_rule(column: str, label: str) -> Rule:
    return Rule(f"{label}: unknown currency code", f"{column} in {CURRENCY_CODES}")


@dataclass(frozen=True)
class Col:
    """One typed raw column.

    path:  where the value sits: a dotted path inside a JSON record, a CSV header, or (ctx=True) a
           column the reader's records SQL provides from the page envelope (a bucket's start, say). A CSV
           path may name alternatives tried in order against the header, "CostInBillingCurrency|costInBillingCurrency"
           (one export spelt two ways: Azure EA and MCA), see header_name.
    cast_sql: e.g. unix seconds to TIMESTAMPTZ.
    expr:  SQL that computes the value from `j` (the record parsed by json_transform) when a plain
           path is not enough (unix seconds, lists of label names); `shape` is then its json_transform type.
    required: the field must be present in every record (else the file is refused, exit 2). An envelope (ctx)
           column's refusal names `field` where set (timePeriod.year), else the column.
    not_null: a present-but-null value sends the row to quarantine.
    decimals: (DECIMAL columns) the kept scale, by default the type's. A value with more decimals is rounded
           to it once, half away from zero, and loads (ingest/money_scale.py); Anthropic's cents keep 10, so
           that staging's dollars (* 0.01) are exact at the type's 12.
    """

    name: str
    type: str
    path: str | None = None
    expr: str | None = None
    shape: object = "VARCHAR"
    ctx: bool = False
    required: bool = False
    not_null: bool = False
    non_negative: bool = False
    cast_sql: str | None = None  # how text becomes the type when a plain cast will not do, "{}" = the text
    decimals: int | None = None  # None: the type's scale (set in __post_init__, so always an int after)
    expected: str = ""  # what a value must be, in the quarantine reason; default "a valid <type>"
    may_hold_secret: bool = False  # text people write (titles, bodies, notes): a key pasted there is redacted
    field: str = ""  # (ctx) the field as the file spells it, for a missing-field message; default the column's name

    def __post_init__(self) -> None:
        scale = scale_of(self.type)
        if self.decimals is None:
            object.__setattr__(self, "decimals", scale)
        elif not 0 <= self.decimals <= scale:
            raise ValueError(f"{self.name}: decimals {self.decimals} outside 0..{scale} of {self.type}")

    @property
    def reason_not_typed(self) -> str:
        expected = self.expected or f"a valid {self.type}" + (" (YYYY-MM-DD)" if self.type == "DATE" else "")
        return f"{self.name}: not {expected}"

    @property
    def is_decimal(self) -> bool:
        return self.type.startswith("DECIMAL")

    @property
    def source_path(self) -> str:
        return self.path or self.name

    def header_name(self, header: list[str]) -> str | None:
        """The CSV column this reads: the first of the path's alternatives that the header has, else None."""
        return next((name for name in self.source_path.split("|") if name in header), None)

    @property
    def is_list(self) -> bool:
        return self.type.endswith("[]")

    @property
    def reads_record(self) -> bool:
        """False for envelope (ctx) columns and for computed columns that read no field of their own."""
        return not self.ctx and not (self.expr is not None and self.path is None)


@dataclass(frozen=True)
class Rule:
    """A row-level contract rule: `sql` must be true (NULL passes; not_null is its own rule)."""

    name: str
    sql: str


SupersedeMode = Literal["period", "key", "snapshot"]


@dataclass(frozen=True)
class SourceSpec:
    """Everything the load path needs to know about one source format.

    records_sql(path_literal, max_object_bytes) (JSON sources; every CSV source shares csv_records)
    returns SQL yielding `_row_number` (1-based, file order), `_rec` (the
    record: JSON for JSON sources, a row of all-VARCHAR columns for CSV) and any `_ctx_<name>` columns.
    supersede says what a newer file replaces: the older rows of the same charge period (billing
    exports, restated by providers), the older rows with the same natural key (entities such as pull
    requests), or the whole table (directories, which are snapshots).
    """

    name: str
    raw_table: str
    description: str
    file_kind: Literal["json", "csv"]
    columns: tuple[Col, ...]
    natural_key: tuple[str, ...]
    looks_like: Callable[[str, str], bool]
    supersede: SupersedeMode
    period_start: str | None = None
    period_end: str | None = None
    records_sql: JsonLayout | None = None
    rules: tuple[Rule, ...] = field(default_factory=tuple)
    required_one_of: tuple[str, ...] = ()  # a CSV header must have at least one of these
    restatement_scope: tuple[str, ...] = ()  # period mode: a restatement replaces only these scopes
    # period mode: the last scope column (a sub account) whose several values in one file of one outer scope (its
    # billing account) make the file that account's whole export (payer-level), restating all its sub accounts; a
    # file of one sub account (a member account's own export) restates that one only
    whole_scope_when_several: str = ""
    # a file whose every row has a null scope was exported without grouping by it (OpenAI), so it stands for
    # every scope; where null is itself a scope (Anthropic's default workspace) this stays False
    null_scope_is_ungrouped: bool = False
    # key mode: the row whose first non-null version column is latest wins, whatever the load order
    version_columns: tuple[str, ...] = ()
    # key mode: what a newer file's row shares with the older rows it replaces; () is the natural key. A coarser key
    # (budgets: the month) makes a file the whole truth for the values of it that it holds
    supersede_key: tuple[str, ...] = ()
    # a required money column is billed money, and a quarantined row of it exits 3 (quarantined_money.py); a budget
    # is a plan, not a bill
    bills_money: bool = True
    # where no required money column states the billed amount: the record's paths that do (Cursor's optional
    # cents, in order of precedence); ("",) when the file states none (Copilot seats bill a seed price), so every
    # quarantined row of it counts
    billed_amount_paths: tuple[str, ...] = ()
    # money inside a JSON column's list elements, (column, path in each element): Claude Code's
    # model_breakdown[*].estimated_cost.amount; given as a JSON number it is rewritten as its exact text
    json_money_paths: tuple[tuple[str, str], ...] = ()
    # said after "required field is missing" when the user chose the fields (gh's --json): how to fix it
    missing_field_hint: str = ""
    # snapshot mode: rows of one value of these columns are stretches [valid_from, valid_to) that may not overlap
    no_overlap: tuple[str, ...] = ()
    # CSV: words that mean null besides the empty field (the FinOps FOCUS sample writes the bare word NULL)
    null_text: tuple[str, ...] = ()
    # period mode: an export writes a billing period as several files (parts, a manifest): ingest/deliveries.py
    delivered_in_parts: bool = False
    # period mode: the column that says when the export ran (GCP export_time); a file is as new as its latest value
    delivered_at_column: str = ""

    @property
    def unique_key(self) -> tuple[str, ...]:
        """What must be unique within one file. An entity's key is strict; a billing line's key also
        holds its unknown fields (_extra), which may be a dimension the reader does not know yet."""
        return (*self.natural_key, "_extra") if self.supersede == "period" else self.natural_key



def bucket_columns(start: str, end: str, cast_sql: str | None = None) -> tuple[Col, Col]:
    """The time bucket an API page gives its results (Anthropic starting_at, OpenAI unix start_time)."""
    expected = "unix seconds (milliseconds?)" if cast_sql == UNIX_SECONDS else ""
    return (
        Col(start, TIMESTAMP, path="bucket_start", ctx=True, required=True, cast_sql=cast_sql, expected=expected),
        Col(end, TIMESTAMP, path="bucket_end", ctx=True, required=True, cast_sql=cast_sql, expected=expected),
    )


def bucket_rules(start: str, end: str) -> tuple[Rule, Rule]:
    """A bucket ends after it starts, and spans a day at most: the reports are daily, hourly or by the minute, so a
    longer bucket would put several days' money on its first day and overlap the next days' buckets."""
    return (
        Rule("bucket ends after it starts", f"{end} > {start}"),
        Rule("bucket longer than one day (the reports are daily at most)", f"{end} - {start} <= interval 1 day"),
    )


def usage_credit_rule(amount: str, usage_named: str, text: str) -> Rule:
    """Negative billed money is a credit, refund or adjustment, and loads; on a line that bills usage it consumed
    (usage_named) it is impossible, unless the line's own text says it is a credit or refund. One rule for every
    provider (README "Bad input")."""
    credit = f"regexp_matches(lower(coalesce({text}, '')), '{CREDIT_WORDS}')"
    return Rule(f"{amount}: negative on a usage charge", f"{amount} >= 0 or not ({usage_named}) or {credit}")


def csv_records(path: str, header: list[str], *, numbered: bool = False, null_text: tuple[str, ...] = ()) -> str:
    """Every CSV field as text (the header read by us, so no sniffing): types are applied by try_cast,
    so one bad value quarantines one row; a row with the wrong number of fields refuses the file.
    numbered: see row_number_sql. null_text: words read as null besides the empty field."""
    columns = ", ".join(f"'{h.replace(chr(39), chr(39) * 2)}': 'VARCHAR'" for h in header)
    nulls = ", nullstr = [" + ", ".join(f"'{w}'" for w in ("", *null_text)) + "]" if null_text else ""
    return f"""
        select {row_number_sql(numbered)} as _row_number, _rec
        from read_csv({path}, auto_detect = false, header = true, delim = ',', quote = '"', escape = '"',
                      strict_mode = true{nulls}, columns = {{{columns}}}) as _rec"""


def parquet_records(path: str, header: list[str], *, numbered: bool = False) -> str:
    """A Parquet file read like a CSV: every column as text, so the same try_casts type it and one bad value
    quarantines one row. A nested column (struct, map, list: CUR's product and resource_tags) becomes its JSON
    text; a scalar its VARCHAR cast (a DECIMAL's exact digits, a timestamp with time zone in the session's UTC).
    `header` is the file's column names (detect.parquet_header), so a column the file lacks is never selected."""
    import duckdb  # the types decide the cast; one describe of the file's footer

    plain = path[1:-1].replace("''", "'")
    with duckdb.connect() as con:
        types = dict(con.execute("select column_name, column_type from (describe select * from read_parquet(?))",
                                 [plain]).fetchall())  # fmt: skip

    def as_text(name: str) -> str:
        nested = re.match(r"(STRUCT|MAP|UNION)\(", types.get(name, "")) or types.get(name, "").endswith("]")
        value = f"to_json({_ident(name)})" if nested else _ident(name)
        return f"cast({value} as VARCHAR) as {_ident(name)}"

    return f"""
        select {row_number_sql(numbered)} as _row_number, _rec
        from (select {", ".join(as_text(h) for h in header)} from read_parquet({path})) as _rec"""


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def is_parquet_file(plain_path: str) -> bool:
    try:
        with open(plain_path, "rb") as f:
            return f.read(4) == b"PAR1"
    except OSError:
        return False


def tabular_records(path: str, header: list[str], *, numbered: bool = False, null_text: tuple[str, ...] = ()) -> str:
    """The records of a CSV-kind source's file (`path` a SQL string literal): CSV, or Parquet by its magic bytes
    (whose nulls are typed, so null_text applies to CSV only)."""
    if is_parquet_file(path[1:-1].replace("''", "'")):
        return parquet_records(path, header, numbered=numbered)
    return csv_records(path, header, numbered=numbered, null_text=null_text)


def has_json_key(head: str, key: str) -> bool:
    """`key` appears as a JSON object key (not merely as a value) in the head of the file."""
    return re.search(r'"' + re.escape(key) + r'"\s*:', head) is not None


def json_keys_in_head(*keys: str) -> Callable[[str, str], bool]:
    """Detection by content: each key appears as a JSON object key early in the file."""
    return lambda _name, head: all(has_json_key(head, k) for k in keys)


def csv_header_has(head: str, *names: str) -> bool:
    return all(n in csv_header(head) for n in names)


def csv_header(head: str) -> list[str]:
    """The column names on a CSV's first line (a UTF-8 byte order mark and CRLF are fine)."""
    return [h.strip().strip('"') for h in head.lstrip("\ufeff").split("\n", 1)[0].strip().split(",")]
