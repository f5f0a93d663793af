"""The demo's LiteLLM gateway: the spend logs of the engineers who call models through the company's proxy.

A dozen engineers route their coding assistant through LiteLLM; the proxy tags each request with the pull request
the developer's branch names (`request_tags: ["pr:owner/repo#n"]`), so those requests are attributed `direct`
to that PR. LiteLLM's `spend` is its own price map's estimate of requests Anthropic and OpenAI already bill in
their cost exports: the lines are estimated (never billed money), shown beside the bill, never added to it.
The gateway's user ids are registered in aliases.csv (`gateway_user`).
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from ingest.demo._common import DEMO_MONTHS, PERIOD_END, PERIOD_START, is_weekend, sub_rng, token, work_moment
from ingest.demo.model import Org, Person
from ingest.demo.work import PullRequest, Work

GATEWAY_USERS = 12
# (model, provider, model group, dollars per million uncached input, cache read, output tokens)
_MODELS = (
    ("claude-sonnet-4-5-20250929", "anthropic", "sonnet", Decimal("3"), Decimal("0.3"), Decimal("15")),
    ("gpt-5-mini-2025-08-07", "openai", "gpt-5-mini", Decimal("0.25"), Decimal("0.025"), Decimal("2")),
)
_MILLION = Decimal(1_000_000)


def gateway_user(person: Person) -> str:
    return f"u-{person.github_login}"


def gateway_people(org: Org, seed: int) -> list[Person]:
    """The engineers on the gateway: in one engineering team the whole quarter, so their team never changes."""
    eligible = [
        p for p in org.people
        if p.github_login and len(p.stints) == 1 and p.start <= PERIOD_START and p.end is None
        and org.teams[p.stints[0].team_id].profile == "eng"
    ]  # fmt: skip
    return sorted(sub_rng(seed, "litellm_users").sample(eligible, GATEWAY_USERS), key=lambda p: p.person_id)


def _request(rng: random.Random, person: Person, key_hash: str, day: date, tag: str | None) -> dict[str, object]:
    model, provider, group, uncached_price, cached_price, output_price = rng.choice(_MODELS)
    prompt = rng.randint(4_000, 60_000)
    cached = int(prompt * rng.uniform(0.3, 0.8))
    output = rng.randint(300, 4_000)
    spend = ((prompt - cached) * uncached_price + cached * cached_price + output * output_price) / _MILLION
    start = work_moment(rng, day, person.utc_offset)
    end = start + timedelta(seconds=rng.randint(2, 40), milliseconds=rng.randint(0, 999))
    team = person.stints[0].team_id
    usage = {"prompt_tokens": prompt, "completion_tokens": output}
    usage |= (
        {"cache_read_input_tokens": cached, "cache_creation_input_tokens": 0}
        if provider == "anthropic"
        else {"prompt_tokens_details": {"cached_tokens": cached}}
    )
    return {
        "request_id": f"chatcmpl-{token(rng, 24)}",
        "call_type": "acompletion",
        "api_key": key_hash,
        "spend": round(spend, 7),  # a JSON number in the file (LiteLLM stores a float), written from the Decimal
        "total_tokens": prompt + output,
        "prompt_tokens": prompt,
        "completion_tokens": output,
        "startTime": start.strftime("%Y-%m-%dT%H:%M:%S.") + f"{start.microsecond // 1000:03d}Z",
        "endTime": end.strftime("%Y-%m-%dT%H:%M:%S.") + f"{end.microsecond // 1000:03d}Z",
        "model": model,
        "model_group": group,
        "custom_llm_provider": provider,
        "user": gateway_user(person),
        "team_id": f"team-{team}",
        "end_user": None,
        "request_tags": [tag] if tag else [],
        "metadata": {
            "user_api_key_alias": f"{person.github_login}-laptop",
            "user_api_key_team_alias": team,
            "user_api_key_team_id": f"team-{team}",
            "spend_logs_metadata": None,
            "usage_object": usage,
        },
        "cache_hit": "False",
        "session_id": f"sess-{token(rng, 12)}",
        "status": "success",
    }


def _json_line(record: dict[str, object]) -> str:
    """The record as compact JSON with `spend` a JSON number of the Decimal's own digits (json cannot write a
    Decimal, and a float would be a binary approximation of it)."""
    spend = f"{record['spend']:f}"
    text = json.dumps({**record, "spend": spend}, separators=(",", ":"))
    return text.replace(f'"spend":"{spend}"', f'"spend":{spend}', 1)


def _in_flight(pulls: list[PullRequest], day: date) -> PullRequest | None:
    """The person's merged PR open that day (the latest started), whose branch the requests are tagged with."""
    open_then = [p for p in pulls if p.merged and p.created.date() <= day <= p.merged.date()]
    return max(open_then, key=lambda p: (p.created, p.number), default=None)


def write_litellm(org: Org, work: Work, seed: int, out_dir: Path) -> list[Path]:
    rng = sub_rng(seed, "litellm")
    by_month: dict[str, list[dict[str, object]]] = {month: [] for month in DEMO_MONTHS}
    for person in gateway_people(org, seed):
        key_hash = f"{rng.getrandbits(256):064x}"
        pulls = [p for p in work.pulls if p.author is person]
        day = PERIOD_START
        while day < PERIOD_END - timedelta(days=1):  # the last day's evening could pass the export moment
            if not is_weekend(day):
                pull = _in_flight(pulls, day)
                tag = f"pr:{pull.repo}#{pull.number}" if pull else None
                for _ in range(rng.randint(2, 6) if pull else rng.randint(0, 2)):
                    by_month[day.strftime("%Y-%m")].append(_request(rng, person, key_hash, day, tag))
            day += timedelta(days=1)
    paths = []
    for month, requests in by_month.items():
        requests.sort(key=lambda r: (str(r["startTime"]), str(r["request_id"])))
        path = out_dir / "litellm" / f"spend_logs_{month}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = "".join(_json_line(r) + "\n" for r in requests)
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths
