"""API keys of the demo organisation: personal keys, shared bot keys, outcome-dedicated keys, forgotten keys.

A key lives in one workspace (Anthropic) or project (OpenAI), as the real consoles enforce. Forgotten keys
get no alias at all, so their spend has no known principal; that is the demo's "unknown key" case.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

from ingest.demo._common import token
from ingest.demo.catalog import FOCUS_ISSUES, SWITCH, TEAMS
from ingest.demo.model import ApiKey, Container, Person

# Teams whose engineers get personal OpenAI keys in a team project; everyone else is mostly on Anthropic.
OPENAI_TEAMS = ("data", "growth", "mobile", "research-lab", "support")


def _anthropic_key(rng: random.Random) -> str:
    return f"apikey_01{token(rng, 22)}"


def _openai_key(rng: random.Random) -> str:
    return f"key_{token(rng, 16)}"


def _personal_keys(rng: random.Random, people: list[Person], containers: list[Container]) -> list[ApiKey]:
    team_box = {(c.provider, c.team_id): c.container_id for c in containers if c.outcome_key is None}
    keys: list[ApiKey] = []
    for person in people:
        home = person.stints[0].team_id
        profile = next(team.profile for team in TEAMS if team.team_id == home)
        window = {
            "person_id": person.person_id,
            "valid_from": max(person.start, date(2026, 1, 5)),
            "valid_to": person.end,
        }
        wants_anthropic = rng.random() < {"eng": 0.86, "support": 0.25, "tokenmax": 1.0}[profile]
        if wants_anthropic:
            # Research-lab keys all live in the lab's workspace; elsewhere some people never left the default.
            in_team = profile == "tokenmax" or (rng.random() < 0.7 and ("anthropic", home) in team_box)
            workspace = team_box[("anthropic", home)] if in_team else None
            keys.append(ApiKey(_anthropic_key(rng), "anthropic", workspace, "personal", **window))
        openai_share = 1.0 if profile == "tokenmax" else 0.55 if home in OPENAI_TEAMS else 0.06
        if profile != "support" and rng.random() < openai_share:
            project = team_box.get(("openai", home)) or team_box[("openai", None)]
            keys.append(ApiKey(_openai_key(rng), "openai", project, "personal", **window))
    return keys


def _rotate_and_move_keys(
    keys: list[ApiKey], rng: random.Random, by_team: dict[str, list[Person]], containers: list[Container]
) -> None:
    """Key lifecycles a console shows: a rotation, and the team switcher's key moved to the new workspace."""
    rotate_day = date(2026, 9, 30)
    platform_ids = {person.person_id for person in by_team["platform"][1:]}
    rotating = next(key for key in keys if key.person_id in platform_ids and key.provider == "anthropic")
    _replace(keys, rotating, rotate_day, rotating.container_id, rng, "rotated")

    from_team, index, to_team, switch_day = SWITCH
    switcher_id = by_team[from_team][index].person_id
    lab_workspace = next(
        c.container_id for c in containers if (c.provider, c.team_id, c.outcome_key) == ("anthropic", to_team, None)
    )
    moving = next((key for key in keys if key.person_id == switcher_id and key.provider == "anthropic"), None)
    if moving is None:
        keys.append(
            ApiKey(
                _anthropic_key(rng),
                "anthropic",
                lab_workspace,
                "personal",
                switcher_id,
                valid_from=switch_day,
                note=f"joined {to_team}",
            )
        )
    else:
        _replace(keys, moving, switch_day, lab_workspace, rng, f"moved to {to_team}")


def _replace(
    keys: list[ApiKey], old: ApiKey, day: date, container_id: str | None, rng: random.Random, why: str
) -> None:
    index = keys.index(old)
    keys[index] = replace(old, valid_to=day, note=f"revoked {day.isoformat()} ({why})")
    keys.insert(
        index + 1,
        replace(
            old,
            key_id=_anthropic_key(rng),
            container_id=container_id,
            valid_from=day,
            note=f"replaces {old.key_id}",
        ),
    )


def _key_id(provider: str, rng: random.Random) -> str:
    return _anthropic_key(rng) if provider == "anthropic" else _openai_key(rng)


# Keys a team owns and no person does: (provider, team, role, created, note), in creation order.
_TEAM_BOTS = (
    *(("anthropic", team, "ci_bot", date(2026, 3, 2), f"{team} CI review bot")
      for team in ("payments", "search", "platform", "mobile")),
    ("anthropic", "support", "triage_bot", date(2026, 4, 13), "ticket triage bot"),
    ("openai", "support", "triage_bot", date(2026, 4, 13), "ticket triage bot (fallback)"),
    ("openai", "mobile", "ci_bot", date(2026, 5, 4), "mobile screenshot diff bot"),
)  # fmt: skip


def _shared_keys(rng: random.Random, containers: list[Container], org_focus: dict[str, Person]) -> list[ApiKey]:
    box = {(c.provider, c.team_id): c.container_id for c in containers if c.outcome_key is None}
    keys = [
        ApiKey(
            _key_id(provider, rng),
            provider,
            box[(provider, team)],
            role,
            team_id=team,
            valid_from=since,
            note=note,
        )
        for provider, team, role, since, note in _TEAM_BOTS
    ]
    for issue in FOCUS_ISSUES:
        keys.append(
            ApiKey(
                _key_id(issue.provider, rng),
                issue.provider,
                issue.container_id,
                "outcome",
                person_id=org_focus[issue.key].person_id,
                valid_from=issue.created,
                outcome_key=issue.key,
                note=f"dedicated key for {issue.key}",
            )
        )
    # Forgotten keys: in the unclaimed default workspace/project and in no alias, so nobody owns their spend.
    keys += [
        ApiKey(_anthropic_key(rng), "anthropic", None, "forgotten", valid_from=date(2025, 11, 3)) for _ in range(2)
    ]
    keys.append(ApiKey(_openai_key(rng), "openai", box[("openai", None)], "forgotten", valid_from=date(2025, 6, 9)))
    return keys


def build_keys(
    rng: random.Random,
    people: list[Person],
    by_team: dict[str, list[Person]],
    containers: list[Container],
    focus: dict[str, Person],
) -> list[ApiKey]:
    keys = _personal_keys(rng, people, containers)
    _rotate_and_move_keys(keys, rng, by_team, containers)
    return keys + _shared_keys(rng, containers, focus)
