"""Cursor Admin API usage events (POST /teams/filtered-usage-events): `usageEvents[]`, one per model call, with an
epoch-millisecond `timestamp` (a string or a number), the user's email, the model, the billing kind (Included,
Usage-based, ...) and `tokenUsage.totalCents` in fractional cents; `chargedCents` adds Cursor's token fee. Cents keep
10 decimals, so staging's dollars (* 0.01) are exact at the type's 12."""

from ingest.readers._json_layout import JsonLayout
from ingest.readers._spec import MONEY, TIMESTAMP, TOKENS, Col, Rule, SourceSpec, has_json_key

# epoch milliseconds up to 9999-12-31; seconds (10 digits) would be 1970 and are refused as such below
EPOCH_MS = (
    "to_timestamp(0) + to_milliseconds(case when abs(try_cast(trim({0}) as BIGINT)) < 253402300800000 "
    "then try_cast(trim({0}) as BIGINT) end)"
)


def _cents(name: str, path: str) -> Col:
    return Col(name, MONEY, path=path, decimals=10)


SPEC = SourceSpec(
    name="cursor_usage_events",
    raw_table="cursor__usage_events",
    description="Cursor Admin API filtered usage events (usageEvents[], epoch-ms timestamps, cents)",
    file_kind="json",
    records_sql=JsonLayout("usageEvents"),
    columns=(
        Col("event_at", TIMESTAMP, path="timestamp", required=True, not_null=True, cast_sql=EPOCH_MS,
            expected="epoch milliseconds"),
        Col("user_email", "VARCHAR", path="userEmail"),
        Col("model", "VARCHAR"),
        Col("kind", "VARCHAR"),
        Col("kind_label", "VARCHAR", path="kindLabel"),
        Col("max_mode", "BOOLEAN", path="maxMode"),
        Col("is_token_based_call", "BOOLEAN", path="isTokenBasedCall"),
        Col("is_chargeable", "BOOLEAN", path="isChargeable"),
        Col("is_headless", "BOOLEAN", path="isHeadless"),
        Col("is_free_bugbot", "BOOLEAN", path="isFreeBugbot"),
        Col("requests_costs", MONEY, path="requestsCosts"),
        Col("input_tokens", TOKENS, path="tokenUsage.inputTokens", non_negative=True),
        Col("output_tokens", TOKENS, path="tokenUsage.outputTokens", non_negative=True),
        Col("cache_write_tokens", TOKENS, path="tokenUsage.cacheWriteTokens", non_negative=True),
        Col("cache_read_tokens", TOKENS, path="tokenUsage.cacheReadTokens", non_negative=True),
        _cents("total_cents", "tokenUsage.totalCents"),
        Col("discount_percent_off", MONEY, path="tokenUsage.discountPercentOff"),
        _cents("charged_cents", "chargedCents"),
        _cents("cursor_token_fee", "cursorTokenFee"),
    ),
    natural_key=("event_at", "user_email", "model", "kind", "kind_label", "input_tokens", "output_tokens",
                 "cache_write_tokens", "cache_read_tokens", "total_cents", "charged_cents"),
    rules=(
        Rule("timestamp: before 2000 (seconds, not milliseconds?)", "event_at >= timestamptz '2000-01-01'"),
        Rule("totalCents: negative", "total_cents >= 0"),
        Rule("chargedCents: negative", "charged_cents >= 0"),
    ),
    looks_like=lambda _name, head: has_json_key(head, "usageEvents"),
    supersede="key",  # events: an overlapping export holds the same events again
    period_start="event_at",
    billed_amount_paths=("chargedCents", "tokenUsage.totalCents"),  # what Cursor charged, else the list
)
