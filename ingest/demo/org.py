"""Builds the demo organisation: people and their mid-quarter moves, workspaces, projects, then keys."""

from __future__ import annotations

import random
import unicodedata
import uuid
from datetime import date

from ingest.demo._common import sub_rng, token
from ingest.demo.catalog import (
    FIRST_NAMES,
    FOCUS_ISSUES,
    JOINER,
    LAST_NAMES,
    LEAVER,
    LOCATIONS,
    SWITCH,
    TEAMS,
)
from ingest.demo.keys import OPENAI_TEAMS, build_keys
from ingest.demo.model import Container, Org, Person, Stint

EMAIL_DOMAIN = "acme.example"


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _people(rng: random.Random) -> tuple[list[Person], dict[str, list[Person]]]:
    pairs = [(first, last) for first in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(pairs)
    logins: set[str] = set()
    people: list[Person] = []
    by_team: dict[str, list[Person]] = {}
    for team in TEAMS:
        for index in range(team.size):
            first, last = pairs[len(people)]
            if (team.team_id, index) == ("payments", 1):
                # Mira Kovacs works PAY-312 in the reference docs' examples; keep her so the demo reads alike.
                first, last = "Mira", "Kovacs"
            login = _ascii(f"{first[0]}{last}").lower().replace(" ", "")
            while login in logins:
                login += str(rng.randint(1, 9))
            logins.add(login)
            hours, offset = rng.choice(LOCATIONS)
            if (first, last) == ("Mira", "Kovacs"):
                hours, offset = LOCATIONS[0]  # Berlin, as in the docs' example timestamps
            person = Person(
                person_id=f"E{10001 + len(people)}",
                display_name=f"{first} {last}",
                email=f"{_ascii(first).lower()}.{_ascii(last).lower()}@{EMAIL_DOMAIN}",
                github_login=login if team.profile != "support" else None,
                jira_account=f"712020:{uuid.UUID(int=rng.getrandbits(128), version=4)}",
                utc_offset=hours,
                jira_offset=offset,
                shows_email_in_jira=rng.random() < 0.12,
                intensity=round(rng.lognormvariate(0.0, 0.55), 3),
                start=date(rng.choice((2022, 2023, 2024, 2025)), rng.randint(1, 12), 1),
                end=None,
            )
            person.stints.append(Stint(team.team_id, person.start, None))
            people.append(person)
            by_team.setdefault(team.team_id, []).append(person)
    return people, by_team


def _apply_moves(by_team: dict[str, list[Person]]) -> Person:
    """Mid-quarter changes a real directory shows: one team switch, one joiner, one leaver."""
    from_team, index, to_team, switch_day = SWITCH
    switcher = by_team[from_team][index]
    switcher.stints = [Stint(from_team, switcher.start, switch_day), Stint(to_team, switch_day, None)]
    by_team[to_team].append(switcher)

    joiner = by_team[JOINER[0]][-1]
    joiner.start = JOINER[1]
    joiner.stints = [Stint(JOINER[0], JOINER[1], None)]

    leaver = by_team[LEAVER[0]][LEAVER[1]]
    leaver.end = LEAVER[2]
    leaver.stints = [Stint(LEAVER[0], leaver.stints[0].valid_from, LEAVER[2])]
    return switcher


def _containers(rng: random.Random) -> list[Container]:
    containers = [
        Container(f"wrkspc_01{token(rng, 22)}", "anthropic", f"{team.name} workspace", team.team_id)
        for team in TEAMS
        if team.team_id != "security"  # security works in the default workspace
    ]
    containers += [
        Container(f"proj_{token(rng, 24)}", "openai", f"{team.name} project", team.team_id)
        for team in TEAMS
        if team.team_id in OPENAI_TEAMS
    ]
    # OpenAI always has a default project; here nobody claimed it, so it gets no alias.
    containers.append(Container(f"proj_{token(rng, 24)}", "openai", "Default project", None))
    containers += [
        Container(issue.container_id, issue.provider, f"{issue.key} {issue.summary}", issue.team_id, issue.key)
        for issue in FOCUS_ISSUES
    ]
    return containers


def build_org(seed: int) -> Org:
    rng = sub_rng(seed, "org")
    people, by_team = _people(rng)
    switcher = _apply_moves(by_team)
    leads = {team_id: members[0] for team_id, members in by_team.items()}
    focus = {issue.key: by_team[issue.team_id][issue.assignee_index] for issue in FOCUS_ISSUES}
    containers = _containers(rng)
    keys = build_keys(rng, people, by_team, containers, focus)
    return Org({t.team_id: t for t in TEAMS}, people, containers, keys, leads, switcher, focus)
