"""Plans the quarter's issues and pull requests, person by person and working day by working day.

Rates are per working day and depend on the team the person is in *that day*, so the team switcher, the joiner
and the leaver get outcomes exactly where the directory says they worked.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ingest.demo._common import DEMO_MONTHS, is_weekend, midnight_utc, month_days, period_days, sub_rng
from ingest.demo.catalog import COPILOT_TASKS, FOCUS_ISSUES
from ingest.demo.model import Org, Person
from ingest.demo.work import (
    AS_OF,
    FIRST_NUMBER,
    LABELS,
    Issue,
    PullRequest,
    Work,
    human_pull,
    moment_on,
    open_issue,
    resolved_issue,
    slug,
)

WORKDAYS_PER_MONTH = 21.5


@dataclass(frozen=True)
class Rates:
    """Expected counts per month; turned into per-working-day chances."""

    resolved_issues: float
    merged_pulls: float
    abandoned_pulls: float
    opened_issues: float


RATES = {
    "eng": Rates(4.0, 6.5, 0.35, 0.8),
    "tokenmax": Rates(0.5, 1.5, 0.2, 0.5),  # lots of tokens, very little shipped
    "support": Rates(20.0, 0.0, 0.0, 0.6),
}
LINKED_SHARE = 0.7  # share of delivered engineering issues whose PR branch names the issue


def _count(rng: random.Random, per_month: float) -> int:
    expected = per_month / WORKDAYS_PER_MONTH
    return int(expected) + (rng.random() < expected - int(expected))


def _person_day(org: Org, rng: random.Random, work: Work, person: Person, day: date, has_claude: bool) -> None:
    team_id = person.team_on(day)
    if team_id is None:
        return
    team = org.teams[team_id]
    rates = RATES[team.profile]
    for _ in range(_count(rng, rates.resolved_issues)):
        issue = resolved_issue(rng, team, person, moment_on(rng, day, person))
        work.issues.append(issue)
        if team.repo and issue.resolution == "Done" and issue.resolved and rng.random() < LINKED_SHARE:
            merged = issue.resolved - timedelta(minutes=rng.randint(20, 2 * 24 * 60))
            if merged <= issue.created:
                merged = issue.created + (issue.resolved - issue.created) * 0.6
            created = max(issue.created + timedelta(minutes=10), merged - timedelta(hours=rng.uniform(1, 168)))
            work.pulls.append(human_pull(rng, team, person, has_claude, created, merged, merged, issue))
    if team.repo is not None:
        unlinked = max(0.0, rates.merged_pulls - rates.resolved_issues * LINKED_SHARE * 0.9)
        for _ in range(_count(rng, unlinked)):
            merged = moment_on(rng, day, person)
            created = merged - timedelta(hours=rng.uniform(1, 168))
            work.pulls.append(human_pull(rng, team, person, has_claude, created, merged, merged))
        for _ in range(_count(rng, rates.abandoned_pulls)):
            created = moment_on(rng, day, person)
            closed: datetime | None = created + timedelta(hours=rng.uniform(2, 120))
            work.pulls.append(
                human_pull(
                    rng,
                    team,
                    person,
                    has_claude,
                    created,
                    None,
                    closed if closed and closed < AS_OF else None,
                )
            )
    for _ in range(_count(rng, rates.opened_issues)):
        work.issues.append(open_issue(rng, team, person, moment_on(rng, day, person)))


def _work_in_progress(org: Org, rng: random.Random, work: Work, person: Person, has_claude: bool) -> None:
    """Open PRs at the export moment: branches started in the last days of October."""
    last_days = [d for d in month_days(DEMO_MONTHS[-1])[-8:] if not is_weekend(d) and person.team_on(d)]
    if not last_days or rng.random() >= 0.6:
        return
    team = org.teams[person.team_on(last_days[-1]) or ""]
    if team.repo:
        work.pulls.append(
            human_pull(rng, team, person, has_claude, moment_on(rng, rng.choice(last_days), person), None, None)
        )


def _focus_work(org: Org, work: Work) -> None:
    """Issues with their own workspace/project, on the timeline of the reference docs' PAY-312 example."""
    for focus in FOCUS_ISSUES:
        person = org.focus_assignees[focus.key]
        team = org.teams[focus.team_id]
        created = midnight_utc(focus.created) + timedelta(hours=8, minutes=2, seconds=13, milliseconds=4)
        resolved = midnight_utc(focus.resolved) + timedelta(hours=14, minutes=20, seconds=45, milliseconds=871)
        issue = Issue(
            team.jira_key,
            focus.summary,
            "Story",
            created,
            resolved + timedelta(seconds=0.241),
            resolved,
            "Done",
            "Done",
            "done",
            person,
            ["ai-workspace"],
            8.0,
            number=int(focus.key.split("-")[1]),
        )
        merged = resolved - timedelta(minutes=17, seconds=34, milliseconds=871)
        pull_created = merged - timedelta(days=4, hours=5, minutes=21, seconds=52)
        footer = "\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)"
        assert team.repo is not None
        work.issues.append(issue)
        work.pulls.append(
            PullRequest(
                team.repo,
                focus.summary,
                focus.slug,
                f"{focus.summary}.",
                person,
                pull_created,
                merged,
                merged,
                False,
                ["ai-assisted"],
                640,
                212,
                14,
                issue,
                False,
                footer if focus.provider == "anthropic" else "",
            )
        )


