"""OpenAI Usage (completions) and Costs pages for the demo quarter (provider-formats.md sections 2.1, 2.2).

Usage is grouped by project_id, api_key_id and model; costs by project_id, line_item and api_key_id, so every
usage row has exactly three cost lines (input, cached input, output) whose quantities are its token counts and
whose amounts are those tokens at list price. One page per month, daily buckets, Unix-second bounds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ingest.demo._common import DEMO_MONTHS, month_days, sub_rng, unix_day, write_json
from ingest.demo.model import Org
from ingest.demo.prices import GPT5, GPT5_MINI, GPT41_MINI, openai_dollars
from ingest.demo.usage_model import Profile, day_volume, is_active, key_intensity, profile_for, runaway_factor

PROFILES: dict[str, Profile] = {
    "dev": Profile(0.6, 0.05, ((GPT5, 0.7, 1.0), (GPT5_MINI, 0.5, 0.8)), 60_000, 0.0, 0.0),
    "heavy": Profile(0.95, 0.5, ((GPT5, 1.0, 3.0), (GPT5_MINI, 0.6, 1.0)), 120_000, 0.0, 0.0),
    "focus": Profile(0.9, 0.2, ((GPT5, 1.0, 2.0), (GPT5_MINI, 0.6, 1.5)), 100_000, 0.0, 0.0),
    "triage_bot": Profile(1.0, 0.9, ((GPT5_MINI, 1.0, 3.0), (GPT41_MINI, 1.0, 2.0)), 80_000, 0.0, 0.0),
    "ci_bot": Profile(1.0, 0.1, ((GPT41_MINI, 1.0, 1.5),), 80_000, 0.0, 0.0),
    "forgotten": Profile(0.9, 0.9, ((GPT41_MINI, 1.0, 1.0),), 50_000, 0.0, 0.0),
}
# The line_item pieces, in the order the API lists them, and which usage field is the quantity of each.
PIECES = (
    ("input", "input_uncached_tokens"),
    ("cached input", "input_cached_tokens"),
    ("output", "output_tokens"),
)


@dataclass(frozen=True)
class UsageRow:
    day: date
    project_id: str
    api_key_id: str
    model: str
    input_uncached_tokens: int
    input_cached_tokens: int
    output_tokens: int
    num_model_requests: int


def usage_rows(org: Org, seed: int) -> list[UsageRow]:
    rng: random.Random = sub_rng(seed, "openai.usage")
    keys = [key for key in org.keys if key.provider == "openai"]
    intensity = {key.key_id: key_intensity(org, key) for key in keys}
    rows: list[UsageRow] = []
    for month in DEMO_MONTHS:
        for day in month_days(month):
            for key in keys:
                name = profile_for(org, key, day)
                if name is None or name not in PROFILES:
                    continue
                profile = PROFILES[name]
                if not is_active(rng, profile, day):
                    continue
                for model, chance, scale in profile.models:
                    if rng.random() >= chance:
                        continue
                    output = day_volume(rng, profile, scale, intensity[key.key_id] * runaway_factor(key, day), day)
                    assert key.container_id is not None  # every OpenAI key belongs to a project
                    rows.append(
                        UsageRow(
                            day,
                            key.container_id,
                            key.key_id,
                            model,
                            input_uncached_tokens=int(output * rng.uniform(2, 6)),
                            input_cached_tokens=int(output * rng.uniform(8, 25)),
                            output_tokens=output,
                            num_model_requests=max(1, output // rng.randint(250, 600)),
                        )
                    )
    rows.sort(key=lambda row: (row.day, row.project_id, row.api_key_id, row.model))
    return rows


def _usage_result(row: UsageRow) -> dict[str, Any]:
    # No cache writes on these models, so input_tokens (the total) is uncached + cached.
    return {
        "object": "organization.usage.completions.result",
        "input_tokens": row.input_uncached_tokens + row.input_cached_tokens,
        "input_uncached_tokens": row.input_uncached_tokens,
        "input_cached_tokens": row.input_cached_tokens,
        "input_cache_write_tokens": 0,
        "output_tokens": row.output_tokens,
        "num_model_requests": row.num_model_requests,
        "input_text_tokens": row.input_uncached_tokens,
        "input_cached_text_tokens": row.input_cached_tokens,
        "output_text_tokens": row.output_tokens,
        "input_audio_tokens": 0,
        "input_cached_audio_tokens": 0,
        "output_audio_tokens": 0,
        "input_image_tokens": 0,
        "input_cached_image_tokens": 0,
        "output_image_tokens": 0,
        "project_id": row.project_id,
        "user_id": None,
        "api_key_id": row.api_key_id,
        "model": row.model,
        "batch": None,
        "service_tier": None,
    }


def _cost_results(row: UsageRow) -> list[dict[str, Any]]:
    results = []
    for piece, field_name in PIECES:
        quantity = getattr(row, field_name)
        results.append(
            {
                "object": "organization.costs.result",
                # Live responses carry the value as a decimal string; ten places as observed, exact here.
                "amount": {"value": f"{openai_dollars(row.model, piece, quantity):.10f}", "currency": "usd"},
                "line_item": f"{row.model}, {piece}",
                "project_id": row.project_id,
                "api_key_id": row.api_key_id,
                "quantity": quantity,
                "quantity_unit": "tokens",
            }
        )
    return results


def _page(month: str, results_by_day: dict[date, list[dict[str, Any]]]) -> dict[str, Any]:
    buckets = []
    for day in month_days(month):
        following = date.fromordinal(day.toordinal() + 1)
        buckets.append(
            {
                "object": "bucket",
                "start_time": unix_day(day),
                "end_time": unix_day(following),
                "results": results_by_day.get(day, []),
            }
        )
    return {"object": "page", "data": buckets, "has_more": False, "next_page": None}


def write_openai(org: Org, seed: int, out_dir: Path) -> list[Path]:
    rows = usage_rows(org, seed)
    usage: dict[date, list[dict[str, Any]]] = {}
    costs: dict[date, list[dict[str, Any]]] = {}
    for row in rows:
        usage.setdefault(row.day, []).append(_usage_result(row))
        costs.setdefault(row.day, []).extend(_cost_results(row))
    paths = [write_json(out_dir / "openai" / f"usage_completions_{m}.json", _page(m, usage)) for m in DEMO_MONTHS]
    paths += [write_json(out_dir / "openai" / f"costs_{m}.json", _page(m, costs)) for m in DEMO_MONTHS]
    return paths
