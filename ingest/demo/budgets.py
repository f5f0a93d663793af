"""The demo's budgets CSV: a USD budget per team and demo month, and one cost centre's, as finance sets them.

Each budget is set from its scope's billed cost of the month, summed exactly from the files just written and
attributed as the warehouse does (README "Money and attribution"): an Anthropic cost line spread over the usage
rows of its day, workspace, model and token type in proportion to their tokens; an OpenAI line on its key; a key
to its person's team on the day, else to the team its alias names, else to its workspace's or project's team; the
AWS bill's AI lines on their IAM principal's alias; a Copilot seat's fee over its month's days, on its holder.
Budgets are whole hundreds: in the last demo month OVER_TEAM spent more than its budget (about 111%) and
WARNING_TEAM about 90% of its budget (alert 'warning' at the default 80%); every other budget is at most 60%.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from pathlib import Path

from ingest.demo._common import DEMO_MONTHS, month_days

OVER_TEAM = "research-lab"  # the tokenmaxxing team
WARNING_TEAM = "payments"
COST_CENTER = "CC-101"  # one cost centre's budget beside the teams', with a threshold of its own
COST_CENTER_ALERT_AT_PCT = "90"
# spend / budget aimed at: over, warning, and everyone else
OVER_SHARE, WARNING_SHARE, OK_SHARE = Decimal("0.9"), Decimal("0.9"), Decimal("0.6")
HUNDRED = Decimal(100)
_USAGE_TOKENS = ("uncached_input_tokens", "cache_read_input_tokens", "output_tokens")


def _dated_rows(path: Path) -> dict[str, list[dict[str, str]]]:
    """key value -> its rows of a directory CSV (people by person_id, aliases by value)."""
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    with path.open(newline="") as f:
        for row in csv.DictReader(f):
            rows[row.get("person_id") if "kind" not in row else row["value"]].append(row)
    return rows


def _on(rows: list[dict[str, str]], day: date) -> dict[str, str] | None:
    """The row valid on the day ([valid_from, valid_to), the latest valid_from first), as the warehouse picks it."""
    on = day.isoformat()
    valid = [r for r in rows if r["valid_from"] <= on and (not r["valid_to"] or on < r["valid_to"])]
    return max(valid, key=lambda r: r["valid_from"], default=None)


class _Directory:
    """Who was behind a principal on a day, and which team and cost centre that charges."""

    def __init__(self, out_dir: Path) -> None:
        self.people = _dated_rows(out_dir / "people.csv")
        self.aliases = _dated_rows(out_dir / "aliases.csv")
        # a team's cost centre is its latest stretch's (dim_team)
        stretches = sorted((row for rows in self.people.values() for row in rows), key=lambda r: r["valid_from"])
        self.team_cost_centers = {row["team_id"]: row["cost_center"] for row in stretches}

    def charged(self, principal: str | None, container: str | None, day: date) -> tuple[str | None, str | None]:
        """(team, cost centre) the principal's cost of that day goes to: its person's, else its own, else its
        container's (workspace or project) team."""
        alias = _on(self.aliases.get(principal or "", []), day)
        # a seat names its holder (by email, which people.csv resolves): the principal is then the person id
        person_id = alias["person_id"] if alias and alias["person_id"] else None
        if person_id is None and principal in self.people:
            person_id = principal
        if person_id:
            stretch = _on(self.people.get(person_id, []), day)
            if stretch:
                return stretch["team_id"], stretch["cost_center"]
        team = alias["team_id"] if alias and alias["team_id"] else None
        if team is None:
            box = _on(self.aliases.get(container or "", []), day)
            team = box["team_id"] if box and box["team_id"] else None
        return team, self.team_cost_centers.get(team or "")


def _page_rows(path: Path) -> Iterator[tuple[date, dict]]:
    page = json.loads(path.read_text(), parse_float=Decimal)
    for bucket in page["data"]:
        start = bucket.get("starting_at") or bucket.get("start_time")
        # Anthropic's buckets start at an RFC 3339 day, OpenAI's at Unix seconds
        day = date.fromisoformat(start[:10]) if isinstance(start, str) else datetime.fromtimestamp(start, UTC).date()
        for result in bucket["results"]:
            yield day, result


def _model_key(model: str | None) -> str | None:
    return re.sub(r"-[0-9]{8}$", "", model.lower()) if model else None


