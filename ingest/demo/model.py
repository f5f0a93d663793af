"""The demo organisation's entities: people over time, workspaces/projects, API keys, the org holding them.

Only facts a real company's directory and provider consoles would hold live here; how much each principal
spends is decided by the provider modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ingest.demo.catalog import TOP_TEAM, Team


@dataclass(frozen=True)
class Stint:
    team_id: str
    valid_from: date
    valid_to: date | None  # exclusive


@dataclass
class Person:
    person_id: str
    display_name: str
    email: str
    github_login: str | None
    jira_account: str
    utc_offset: float  # hours, for working-hour timestamps
    jira_offset: str  # how Jira prints their times ("+0200")
    shows_email_in_jira: bool
    intensity: float  # personal AI appetite, multiplies token volumes
    start: date  # first day in the directory (alias validity starts here)
    end: date | None  # exclusive; None = still employed
    stints: list[Stint] = field(default_factory=list)

    def team_on(self, day: date) -> str | None:
        for stint in self.stints:
            if stint.valid_from <= day and (stint.valid_to is None or day < stint.valid_to):
                return stint.team_id
        return None


@dataclass(frozen=True)
class Container:
    """An Anthropic workspace or an OpenAI project."""

    container_id: str
    provider: str
    display_name: str
    team_id: str | None  # None: the default workspace/project nobody claimed
    outcome_key: str | None = None


@dataclass(frozen=True)
class ApiKey:
    key_id: str
    provider: str
    container_id: str | None  # None: Anthropic default workspace
    role: str  # personal | outcome | ci_bot | triage_bot | forgotten
    person_id: str | None = None
    team_id: str | None = None
    valid_from: date = date(2026, 1, 5)
    valid_to: date | None = None  # exclusive
    outcome_key: str | None = None
    note: str = ""

    @property
    def has_alias(self) -> bool:
        return self.role != "forgotten"

    def active_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


@dataclass
class Org:
    teams: dict[str, Team]
    people: list[Person]
    containers: list[Container]
    keys: list[ApiKey]
    leads: dict[str, Person]
    switcher: Person
    focus_assignees: dict[str, Person]
    _by_id: dict[str, Person] = field(default_factory=dict, repr=False)

    def person(self, person_id: str) -> Person:
        if not self._by_id:
            self._by_id.update((person.person_id, person) for person in self.people)
        return self._by_id[person_id]

    def members(self, team_id: str) -> list[Person]:
        return [person for person in self.people if any(s.team_id == team_id for s in person.stints)]


def manager_email(org: Org, person: Person, team_id: str) -> str:
    lead = org.leads[team_id]
    if lead is not person:
        return lead.email
    top = org.leads[TOP_TEAM]
    return "" if top is person else top.email
