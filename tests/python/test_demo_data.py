"""The demo generator writes real-format files that hold the stories the demo promises.

These tests read the files back with the standard library only, independently of the generator's internals,
and check what the rest of costper relies on: determinism, exact money strings, provider self-consistency,
and the organisation's stories (a team switch, unknown keys, a tokenmaxxing team, outcome-keyed workspaces).
"""

from __future__ import annotations

import csv
import json
import re
import statistics
from collections import Counter, defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ingest.demo import DEMO_AS_OF, DEMO_MONTHS, generate

PERIOD_START = datetime(2026, 8, 1, tzinfo=UTC)
PERIOD_END = datetime.fromisoformat(f"{DEMO_AS_OF}T00:00:00+00:00")
GH_FIELDS = {"number", "url", "title", "state", "author", "createdAt", "mergedAt", "closedAt", "headRefName",
             "baseRefName", "labels", "isDraft", "body", "additions", "deletions", "changedFiles"}  # fmt: skip
OUTCOME_KEY = re.compile(r"(?<![A-Za-z0-9])([A-Z][A-Z0-9]{1,9}-[1-9][0-9]*)(?![0-9])")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    out_dir = tmp_path_factory.mktemp("demo")
    return out_dir, generate(out_dir)


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _results(out_dir: Path, pattern: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(bucket, result) pairs over every page matching pattern."""
    return [(bucket, result) for path in sorted(out_dir.glob(pattern)) for bucket in _json(path)["data"]
            for result in bucket["results"]]  # fmt: skip


def _aliases(out_dir: Path) -> dict[tuple[str, str], dict[str, str]]:
    return {(row["kind"], row["value"]): row for row in _csv(out_dir / "aliases.csv")}


def _team_on(people: list[dict[str, str]], person_id: str, day: str) -> str | None:
    for row in people:
        in_stint = row["valid_from"] <= day and (not row["valid_to"] or day < row["valid_to"])
        if row["person_id"] == person_id and in_stint:
            return row["team_id"]
    return None


def test_files_come_in_load_order_with_the_documented_layout(demo):
    out_dir, paths = demo
    assert [path.name for path in paths[:2]] == ["people.csv", "aliases.csv"]
    assert all(path.is_file() and path.is_relative_to(out_dir) for path in paths)
    by_folder = Counter(path.parent.name for path in paths[2:])
    assert by_folder["anthropic"] == by_folder["openai"] == 2 * len(DEMO_MONTHS)
    assert by_folder["jira"] >= 10 and by_folder["github"] >= 4
    assert (by_folder["aws"], by_folder["litellm"], by_folder["seats"]) == (3, 3, 1)
    assert by_folder["zendesk"] == 2 * len(DEMO_MONTHS)  # an incremental tickets page and a metrics page a month
    assert len(list((out_dir / "github").glob("*_gh_pr_list.json"))) == 1


def test_same_seed_gives_byte_identical_files_and_another_seed_does_not(demo, tmp_path):
    out_dir, paths = demo
    again = generate(tmp_path / "again")
    assert [p.relative_to(tmp_path / "again") for p in again] == [p.relative_to(out_dir) for p in paths]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(paths, again, strict=True))
    other = generate(tmp_path / "other", seed=7)
    assert (tmp_path / "other" / "aliases.csv").read_bytes() != (out_dir / "aliases.csv").read_bytes()
    assert len(other) > 20


def test_anthropic_cost_amounts_are_cent_decimal_strings(demo):
    costs = _results(demo[0], "anthropic/cost_report_*.json")
    assert costs
    assert all(isinstance(r["amount"], str) and re.fullmatch(r"\d+\.\d{1,6}", r["amount"]) for _, r in costs)
    assert {r["currency"] for _, r in costs} == {"USD"}
    web = [r for _, r in costs if r["cost_type"] == "web_search"]
    assert web and all(r["model"] is None and r["token_type"] is None for r in web)


def test_anthropic_cost_is_usage_times_one_price_per_model_and_token_type(demo):
    tokens: dict[tuple[str, str | None, str, str], int] = defaultdict(int)
    for bucket, r in _results(demo[0], "anthropic/usage_report_*.json"):
        model = re.sub(r"-\d{8}$", "", r["model"])
        key = (bucket["starting_at"], r["workspace_id"], model)
        tokens[(*key, "uncached_input_tokens")] += r["uncached_input_tokens"]
        tokens[(*key, "cache_read_input_tokens")] += r["cache_read_input_tokens"]
        tokens[(*key, "output_tokens")] += r["output_tokens"]
        for ttl, count in r["cache_creation"].items():
            tokens[(*key, f"cache_creation.{ttl}")] += count
    prices: dict[tuple[str, str], set[Decimal]] = defaultdict(set)
    unbacked = 0
    for bucket, r in _results(demo[0], "anthropic/cost_report_*.json"):
        if r["cost_type"] != "tokens":
            continue
        count = tokens.get((bucket["starting_at"], r["workspace_id"], r["model"], r["token_type"]), 0)
        if count == 0:
            unbacked += 1  # billed on a workspace-day with no usage: allowed, and must exist
            continue
        prices[(r["model"], r["token_type"])].add(Decimal(r["amount"]) / count)
    assert unbacked >= 2
    assert len(prices) >= 12 and all(len(unit_prices) == 1 for unit_prices in prices.values())


def test_openai_usage_totals_and_costs_agree(demo):
    usage = {}
    for bucket, r in _results(demo[0], "openai/usage_completions_*.json"):
        assert r["object"] == "organization.usage.completions.result"
        parts = r["input_uncached_tokens"] + r["input_cached_tokens"] + r["input_cache_write_tokens"]
        assert r["input_tokens"] == parts
        assert bucket["end_time"] - bucket["start_time"] == 86400 and bucket["start_time"] % 86400 == 0
        for piece, field in (("input", "input_uncached_tokens"), ("cached input", "input_cached_tokens"),
                             ("output", "output_tokens")):  # fmt: skip
            usage[(bucket["start_time"], r["project_id"], r["api_key_id"], f"{r['model']}, {piece}")] = r[field]
    costs = _results(demo[0], "openai/costs_*.json")
    assert len(costs) == len(usage)
    for bucket, r in costs:
        assert r["object"] == "organization.costs.result" and r["quantity_unit"] == "tokens"
        assert isinstance(r["amount"]["value"], str) and r["amount"]["currency"] == "usd"
        assert usage[(bucket["start_time"], r["project_id"], r["api_key_id"], r["line_item"])] == r["quantity"]


def test_people_include_a_team_switcher_who_keeps_their_logins(demo):
    out_dir = demo[0]
    people = _csv(out_dir / "people.csv")
    rows_by_person = defaultdict(list)
    for row in people:
        rows_by_person[row["person_id"]].append(row)
    assert 150 <= len(rows_by_person) <= 250
    switchers = [rows for rows in rows_by_person.values() if len(rows) == 2]
    assert len(switchers) == 1
    first, second = sorted(switchers[0], key=lambda row: row["valid_from"])
    assert first["valid_to"] == second["valid_from"] and first["team_id"] != second["team_id"]
    assert DEMO_MONTHS[0] < first["valid_to"][:7] <= DEMO_MONTHS[-1]
    logins = [a for a in _csv(out_dir / "aliases.csv") if a["person_id"] == first["person_id"]]
    assert {a["kind"] for a in logins} >= {"github_login", "jira_account", "api_key"}
    assert sum(a["kind"] == "github_login" for a in logins) == 1


def test_every_alias_has_exactly_one_owner_and_a_known_kind(demo):
    rows = _csv(demo[0] / "aliases.csv")
    assert all(bool(row["person_id"]) != bool(row["team_id"]) for row in rows)
    assert {row["kind"] for row in rows} == {
        "api_key", "github_login", "jira_account", "workspace", "project",
        "gateway_user", "zendesk_user", "cloud_principal", "cloud_account",
    }  # fmt: skip
    shared_keys = [row for row in rows if row["kind"] == "api_key" and row["team_id"]]
    assert len(shared_keys) >= 4


def test_some_keys_with_spend_have_no_alias(demo):
    out_dir = demo[0]
    aliases = _aliases(out_dir)
    spending = {r["api_key_id"] for _, r in _results(out_dir, "anthropic/usage_report_*.json") if r["api_key_id"]}
    spending |= {r["api_key_id"] for _, r in _results(out_dir, "openai/usage_completions_*.json")}
    unknown = {key for key in spending if ("api_key", key) not in aliases}
    assert any(key.startswith("apikey_") for key in unknown) and any(key.startswith("key_") for key in unknown)


def _outcomes_by_team(out_dir: Path, people: list[dict[str, str]]) -> Counter[str]:
    """Merged PRs (both GitHub shapes) and Done Jira issues, credited to the author's team on that day."""
    aliases = _aliases(out_dir)
    credited: Counter[str] = Counter()

    def credit(kind: str, value: str, day: str) -> None:
        alias = aliases.get((kind, value))
        team = alias and _team_on(people, alias["person_id"], day)
        if team:
            credited[team] += 1

    for path in out_dir.glob("github/*_pulls_page*.json"):
        for pull in _json(path):
            if pull["merged_at"]:
                credit("github_login", pull["user"]["login"], pull["merged_at"][:10])
    for path in out_dir.glob("github/*_gh_pr_list.json"):
        for pull in _json(path):
            if pull["mergedAt"]:
                credit("github_login", pull["author"]["login"], pull["mergedAt"][:10])
    for path in out_dir.glob("jira/search_page*.json"):
        for issue in _json(path)["issues"]:
            fields = issue["fields"]
            if (fields["resolution"] or {}).get("name") == "Done" and fields["assignee"]:
                day = datetime.fromisoformat(fields["resolutiondate"]).astimezone(UTC).date().isoformat()
                credit("jira_account", fields["assignee"]["accountId"], day)
    return credited


def test_one_team_spends_far_more_per_outcome_than_the_rest(demo):
    out_dir = demo[0]
    people = _csv(out_dir / "people.csv")
    aliases = _aliases(out_dir)
    # Billed Anthropic cost of each team's own workspace: a floor for what the team spends.
    spend: dict[str, Decimal] = defaultdict(Decimal)
    for _, r in _results(out_dir, "anthropic/cost_report_*.json"):
        alias = aliases.get(("workspace", r["workspace_id"] or ""))
        if alias:
            spend[alias["team_id"]] += Decimal(r["amount"]) / 100
    outcomes = _outcomes_by_team(out_dir, people)
    per_outcome = {team: spend[team] / outcomes[team] for team in spend if outcomes[team]}
    heaviest = max(per_outcome, key=per_outcome.__getitem__)
    assert heaviest == "research-lab"
    assert per_outcome[heaviest] > 5 * statistics.median(per_outcome.values())


def test_outcome_keyed_workspaces_and_projects_point_at_resolved_issues(demo):
    out_dir = demo[0]
    containers = {r["workspace_id"] for _, r in _results(out_dir, "anthropic/cost_report_*.json")}
    containers |= {r["project_id"] for _, r in _results(out_dir, "openai/costs_*.json")}
    keyed = {match.group(1) for box in containers if box for match in OUTCOME_KEY.finditer(box)}
    assert len(keyed) >= 2
    resolved = {
        issue["key"]: issue["fields"]["resolutiondate"]
        for path in out_dir.glob("jira/search_page*.json")
        for issue in _json(path)["issues"]
        if (issue["fields"]["resolution"] or {}).get("name") == "Done"
    }
    for key in keyed:
        assert PERIOD_START <= datetime.fromisoformat(resolved[key]) < PERIOD_END


def test_jira_pages_chain_and_use_mixed_offsets(demo):
    pages = sorted(demo[0].glob("jira/search_page*.json"), key=lambda p: int(re.findall(r"\d+", p.name)[-1]))
    payloads = [_json(path) for path in pages]
    assert [p["isLast"] for p in payloads] == [False] * (len(pages) - 1) + [True]
    assert all(p.get("nextPageToken") for p in payloads[:-1]) and "nextPageToken" not in payloads[-1]
    assert all("total" not in p and "startAt" not in p and len(p["issues"]) <= 100 for p in payloads)
    stamps = [i["fields"]["created"] for p in payloads for i in p["issues"]]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d{4}", s) for s in stamps)
    assert len({s[-5:] for s in stamps}) >= 3
    issues = [i for p in payloads for i in p["issues"]]
    assert len({i["id"] for i in issues}) == len({i["key"] for i in issues}) == len(issues)
    resolved = [i["fields"]["resolutiondate"] for p in payloads for i in p["issues"] if i["fields"]["resolutiondate"]]
    assert all(PERIOD_START <= datetime.fromisoformat(s) < PERIOD_END for s in resolved)
    assert any(i["fields"]["assignee"] and "emailAddress" not in i["fields"]["assignee"]
               for p in payloads for i in p["issues"])  # fmt: skip


def test_github_shapes_times_and_ai_evidence(demo):
    out_dir = demo[0]
    rest = [pull for path in out_dir.glob("github/*_pulls_page*.json") for pull in _json(path)]
    assert all(len(_json(path)) <= 100 for path in out_dir.glob("github/*_pulls_page*.json"))
    gh = _json(next(out_dir.glob("github/*_gh_pr_list.json")))
    assert all(set(pull) == GH_FIELDS for pull in gh)
    assert {pull["state"] for pull in gh} == {"OPEN", "CLOSED", "MERGED"}
    assert {pull["state"] for pull in rest} == {"open", "closed"}
    assert len({pull["html_url"] for pull in rest} | {pull["url"] for pull in gh}) == len(rest) + len(gh)
    stamps = [pull[k] for pull in rest for k in ("created_at", "merged_at") if pull[k]]
    stamps += [pull[k] for pull in gh for k in ("createdAt", "mergedAt") if pull[k]]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", s) for s in stamps)
    for pull in rest:
        if pull["merged_at"]:
            assert pull["created_at"] <= pull["merged_at"] == pull["closed_at"] < DEMO_AS_OF
    assert any(p["user"] == {"login": "Copilot", "id": 198982749, "node_id": "BOT_kgDOC9w8XQ", "type": "Bot",
                             "site_admin": False} for p in rest)  # fmt: skip
    assert any(p["author"] == {"login": "app/copilot-swe-agent", "is_bot": True} for p in gh)
    evidence = [
        any(label["name"] == "ai-assisted" for label in p["labels"])
        or "Generated with [Claude Code]" in (p["body"] or "")
        or p.get("user", {}).get("type") == "Bot"
        or p.get("author", {}).get("is_bot") is True
        for p in [*rest, *gh]
    ]
    assert 0.3 <= sum(evidence) / len(evidence) <= 0.5
    assert any(re.fullmatch(r"[a-z0-9]+/[A-Z]+-\d+-[a-z0-9-]+", p["head"]["ref"]) for p in rest)


def test_billed_totals_per_provider_are_exact_and_plausible(demo):
    out_dir = demo[0]
    anthropic = sum((Decimal(r["amount"]) for _, r in _results(out_dir, "anthropic/cost_report_*.json")),
                    Decimal(0)) / 100  # fmt: skip
    openai = sum((Decimal(r["amount"]["value"]) for _, r in _results(out_dir, "openai/costs_*.json")), Decimal(0))
    assert Decimal(50_000) < anthropic < Decimal(400_000)
    assert Decimal(1_000) < openai < anthropic
    assert date.fromisoformat(DEMO_AS_OF) == PERIOD_END.date()


def test_every_invoice_is_its_bill_rounded_to_cents(demo):
    """AWS's invoice is every CUR line of the month (EC2, S3, support fee and credit too); GitHub's, the seats at 19."""
    out_dir = demo[0]
    invoices = {(r["provider"], r["month"]): r for r in _csv(out_dir / "invoices.csv")}
    assert {p for p, _ in invoices} == {"anthropic", "aws", "github", "openai"}
    seats = _csv(out_dir / "seats" / "copilot_seats.csv")
    assert len({s["email"] for s in seats}) == len(seats) > 100
    for month in DEMO_MONTHS:
        lines = _csv(out_dir / "aws" / f"cur_{month}.csv")
        assert {line["bill_billing_period_start_date"][:7] for line in lines} == {month}
        total = sum((Decimal(line["line_item_unblended_cost"]) for line in lines), Decimal(0))
        assert invoices[("aws", month)]["amount"] == f"{total.quantize(Decimal('0.01'))}"
        kinds = Counter(line["line_item_line_item_type"] for line in lines)
        assert kinds["Fee"] == 1 and kinds["Credit"] == (month == "2026-09")
        held = [s for s in seats if s["valid_from"][:7] <= month < s["valid_to"][:7]]
        assert invoices[("github", month)]["amount"] == f"{sum(Decimal(s['seat_cost']) for s in held):.2f}"
    assert invoices[("aws", "2026-09")]["credits"] == "250.00"


def test_gateway_requests_name_merged_prs_of_their_engineer(demo):
    out_dir = demo[0]
    aliases = _aliases(out_dir)
    merged = {f"{p['base']['repo']['full_name']}#{p['number']}": p["user"]["login"]
              for path in out_dir.glob("github/*_pulls_page*.json") for p in _json(path) if p["merged_at"]}  # fmt: skip
    merged |= {f"{'/'.join(p['url'].split('/')[3:5])}#{p['number']}": p["author"]["login"]
               for p in _json(next(out_dir.glob("github/*_gh_pr_list.json"))) if p["mergedAt"]}  # fmt: skip
    logins = {row["person_id"]: row["value"] for (kind, _), row in aliases.items() if kind == "github_login"}
    requests = [json.loads(line) for path in sorted(out_dir.glob("litellm/*.jsonl")) for line in path.open()]
    tagged = [r for r in requests if r["request_tags"]]
    assert len(tagged) > len(requests) / 2
    for request in requests:
        person = aliases[("gateway_user", request["user"])]["person_id"]
        for tag in request["request_tags"]:
            assert merged[tag.removeprefix("pr:")] == logins[person], tag  # the PR is merged, and the engineer's own


def test_tickets_are_solved_by_support_agents(demo):
    out_dir = demo[0]
    people = _csv(out_dir / "people.csv")
    aliases = _aliases(out_dir)
    tickets = [t for path in sorted(out_dir.glob("zendesk/incremental_tickets_*.json")) for t in _json(path)["tickets"]]
    metrics = {m["ticket_id"]: m for path in sorted(out_dir.glob("zendesk/ticket_metrics_*.json"))
               for m in _json(path)["ticket_metrics"]}  # fmt: skip
    assert len(tickets) == len(metrics) == len({t["id"] for t in tickets}) > 1000
    for ticket in tickets:
        solved = metrics[ticket["id"]]["solved_at"]
        assert (solved is None) == (ticket["status"] == "open")
        if solved:
            agent = aliases[("zendesk_user", str(ticket["assignee_id"]))]["person_id"]
            assert _team_on(people, agent, solved[:10]) == "support" and solved < DEMO_AS_OF