def _anthropic_shares(out_dir: Path, month: str) -> Iterator[tuple[date, str | None, str | None, Decimal]]:
    """(day, principal, workspace, dollars): each cost line spread over its usage rows by tokens."""
    usage: dict[tuple, list[tuple[str | None, int]]] = defaultdict(list)
    for day, row in _page_rows(out_dir / f"anthropic/usage_report_{month}.json"):
        tokens = {name: row[name] for name in _USAGE_TOKENS}
        for ttl, count in row["cache_creation"].items():
            tokens[f"cache_creation.{ttl}"] = count
        for token_type, count in tokens.items():
            usage[(day, row["workspace_id"], _model_key(row["model"]), token_type)].append((row["api_key_id"], count))
        # a web search line names no model: it matches the day's searches of every model
        usage[(day, row["workspace_id"], None, "web_search")].append(
            (row["api_key_id"], row["server_tool_use"]["web_search_requests"])
        )
    for day, line in _page_rows(out_dir / f"anthropic/cost_report_{month}.json"):
        dollars = Decimal(line["amount"]) / 100
        group = (day, line["workspace_id"], _model_key(line["model"]), line["token_type"] or line["cost_type"])
        weights = [(key, count) for key, count in usage.get(group, []) if count > 0]
        total = sum(count for _, count in weights)
        if not total:
            yield day, None, line["workspace_id"], dollars
        for key, count in weights:
            yield day, key, line["workspace_id"], dollars * count / total


def _openai_shares(out_dir: Path, month: str) -> Iterator[tuple[date, str | None, str | None, Decimal]]:
    for day, line in _page_rows(out_dir / f"openai/costs_{month}.json"):
        yield day, line["api_key_id"], line["project_id"], Decimal(line["amount"]["value"])


def _aws_shares(out_dir: Path, month: str) -> Iterator[tuple[date, str | None, str | None, Decimal]]:
    """The CUR's AI lines (Bedrock and its Marketplace models) on their IAM principal, else their account."""
    with (out_dir / f"aws/cur_{month}.csv").open(newline="") as f:
        for line in csv.DictReader(f):
            if (
                line["line_item_product_code"].startswith("AmazonBedrock")
                or "(Amazon Bedrock Edition)" in (line["line_item_line_item_description"])
            ):
                day = date.fromisoformat(line["line_item_usage_start_date"][:10])
                account = line["line_item_usage_account_id"]
                yield (
                    day,
                    line["line_item_iam_principal"] or account,
                    account,
                    Decimal(line["line_item_unblended_cost"]),
                )


def _seat_shares(out_dir: Path, month: str) -> Iterator[tuple[date, str | None, str | None, Decimal]]:
    """Each seat's monthly fee spread evenly over the month's days, on its holder's person id (as an alias would)."""
    by_email = {rows[0]["email"].lower(): person_id for person_id, rows in _dated_rows(out_dir / "people.csv").items()}
    days = month_days(month)
    with (out_dir / "seats/copilot_seats.csv").open(newline="") as f:
        for seat in csv.DictReader(f):
            if seat["valid_from"][:7] <= month < seat["valid_to"][:7]:
                for day in days:
                    yield day, by_email[seat["email"].lower()], None, Decimal(seat["seat_cost"]) / len(days)


def spend(out_dir: Path) -> dict[tuple[str, str, str], Decimal]:
    """(month, scope_kind, scope_id) -> billed dollars of team and cost centre scopes, from the files."""
    directory = _Directory(out_dir)
    totals: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
    for month in DEMO_MONTHS:
        for shares in (
            _anthropic_shares(out_dir, month),
            _openai_shares(out_dir, month),
            _aws_shares(out_dir, month),
            _seat_shares(out_dir, month),
        ):
            for day, principal, container, dollars in shares:
                team, cost_center = directory.charged(principal, container, day)
                if team:
                    totals[(month, "team", team)] += dollars
                if cost_center:
                    totals[(month, "cost_center", cost_center)] += dollars
    return totals


def _budget(month: str, kind: str, scope_id: str, dollars: Decimal) -> Decimal:
    if month == DEMO_MONTHS[-1] and (kind, scope_id) == ("team", OVER_TEAM):
        return (dollars * OVER_SHARE / HUNDRED).to_integral_value(ROUND_FLOOR) * HUNDRED
    share = WARNING_SHARE if month == DEMO_MONTHS[-1] and (kind, scope_id) == ("team", WARNING_TEAM) else OK_SHARE
    return (dollars / share / HUNDRED).to_integral_value(ROUND_CEILING) * HUNDRED


def write_budgets(out_dir: Path) -> list[Path]:
    """Write budgets.csv from the directory and cost files already under out_dir."""
    path = out_dir / "budgets.csv"
    with path.open("w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["scope_kind", "scope_id", "month", "amount", "currency", "alert_at_pct"])
        for (month, kind, scope_id), dollars in sorted(spend(out_dir).items()):
            if kind == "team" or scope_id == COST_CENTER:
                amount = f"{_budget(month, kind, scope_id, dollars):.2f}"
                alert_at_pct = COST_CENTER_ALERT_AT_PCT if kind == "cost_center" else ""
                writer.writerow([kind, scope_id, month, amount, "USD", alert_at_pct])
    return [path]
