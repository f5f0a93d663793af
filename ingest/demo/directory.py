"""costper's own directory CSVs for the demo organisation: people.csv and aliases.csv (see DESIGN.md)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ingest.demo._common import write_csv
from ingest.demo.aws_cur import AWS_ALIASES
from ingest.demo.catalog import FOCUS_ISSUES
from ingest.demo.litellm import gateway_people, gateway_user
from ingest.demo.model import Org, manager_email
from ingest.demo.zendesk import zendesk_user_ids

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


def source_alias_rows(org: Org, seed: int) -> list[list[str]]:
    """The gateway's, Zendesk's and AWS's principals, after the provider keys' (so those rows keep their order)."""
    rows = [
        ["gateway_user", gateway_user(p), p.person_id, "", _iso(p.start), _iso(p.end), "LiteLLM gateway user"]
        for p in gateway_people(org, seed)
    ]
    rows += [
        ["zendesk_user", str(user_id), person_id, "", _iso(org.person(person_id).start),
         _iso(org.person(person_id).end), "Zendesk agent"]
        for person_id, user_id in zendesk_user_ids(org).items()
    ]  # fmt: skip
    created = _iso(CONTAINERS_CREATED)
    rows += [[kind, value, "", team_id, created, "", note] for kind, value, team_id, note in AWS_ALIASES]
    return rows


def write_directory(org: Org, seed: int, out_dir: Path) -> list[Path]:
    return [
        write_csv(out_dir / "people.csv", PEOPLE_HEADER, people_rows(org)),
        write_csv(out_dir / "aliases.csv", ALIASES_HEADER, alias_rows(org) + source_alias_rows(org, seed)),
    ]
