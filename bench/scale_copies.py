"""k internally consistent copies of the demo company, for the build benchmark.

Copy 0 is the demo as generated; copy i renames every identifier a join depends on, the same way in every file:
people, teams and cost centres (kept with shared_teams: teams grow k times instead of multiplying), API keys,
workspaces, projects, accounts, GitHub logins and repositories, Jira
project keys, issue ids and account ids, e-mails, AWS accounts and IAM principals, gateway request ids and users,
Zendesk ticket and agent ids (numbers, moved by a stride). The directory and seats CSVs are snapshots (a newer file
replaces the older), so all copies' people, aliases and seats go into one people.csv, aliases.csv and seats CSV.
The default workspace (null) gets an explicit id in copies, else one copy's restatement of the default workspace
would replace another's.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

from ingest.demo.catalog import TEAMS

_JIRA_PROJECTS = {team.jira_key for team in TEAMS if team.jira_key}
_JIRA_KEY = re.compile(r"(?<![A-Za-z0-9])(" + "|".join(sorted(_JIRA_PROJECTS)) + r")-(\d+)")
# a repository: in a URL, or as owner/name on its own (a PR's full name, a gateway or resource tag "pr:acme/x#1")
_REPO = re.compile(r"(github\.com/acme/|(?<![A-Za-z0-9._/-])acme/)([a-z0-9._-]+)")
_EMAIL = re.compile(r"([a-z0-9._+-]+)@acme\.example")
_ID_KEYS = {"api_key_id", "workspace_id", "account_id", "service_account_id", "project_id", "user_id", "accountId",
            "request_id", "user"}  # fmt: skip
# Zendesk's ids are numbers (BIGINT): a copy's tickets, metric sets and agents move by this much per copy
_ZENDESK_STRIDE = 10_000_000
_ZENDESK_IDS = {
    ("id", "tickets"),
    ("assignee_id", "tickets"),
    ("id", "ticket_metrics"),
    ("ticket_id", "ticket_metrics"),
}
# the AWS CUR columns a join or a natural key depends on (accounts scope a billing period's restatement)
_CUR_IDS = ("identity_line_item_id", "bill_payer_account_id", "line_item_usage_account_id", "line_item_iam_principal")
_SCOPE_KEYS = {"workspace_id": "wrkspc_default", "project_id": "proj_default"}
_AGENT_LOGIN = re.compile(r"^(app/|copilot$|copilot-swe-agent|devin|claude|cursor)", re.I)
_ID_ALIAS_KINDS = {"api_key", "workspace", "project", "service_account", "account", "jira_account", "cloud_principal",
                   "cloud_account", "gateway_user", "cursor_user", "linear_user"}  # fmt: skip
# snapshot CSVs (a newer file replaces the older): every copy's rows go into one file
_SNAPSHOTS = ("people.csv", "aliases.csv", "copilot_seats.csv")


class Renamer:
    def __init__(self, copy: int, shared_teams: bool = False) -> None:
        self.copy = copy
        self.shared_teams = shared_teams  # copies join the same teams: teams k times larger

    def text(self, value: str) -> str:
        """Identifiers inside free text: Jira keys, repositories, e-mails."""
        value = _JIRA_KEY.sub(lambda m: f"{m.group(1)}C{self.copy}-{m.group(2)}", value)
        value = _REPO.sub(lambda m: f"{m.group(1)}{m.group(2)}-c{self.copy}", value)
        return _EMAIL.sub(lambda m: f"{m.group(1)}.c{self.copy}@acme.example", value)

    def ident(self, value: str) -> str:
        return f"{self.text(value)}_c{self.copy}"

    def login(self, value: str) -> str:
        return value if _AGENT_LOGIN.match(value) else f"{value}-c{self.copy}"

    def json(self, node: Any, key: str | None = None, parent_key: str | None = None) -> Any:
        if isinstance(node, dict):
            renamed = {k: self.json(v, k, key) for k, v in node.items()}
            for scope, default in _SCOPE_KEYS.items():  # Anthropic / OpenAI result rows only
                if scope in renamed and renamed[scope] is None and ("amount" in node or "model" in node):
                    renamed[scope] = f"{default}_c{self.copy}"
            return renamed
        if isinstance(node, list):
            return [self.json(v, key, parent_key) for v in node]
        if isinstance(node, int) and (key, parent_key) in _ZENDESK_IDS:
            return node + self.copy * _ZENDESK_STRIDE
        if not isinstance(node, str):
            return node
        if key in _ID_KEYS:
            return self.ident(node)
        if key == "login":
            return self.login(node)
        if key == "key" and parent_key == "project" and node in _JIRA_PROJECTS:
            return f"{node}C{self.copy}"
        if key == "id" and parent_key in (None, "issues"):  # a Jira issue's own id (its natural key)
            return f"{node}c{self.copy}"
        return self.text(node)

    def csv_row(self, row: dict[str, str]) -> dict[str, str]:
        out = dict(row)
        for column in ("person_id",) if self.shared_teams else ("person_id", "team_id", "cost_center"):
            if out.get(column):
                out[column] = f"{out[column]}-c{self.copy}"
        if out.get("team_name") and not self.shared_teams:
            out["team_name"] = f"{out['team_name']} c{self.copy}"
        for column in ("email", "manager_email"):
            if out.get(column):
                out[column] = self.text(out[column])
        if "kind" in out and out.get("value"):
            kind, value = out["kind"], out["value"]
            if kind in _ID_ALIAS_KINDS:
                out["value"] = self.ident(value)
            elif kind == "zendesk_user":
                out["value"] = str(int(value) + self.copy * _ZENDESK_STRIDE)
            elif kind == "github_login":
                out["value"] = self.login(value)
            else:
                out["value"] = self.text(value)
        return out

    def cur_row(self, row: dict[str, str]) -> dict[str, str]:
        out = {column: self.ident(v) if column in _CUR_IDS and v else v for column, v in row.items()}
        out["resource_tags"] = self.text(row["resource_tags"])  # a PR named in a tag
        return out


def _json_values(path: Path) -> list[Any]:
    # money given as JSON numbers keeps its exact text (written back as a string, which costper reads exactly)
    decoder, text, values, position = json.JSONDecoder(parse_float=Decimal), path.read_text(), [], 0
    while position < len(text):
        if text[position].isspace():
            position += 1
            continue
        value, position = decoder.raw_decode(text, position)
        values.append(value)
    return values


def write_copies(demo_dir: Path, out_dir: Path, copies: int, shared_teams: bool = False) -> list[Path]:
    """Write `copies` copies of the demo files under out_dir; returns the files in load order. shared_teams: every
    copy's people, keys and repositories join the demo's own teams (k-times-larger teams, same team count)."""
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    directory: dict[str, list[dict[str, str]]] = {name: [] for name in _SNAPSHOTS}
    headers: dict[str, list[str]] = {}
    files: list[Path] = []
    for copy in range(copies):
        renamer = Renamer(copy, shared_teams)
        for path in sorted(demo_dir.rglob("*")):
            if not path.is_file():
                continue
            relative = path.relative_to(demo_dir)
            target = out_dir / f"c{copy}" / relative
            if path.suffix == ".csv" and path.name.startswith("cur_"):  # an AWS bill: one per copy, renamed
                with path.open(newline="") as f:
                    reader = csv.DictReader(f)
                    rows = [row if copy == 0 else renamer.cur_row(row) for row in reader]
                target.parent.mkdir(parents=True, exist_ok=True)
                with target.open("w", newline="") as f:
                    writer = csv.DictWriter(f, fieldnames=list(reader.fieldnames or []))
                    writer.writeheader()
                    writer.writerows(rows)
                files.append(target)
                continue
            if path.suffix == ".csv":
                if path.name not in directory:
                    continue  # invoices.csv: k copies' bill is no one invoice; it reconciles to the cost exports
                with path.open(newline="") as f:
                    reader = csv.DictReader(f)
                    headers[path.name] = list(reader.fieldnames or [])
                    directory[path.name] += [row if copy == 0 else renamer.csv_row(row) for row in reader]
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            values = _json_values(path) if copy else None
            if values is None:
                shutil.copyfile(path, target)
            else:
                target.write_text("\n".join(json.dumps(renamer.json(v), default=str) for v in values))
            files.append(target)
    for name, rows in directory.items():
        if name not in headers:
            continue  # a demo without seats
        target = out_dir / name
        with target.open("w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=headers[name])
            writer.writeheader()
            writer.writerows(rows)
    seats = [out_dir / "copilot_seats.csv"] if "copilot_seats.csv" in headers else []
    return [out_dir / "people.csv", out_dir / "aliases.csv", *seats, *files]