def _copilot_pulls(org: Org, rng: random.Random, work: Work) -> None:
    """The Copilot coding agent: about 7% of each repo's merged PRs, plus a draft or two still open."""
    humans = [pull for pull in work.pulls if pull.author is not None and pull.merged is not None]
    for repo in sorted({pull.repo for pull in humans}):
        for month in DEMO_MONTHS:
            pulls = [p for p in humans if p.repo == repo and p.merged and p.merged.strftime("%Y-%m") == month]
            for index in range(round(len(pulls) * 0.07) + (month == DEMO_MONTHS[-1]) * 2):
                requester = rng.choice(pulls).author
                assert requester is not None and requester.github_login is not None
                day = rng.choice([d for d in month_days(month) if not is_weekend(d)])
                team = org.teams[requester.team_on(day) or requester.stints[-1].team_id]
                title = f"{rng.choice(COPILOT_TASKS)} {rng.choice(team.nouns)}"
                still_open = index >= round(len(pulls) * 0.07)
                moment = moment_on(rng, day, requester)
                created = moment - timedelta(hours=rng.uniform(1, 72))
                text = f"{title}.\n\nCopilot coding agent task requested by @{requester.github_login}."
                work.pulls.append(
                    PullRequest(
                        repo,
                        title,
                        slug(title),
                        text,
                        None,
                        created,
                        None if still_open else moment,
                        None if still_open else moment,
                        still_open,
                        rng.sample(LABELS, rng.randint(0, 1)),
                        rng.randint(3, 120),
                        rng.randint(0, 40),
                        rng.randint(1, 6),
                    )
                )


def _backlog(org: Org, rng: random.Random, work: Work) -> None:
    days = list(period_days())
    for team in org.teams.values():
        for _ in range(3):
            created = midnight_utc(rng.choice(days)) + timedelta(hours=rng.uniform(7, 17))
            issue = open_issue(rng, team, None, min(created, AS_OF - timedelta(hours=1)))
            issue.status, issue.status_category = "To Do", "new"
            work.issues.append(issue)


def _number(work: Work) -> None:
    """Numbers follow creation order per project / repo, skipping numbers the focus issues already hold."""
    taken = {(issue.project_key, issue.number) for issue in work.issues if issue.number}
    counters: dict[str, int] = {}
    for issue in sorted(work.issues, key=lambda i: (i.created, i.summary)):
        if issue.number:
            continue
        number = counters.get(issue.project_key, 100) + 1
        while (issue.project_key, number) in taken:
            number += 1
        counters[issue.project_key] = issue.number = number
    for offset, issue in enumerate(sorted(work.issues, key=lambda i: (i.created, i.key))):
        issue.issue_id = str(10001 + offset)
    by_repo: dict[str, int] = {}
    for pull in sorted(work.pulls, key=lambda p: (p.created, p.slug)):
        by_repo[pull.repo] = by_repo.get(pull.repo, FIRST_NUMBER[pull.repo]) + 1
        pull.number = by_repo[pull.repo]


def plan_work(org: Org, seed: int) -> Work:
    rng = sub_rng(seed, "work")
    claude_users = {key.person_id for key in org.keys if key.provider == "anthropic" and key.person_id}
    work = Work()
    _focus_work(org, work)
    for person in org.people:
        has_claude = person.person_id in claude_users
        for day in period_days():
            if not is_weekend(day):
                _person_day(org, rng, work, person, day, has_claude)
        _work_in_progress(org, rng, work, person, has_claude)
    _copilot_pulls(org, rng, work)
    _backlog(org, rng, work)
    _number(work)
    return work
