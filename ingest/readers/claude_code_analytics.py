"""Anthropic Claude Code Analytics API (GET /v1/organizations/usage_report/claude_code): `{"data": [...],
"has_more", "next_page"}`, one record per actor per UTC day: sessions, lines of code, commits and PRs by Claude
Code, edit-tool acceptance, and per model the tokens and an ESTIMATED cost in cents at list price.

model_breakdown is a list, kept whole as JSON (staging unnests it). Its cents are read from their JSON text:
exact when the API sends a string; a JSON number, which DuckDB would read through a double, is rewritten as its
exact text from the file (json_money_paths, exact_money.py)."""

from __future__ import annotations

from ingest.readers._json_layout import JsonLayout
from ingest.readers._spec import CURRENCY_CODES, TIMESTAMP, Col, Rule, SourceSpec, json_keys_in_head

_TOOLS = ("edit_tool", "multi_edit_tool", "write_tool", "notebook_edit_tool")
_AMOUNTS = "json_extract_string(model_breakdown, '$[*].estimated_cost.amount')"
_CURRENCIES = "json_extract_string(model_breakdown, '$[*].estimated_cost.currency')"
_TOKENS = "json_extract_string(model_breakdown, '$[*].tokens.{}')"

SPEC = SourceSpec(
    name="claude_code_analytics",
    raw_table="anthropic__claude_code_usage",
    description="Anthropic Claude Code Analytics pages (per actor per day: activity, acceptance, estimated cents)",
    file_kind="json",
    records_sql=JsonLayout("data"),
    columns=(
        Col("usage_date", TIMESTAMP, path="date", required=True, not_null=True),
        Col("actor_type", "VARCHAR", path="actor.type", required=True, not_null=True),
        Col("actor_email_address", "VARCHAR", path="actor.email_address"),
        Col("actor_api_key_name", "VARCHAR", path="actor.api_key_name"),
        Col("organization_id", "VARCHAR"),
        Col("customer_type", "VARCHAR"),
        Col("subscription_type", "VARCHAR"),
        Col("terminal_type", "VARCHAR"),
        Col("num_sessions", "BIGINT", path="core_metrics.num_sessions", non_negative=True),
        Col("lines_added", "BIGINT", path="core_metrics.lines_of_code.added", non_negative=True),
        Col("lines_removed", "BIGINT", path="core_metrics.lines_of_code.removed", non_negative=True),
        Col("commits_by_claude_code", "BIGINT", path="core_metrics.commits_by_claude_code", non_negative=True),
        Col(
            "pull_requests_by_claude_code",
            "BIGINT",
            path="core_metrics.pull_requests_by_claude_code",
            non_negative=True,
        ),
        *(
            Col(f"{tool}_{verdict}", "BIGINT", path=f"tool_actions.{tool}.{verdict}", non_negative=True)
            for tool in _TOOLS
            for verdict in ("accepted", "rejected")
        ),
        Col("model_breakdown", "JSON", shape="JSON"),
    ),
    natural_key=(
        "usage_date",
        "organization_id",
        "actor_type",
        "actor_email_address",
        "actor_api_key_name",
        "terminal_type",
    ),
    rules=(
        Rule(
            "actor: neither email_address nor api_key_name",
            "coalesce(actor_email_address, actor_api_key_name) is not null",
        ),
        Rule("date: not a UTC midnight (the report is daily)", "usage_date = date_trunc('day', usage_date)"),
        Rule("model_breakdown: not a list", "json_type(model_breakdown) in ('ARRAY', 'NULL')"),
        Rule(
            "model_breakdown: estimated_cost.amount not a non-negative number of cents",
            f"list_bool_and(list_transform({_AMOUNTS}, lambda a: coalesce(try_cast(a as DECIMAL(38,12)) >= 0, false)))",
        ),
        Rule(
            "model_breakdown: estimated_cost.currency unknown",
            f"list_bool_and(list_transform({_CURRENCIES}, lambda c: coalesce(c in {CURRENCY_CODES}, false)))",
        ),
        *(
            Rule(
                f"model_breakdown: tokens.{t} not a non-negative integer",
                f"list_bool_and(list_transform({_TOKENS.format(t)}, "
                "lambda n: n is null or coalesce(try_cast(n as BIGINT) >= 0, false)))",
            )
            for t in ("input", "output", "cache_read", "cache_creation")
        ),
    ),
    looks_like=json_keys_in_head("data", "core_metrics", "actor"),
    # one record per actor and day: a later pull of the day (or a later page of it) replaces only its own actors
    supersede="key",
    period_start="usage_date",
    period_end="usage_date",
    json_money_paths=(("model_breakdown", "estimated_cost.amount"),),
)
