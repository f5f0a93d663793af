"""How much AI each kind of principal uses on a day: the behavioural model shared by both providers.

A profile says how often a principal is active and how big its days are; the provider modules turn a
(profile, day) draw into their own token fields. Volumes are per model-day and calibrated so that a typical
engineer costs roughly USD 100-200 a month on Anthropic, and a research-lab "tokenmaxxer" about 8x that.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from ingest.demo._common import PERIOD_START, is_weekend
from ingest.demo.catalog import FOCUS_ISSUES
from ingest.demo.model import ApiKey, Org


@dataclass(frozen=True)
class Profile:
    weekday: float  # chance of any use on a working day
    weekend: float
    models: tuple[tuple[str, float, float], ...]  # (model, chance it is used on an active day, volume scale)
    output: int  # median output tokens per model-day at scale 1
    web_search: float  # chance of web searches on a model-day (Anthropic only)
    cache_1h: float  # chance that a given key writes 1-hour cache at all


TEAM_PROFILE = {"eng": "dev", "support": "light", "tokenmax": "heavy"}


@dataclass(frozen=True)
class Runaway:
    """A key whose agent loops for one day: every model-day of that key-day is `factor` times its usual size."""

    provider: str
    team_id: str
    role: str
    day: date
    factor: float


# The demo's one spend anomaly (mart_spend_anomalies): the payments CI review bot re-reviews in a loop all day,
# 40 times its usual volume (about $1,070 against a median day of $17), far above the mart's default minimum
# excess of 500: the key alerts, and so do its team's and its workspace's daily series that day.
RUNAWAY_AGENT = Runaway("anthropic", "payments", "ci_bot", date(2026, 10, 14), 40.0)


def runaway_factor(key: ApiKey, day: date) -> float:
    spike = RUNAWAY_AGENT
    hit = (key.provider, key.team_id, key.role, day) == (spike.provider, spike.team_id, spike.role, spike.day)
    return spike.factor if hit else 1.0


def personal_profile(org: Org, key: ApiKey, day: date) -> str | None:
    """The owner's team on that day decides the profile: the team switcher's habits change with the team."""
    if key.person_id is None:
        return None
    person = org.person(key.person_id)
    team_id = person.team_on(day)
    if team_id is None:
        return None
    return TEAM_PROFILE[org.teams[team_id].profile]


def growth(day: date) -> float:
    """Adoption grows about 8% a month over the quarter, so budgets and anomalies have a trend to read."""
    return 1.0 + 0.08 * (day - PERIOD_START).days / 30


def is_active(rng: random.Random, profile: Profile, day: date) -> bool:
    return rng.random() < (profile.weekend if is_weekend(day) else profile.weekday)


def day_volume(rng: random.Random, profile: Profile, scale: float, intensity: float, day: date) -> int:
    """Output tokens of one model-day: lognormal noise and a growth trend. The one spike is RUNAWAY_AGENT's."""
    # This draw once decided a random 6x spike on any key-day; it is still drawn so every later draw, and with
    # them the rest of the demo's figures, stay where they were. Random spikes would be anomalies on normal days.
    rng.random()
    noise = rng.lognormvariate(0.0, 0.45)
    return max(1, int(profile.output * scale * intensity * growth(day) * noise))


def key_intensity(org: Org, key: ApiKey) -> float:
    if key.person_id is None:
        return 1.0
    person = org.person(key.person_id)
    # A key dedicated to one outcome is worked hard whatever its owner's usual appetite.
    return max(1.0, person.intensity) if key.role == "outcome" else person.intensity


def profile_for(org: Org, key: ApiKey, day: date) -> str | None:
    """Which usage profile a key follows on a day: none while inactive; a dedicated key only while its
    issue is open; a personal key by its owner's team; a bot key by its role."""
    if not key.active_on(day):
        return None
    if key.role == "personal":
        return personal_profile(org, key, day)
    if key.role == "outcome":
        issue = next(issue for issue in FOCUS_ISSUES if issue.key == key.outcome_key)
        return "focus" if issue.created <= day <= issue.resolved else None
    return key.role
