"""costper's own directory CSVs for the demo organisation: people.csv and aliases.csv (see DESIGN.md)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ingest.demo._common import write_csv
from ingest.demo.catalog import FOCUS_ISSUES
from ingest.demo.model import Org, manager_email

PEOPLE_HEADER = (
    "person_id",
    "email",
    "display_name",
    "team_id",
    "team_name",
    "cost_center",
    "manager_email",
    "valid_from",
    "valid_to",
)
ALIASES_HEADER = ("kind", "value", "person_id", "team_id", "valid_from", "valid_to", "note")
# Workspaces and projects were set up when the company adopted the APIs, long before the demo quarter.
CONTAINERS_CREATED = date(2026, 1, 5)


def _iso(day: date | None) -> str:
    return "" if day is None else day.isoformat()


def people_rows(org: Org) -> list[list[str]]:
    rows = []
    for person in org.people:
        for stint in person.stints:
            team = org.teams[stint.team_id]
            rows.append(
                [
                    person.person_id,
                    person.email,
                    person.display_name,
                    team.team_id,
                    team.name,
                    team.cost_center,
                    manager_email(org, person, team.team_id),
                    _iso(stint.valid_from),
                    _iso(stint.valid_to),
                ]
            )
    return rows


def alias_rows(org: Org) -> list[list[str]]:
    rows = []
    for person in org.people:
        span = [_iso(person.start), _iso(person.end)]
        if person.github_login:
            rows.append(["github_login", person.github_login, person.person_id, "", *span, ""])
        rows.append(["jira_account", person.jira_account, person.person_id, "", *span, ""])
    for key in org.keys:
        if not key.has_alias:
            continue  # the forgotten keys: nobody registered them, which is the point
        owner = [key.person_id or "", key.team_id or ""]
        rows.append(["api_key", key.key_id, *owner, _iso(key.valid_from), _iso(key.valid_to), key.note])
    for box in org.containers:
        if box.team_id is None:
            continue
        kind = "workspace" if box.provider == "anthropic" else "project"
        created = next((i.created for i in FOCUS_ISSUES if i.key == box.outcome_key), CONTAINERS_CREATED)
        rows.append([kind, box.container_id, "", box.team_id, _iso(created), "", box.display_name])
    return rows


def write_directory(org: Org, out_dir: Path) -> list[Path]:
    return [
        write_csv(out_dir / "people.csv", PEOPLE_HEADER, people_rows(org)),
        write_csv(out_dir / "aliases.csv", ALIASES_HEADER, alias_rows(org)),
    ]
