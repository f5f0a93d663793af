"""The quarter's work: Jira issues and GitHub pull requests, planned together so they reference each other.

Many PRs sit on branches named after an issue ("mkovacs/PAY-312-proration") and merge shortly before that
issue is resolved, as in real teams: the evidence the `direct` and `person_in_flight` allocation methods use.
Keys and PR numbers are assigned only at the end, in creation order, like the real systems do.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from ingest.demo._common import (
    PERIOD_END,
    midnight_utc,
    work_moment,
)
from ingest.demo.catalog import SUPPORT_SUBJECTS, VERBS, Team
from ingest.demo.model import Person

AS_OF = midnight_utc(PERIOD_END)
SUFFIXES = ("", "", " timeout", " on retry", " for EU accounts", " edge cases", " in staging", " v2")
LABELS = ("backend", "frontend", "bug", "tech-debt", "dependencies", "needs-review")
FIRST_NUMBER = {"acme/payments": 4100, "acme/search": 2300, "acme/platform": 7800, "acme/mobile": 1200}


@dataclass
class Issue:
    project_key: str
    summary: str
    issuetype: str
    created: datetime
    updated: datetime
    resolved: datetime | None
    resolution: str | None
    status: str
    status_category: str  # new | indeterminate | done
    assignee: Person | None
    labels: list[str]
    story_points: float | None
    number: int = 0  # set in creation order by plan._number, unless fixed (the focus issues)
    issue_id: str = ""  # Jira's numeric id, also set by plan._number

    @property
    def key(self) -> str:
        return f"{self.project_key}-{self.number}"


@dataclass
class PullRequest:
    repo: str
    title: str
    slug: str
    text: str | None  # the description's own words; None = the author left the body empty
    author: Person | None  # None: the Copilot coding agent opened it
    created: datetime
    merged: datetime | None
    closed: datetime | None
    draft: bool
    labels: list[str]
    additions: int
    deletions: int
    changed_files: int
    issue: Issue | None = None  # the branch names this issue
    key_in_title: bool = False
    footer: str = ""  # AI-tool footer appended to the body
    number: int = 0

    @property
    def body(self) -> str | None:
        if self.text is None:
            return None
        closes = f"\n\nCloses {self.issue.key}" if self.issue else ""
        return f"{self.text}{closes}{self.footer}"

    @property
    def updated(self) -> datetime:
        # A label or comment after the merge moves updated_at; keep it before the export moment.
        last = self.closed or self.created
        return min(last + timedelta(minutes=len(self.slug) % 7 * 11), AS_OF - timedelta(seconds=1))

    @property
    def head_ref(self) -> str:
        if self.author is None:
            return f"copilot/{self.slug}"
        prefix = f"{self.issue.key}-" if self.issue else ""
        return f"{self.author.github_login}/{prefix}{self.slug}"

    @property
    def full_title(self) -> str:
        if self.issue is None:
            return self.title
        return f"{self.issue.key}: {self.title}" if self.key_in_title else f"{self.title} ({self.issue.key})"


@dataclass
class Work:
    issues: list[Issue] = field(default_factory=list)
    pulls: list[PullRequest] = field(default_factory=list)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


def moment_on(rng: random.Random, day: date, person: Person) -> datetime:
    moment = work_moment(rng, day, person.utc_offset)
    # West-coast evenings on the last day would land after the export; pull them back a day.
    return moment - timedelta(days=1) if moment >= AS_OF else moment


def _title(rng: random.Random, team: Team) -> str:
    if team.profile == "support":
        return rng.choice(SUPPORT_SUBJECTS).format(rng.choice(team.nouns))
    return f"{rng.choice(VERBS)} {rng.choice(team.nouns)}{rng.choice(SUFFIXES)}"


def resolved_issue(rng: random.Random, team: Team, person: Person, resolved: datetime) -> Issue:
    support = team.profile == "support"
    age = timedelta(hours=rng.uniform(1, 72)) if support else timedelta(days=rng.uniform(0.5, 20))
    outcome = rng.random()
    resolution, status = ("Done", "Done") if outcome < 0.9 else ("Won't Do", "Closed")
    if not support and outcome > 0.96:
        resolution, status = ("Duplicate", "Closed")
    if rng.random() < 0.01:
        resolution = None  # a workflow that reaches Done without setting a resolution (Jira pitfall)
    issuetype = "Service Request" if support else rng.choice(("Story", "Story", "Task", "Bug"))
    points = None if support or (issuetype == "Bug" and rng.random() < 0.6) else float(rng.choice((1, 2, 3, 5, 8)))
    updated = min(resolved + timedelta(minutes=rng.randint(0, 3 * 24 * 60)), AS_OF - timedelta(seconds=1))
    return Issue(
        team.jira_key,
        _title(rng, team),
        issuetype,
        resolved - age,
        updated,
        resolved if resolution else None,
        resolution,
        status,
        "done",
        person,
        rng.sample(LABELS[:4], rng.randint(0, 1)),
        points,
    )


def open_issue(rng: random.Random, team: Team, person: Person | None, created: datetime) -> Issue:
    status, category = rng.choice(
        (
            ("In Progress", "indeterminate"),
            ("In Progress", "indeterminate"),
            ("In Review", "indeterminate"),
            ("To Do", "new"),
        )
    )
    updated = min(created + timedelta(hours=rng.uniform(0, 240)), AS_OF - timedelta(seconds=1))
    return Issue(
        team.jira_key,
        _title(rng, team),
        rng.choice(("Story", "Task", "Bug")),
        created,
        updated,
        None,
        None,
        status,
        category,
        person,
        [],
        None,
    )


def _ai_footer(rng: random.Random, has_claude: bool) -> str:
    if rng.random() >= (0.32 if has_claude else 0.04):
        return ""
    link = "https://claude.ai/code" if rng.random() < 0.1 else "https://claude.com/claude-code"  # older builds
    return f"\n\n🤖 Generated with [Claude Code]({link})"


def human_pull(
    rng: random.Random,
    team: Team,
    person: Person,
    has_claude: bool,
    created: datetime,
    merged: datetime | None,
    closed: datetime | None,
    issue: Issue | None = None,
) -> PullRequest:
    assert team.repo is not None
    title = issue.summary if issue else _title(rng, team)
    labels = rng.sample(LABELS, rng.randint(0, 2))
    if team.repo in ("acme/payments", "acme/platform") and rng.random() < 0.22:
        labels.append("ai-assisted")  # only these two repos use the label convention
    additions = int(rng.lognormvariate(4.0, 1.1)) + 1
    return PullRequest(
        team.repo,
        title,
        slug(title),
        None if rng.random() < 0.12 else f"{title}.",
        person,
        created,
        merged,
        closed,
        draft=merged is None and closed is None and rng.random() < 0.3,
        labels=labels,
        additions=additions,
        deletions=int(additions * rng.uniform(0.1, 0.8)),
        changed_files=max(1, additions // 40 + rng.randint(0, 4)),
        issue=issue,
        key_in_title=rng.random() < 0.4,
        footer=_ai_footer(rng, has_claude),
    )
