"""Anthropic Usage Report and Cost Report pages for the demo quarter (provider-formats.md sections 1.1, 1.2).

One usage page and one cost page per month, daily buckets, limit 31, so each page holds the whole month and
has_more is false. The cost report is derived from the usage (tokens x list price per workspace, model and
token type), so billed and estimated cost agree; a few cost lines have no usage behind them on purpose.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from ingest.demo._common import DEMO_MONTHS, is_weekend, month_days, rfc3339_day, sub_rng, write_json
from ingest.demo.model import Org
from ingest.demo.prices import (
    ANTHROPIC_MODELS,
    ANTHROPIC_TOKEN_WORDING,
    CODE_EXECUTION_CENTS_PER_HOUR,
    HAIKU,
    OPUS,
    SONNET,
    WEB_SEARCH_CENTS_PER_REQUEST,
    anthropic_cents,
)
from ingest.demo.usage_model import Profile, day_volume, is_active, key_intensity, profile_for, runaway_factor

PROFILES: dict[str, Profile] = {
    "dev": Profile(0.82, 0.08, ((SONNET, 1.0, 1.0), (HAIKU, 0.35, 0.35), (OPUS, 0.06, 0.5)), 120_000, 0.05, 0.2),
    "light": Profile(0.55, 0.03, ((SONNET, 0.6, 0.4), (HAIKU, 0.8, 0.6)), 40_000, 0.02, 0.0),
    "heavy": Profile(0.95, 0.55, ((OPUS, 0.85, 0.55), (SONNET, 1.0, 1.4), (HAIKU, 0.5, 0.6)), 150_000, 0.3, 0.6),
    "focus": Profile(0.9, 0.2, ((SONNET, 1.0, 1.6), (OPUS, 0.35, 0.6)), 120_000, 0.1, 0.3),
    "ci_bot": Profile(1.0, 0.15, ((SONNET, 1.0, 1.0), (HAIKU, 0.6, 0.8)), 260_000, 0.0, 0.0),
    "triage_bot": Profile(1.0, 0.8, ((HAIKU, 1.0, 2.5), (SONNET, 0.3, 0.5)), 120_000, 0.0, 0.0),
    "forgotten": Profile(0.45, 0.45, ((SONNET, 1.0, 2.0),), 90_000, 0.0, 0.0),
}
TOKEN_TYPES = tuple(ANTHROPIC_TOKEN_WORDING)
# Workspace-days that get billed with no usage behind them (Console work, code execution): one per month.
UNBACKED_TEAMS = ("data", "infra", "growth")


@dataclass(frozen=True)
class UsageRow:
    day: date
    api_key_id: str | None  # None: Console / Workbench use
    workspace_id: str | None  # None: default workspace
    model: str
    tokens: dict[str, int]  # keyed by cost-report token_type
    web_search_requests: int


def _tokens(rng: random.Random, output: int, cache_1h: bool, bot: bool) -> dict[str, int]:
    """A realistic mix: agents re-read their context, so cache reads dwarf everything else."""
    return {
        "uncached_input_tokens": int(output * rng.uniform(0.25, 1.1)),
        "cache_read_input_tokens": int(output * rng.uniform(70, 140) if bot else output * rng.uniform(45, 95)),
        "cache_creation.ephemeral_5m_input_tokens": int(output * rng.uniform(1.5, 5.5)),
        "cache_creation.ephemeral_1h_input_tokens": int(output * rng.uniform(0.5, 2.0)) if cache_1h else 0,
        "output_tokens": output,
    }


def usage_rows(org: Org, seed: int) -> list[UsageRow]:
    rng = sub_rng(seed, "anthropic.usage")
    keys = [key for key in org.keys if key.provider == "anthropic"]
    intensity = {key.key_id: key_intensity(org, key) for key in keys}
    uses_1h = {key.key_id: sub_rng(seed, key.key_id).random() for key in keys}
    rows: list[UsageRow] = []
    for month in DEMO_MONTHS:
        days = month_days(month)
        for day in days:
            for key in keys:
                name = profile_for(org, key, day)
                if name is None:
                    continue
                profile = PROFILES[name]
                if not is_active(rng, profile, day):
                    continue
                for model, chance, scale in profile.models:
                    if rng.random() >= chance:
                        continue
                    output = day_volume(rng, profile, scale, intensity[key.key_id] * runaway_factor(key, day), day)
                    tokens = _tokens(rng, output, uses_1h[key.key_id] < profile.cache_1h, key.role.endswith("bot"))
                    searches = rng.randint(1, 30) if model == SONNET and rng.random() < profile.web_search else 0
                    rows.append(UsageRow(day, key.key_id, key.container_id, model, tokens, searches))
        # A few Console sessions a month: usage with no API key at all.
        for day in sorted(rng.sample(days, 3)):
            output = rng.randint(2_000, 30_000)
            rows.append(UsageRow(day, None, None, SONNET, _tokens(rng, output, False, False), 0))
    return rows


def _cost_result(
    workspace_id: str | None,
    cents: Decimal,
    model: str | None,
    token_type: str | None,
    description: str,
    cost_type: str,
) -> dict[str, Any]:
    is_tokens = cost_type == "tokens"
    return {
        # Cents as a decimal string with six places: the API's unit, and exact for every list price we use.
        "amount": f"{cents:.6f}",
        "currency": "USD",
        "workspace_id": workspace_id,
        "description": description,
        "cost_type": cost_type,
        "model": ANTHROPIC_MODELS[model].cost_id if model else None,
        "token_type": token_type,
        "service_tier": "standard" if is_tokens else None,
        "context_window": "0-200k" if is_tokens else None,
        "inference_geo": "global" if is_tokens else None,
    }


def _token_description(model: str, token_type: str) -> str:
    return f"{ANTHROPIC_MODELS[model].display} Usage - {ANTHROPIC_TOKEN_WORDING[token_type]}"


def cost_results(org: Org, rows: list[UsageRow], seed: int) -> dict[date, list[dict[str, Any]]]:
    rng = sub_rng(seed, "anthropic.cost")
    tokens: dict[tuple[date, str | None, str, str], int] = defaultdict(int)
    searches: dict[tuple[date, str | None], int] = defaultdict(int)
    for row in rows:
        for token_type, count in row.tokens.items():
            tokens[(row.day, row.workspace_id, row.model, token_type)] += count
        searches[(row.day, row.workspace_id)] += row.web_search_requests
    by_day: dict[date, list[dict[str, Any]]] = defaultdict(list)
    for (day, workspace, model, token_type), count in tokens.items():
        if count:
            cents = anthropic_cents(model, token_type, count)
            by_day[day].append(
                _cost_result(workspace, cents, model, token_type, _token_description(model, token_type), "tokens")
            )
    for (day, workspace), count in searches.items():
        if count:
            by_day[day].append(
                _cost_result(
                    workspace,
                    WEB_SEARCH_CENTS_PER_REQUEST * count,
                    None,
                    None,
                    "Web Search Usage",
                    "web_search",
                )
            )
    _add_unbacked_lines(org, rows, by_day, rng)
    for results in by_day.values():
        results.sort(key=lambda result: (result["workspace_id"] or "", result["description"]))
    return by_day


def _add_unbacked_lines(
    org: Org, rows: list[UsageRow], by_day: dict[date, list[dict[str, Any]]], rng: random.Random
) -> None:
    """Billed cost on a workspace-day with no usage row: it must keep the workspace as its principal."""
    used = {(row.day, row.workspace_id) for row in rows}
    workspaces = {
        box.team_id: box.container_id
        for box in org.containers
        if box.provider == "anthropic" and box.outcome_key is None
    }
    for month, team_id in zip(DEMO_MONTHS, UNBACKED_TEAMS, strict=True):
        workspace = workspaces[team_id]
        day = next(d for d in month_days(month) if is_weekend(d) and (d, workspace) not in used)
        if team_id == "infra":
            hours = rng.randint(20, 60)
            by_day[day].append(
                _cost_result(
                    workspace,
                    CODE_EXECUTION_CENTS_PER_HOUR * hours,
                    None,
                    None,
                    "Code Execution Usage",
                    "code_execution",
                )
            )
            continue
        for token_type, count in (
            ("uncached_input_tokens", rng.randint(50_000, 200_000)),
            ("output_tokens", rng.randint(20_000, 90_000)),
        ):
            by_day[day].append(
                _cost_result(
                    workspace,
                    anthropic_cents(SONNET, token_type, count),
                    SONNET,
                    token_type,
                    _token_description(SONNET, token_type),
                    "tokens",
                )
            )


def _usage_result(row: UsageRow) -> dict[str, Any]:
    tokens = row.tokens
    return {
        "api_key_id": row.api_key_id,
        "workspace_id": row.workspace_id,
        "model": row.model,
        # Not in group_by, so the API returns these as null.
        "account_id": None,
        "service_account_id": None,
        "service_tier": None,
        "context_window": None,
        "inference_geo": None,
        "speed": None,
        "uncached_input_tokens": tokens["uncached_input_tokens"],
        "cache_read_input_tokens": tokens["cache_read_input_tokens"],
        "cache_creation": {
            "ephemeral_5m_input_tokens": tokens["cache_creation.ephemeral_5m_input_tokens"],
            "ephemeral_1h_input_tokens": tokens["cache_creation.ephemeral_1h_input_tokens"],
        },
        "output_tokens": tokens["output_tokens"],
        "server_tool_use": {"web_search_requests": row.web_search_requests},
    }


def _page(month: str, results_by_day: dict[date, list[dict[str, Any]]]) -> dict[str, Any]:
    """Every day of the month is a bucket, empty ones included, as the API returns them."""
    buckets = []
    for day in month_days(month):
        following = date.fromordinal(day.toordinal() + 1)
        buckets.append(
            {
                "starting_at": rfc3339_day(day),
                "ending_at": rfc3339_day(following),
                "results": results_by_day.get(day, []),
            }
        )
    return {"data": buckets, "has_more": False, "next_page": None}


def write_anthropic(org: Org, seed: int, out_dir: Path) -> list[Path]:
    rows = usage_rows(org, seed)
    usage_by_day: dict[date, list[dict[str, Any]]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r.day, r.api_key_id or "", r.workspace_id or "", r.model)):
        usage_by_day[row.day].append(_usage_result(row))
    costs_by_day = cost_results(org, rows, seed)
    paths = []
    for month in DEMO_MONTHS:
        paths.append(write_json(out_dir / "anthropic" / f"usage_report_{month}.json", _page(month, usage_by_day)))
    for month in DEMO_MONTHS:
        paths.append(write_json(out_dir / "anthropic" / f"cost_report_{month}.json", _page(month, costs_by_day)))
    return paths
