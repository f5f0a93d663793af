"""Fixed facts of the demo organisation: teams, names, work vocabulary, and the issues with their own budget.

Kept apart from the generators so that a reader can see the whole cast in one place, and so the README can
quote it without running anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Team:
    team_id: str
    name: str
    cost_center: str
    jira_key: str
    repo: str | None  # None: the team ships no code (support)
    size: int
    profile: str  # "eng", "support" or "tokenmax": drives AI usage and outcome volume
    nouns: tuple[str, ...]  # what the team's issues and PRs talk about


# A table, so it stays one team per row: team_id | name | cost centre | Jira key | repo | size | profile.
_TEAM_TABLE = """
payments     | Payments         | CC-101 | PAY   | acme/payments | 24 | eng
billing-ops  | Billing Ops      | CC-102 | BOPS  | acme/payments | 12 | eng
search       | Search           | CC-103 | SRCH  | acme/search   | 22 | eng
data         | Data             | CC-104 | DATA  | acme/search   | 16 | eng
growth       | Growth           | CC-105 | GROW  | acme/search   | 14 | eng
platform     | Platform         | CC-106 | PLAT  | acme/platform | 20 | eng
infra        | Infrastructure   | CC-107 | INFRA | acme/platform | 14 | eng
identity     | Identity         | CC-108 | IDN   | acme/platform | 12 | eng
security     | Security         | CC-109 | SEC   | acme/platform | 10 | eng
mobile       | Mobile           | CC-110 | MOB   | acme/mobile   | 18 | eng
support      | Customer Support | CC-120 | SUP   |               | 24 | support
research-lab | Research Lab     | CC-130 | LAB   | acme/platform |  8 | tokenmax
"""
# What each team's issues and PRs talk about.
_TEAM_NOUNS = {
    "payments": "invoice preview, proration, refund flow, payment intent, card vault, settlement report",
    "billing-ops": "dunning emails, tax export, credit notes, billing alerts, ledger reconciliation",
    "search": "query parser, ranking model, synonym index, autocomplete, facet counts, reindex job",
    "data": "event pipeline, warehouse sync, dbt models, feature store, backfill job",
    "growth": "onboarding funnel, referral codes, pricing page, trial banner, experiment flags",
    "platform": "service mesh, config loader, rate limiter, job scheduler, feature flags, API gateway",
    "infra": "terraform modules, node pools, backup policy, CI runners, log shipping",
    "identity": "SSO login, SCIM sync, session tokens, MFA enrolment, password reset",
    "security": "secret scanning, audit log, dependency pins, WAF rules, access reviews",
    "mobile": "offline cache, push notifications, checkout screen, deep links, crash reporting",
    "support": "refund request, login problem, invoice question, plan change, data export",
    "research-lab": "agent harness, eval suite, long-context prototype, planner experiment, retrieval study",
}


def _parse_teams(table: str) -> tuple[Team, ...]:
    teams = []
    for line in table.strip().splitlines():
        team_id, name, cost_center, jira_key, repo, size, profile = (cell.strip() for cell in line.split("|"))
        nouns = tuple(noun.strip() for noun in _TEAM_NOUNS[team_id].split(","))
        teams.append(Team(team_id, name, cost_center, jira_key, repo or None, int(size), profile, nouns))
    return tuple(teams)


TEAMS: tuple[Team, ...] = _parse_teams(_TEAM_TABLE)

# Each team's lead is its first member; every lead reports to the platform lead (the VP of engineering here),
# who has no manager in the directory.
TOP_TEAM = "platform"

# Where people sit (UTC offset in hours) and which offset Jira prints for them. Fixed offsets on purpose: the
# demo is about UTC normalisation, not daylight-saving rules. Repeats weight the draw towards Europe.
LOCATIONS: tuple[tuple[float, str], ...] = (
    (2, "+0200"), (2, "+0200"), (2, "+0200"), (1, "+0100"), (0, "+0000"), (0, "+0000"),
    (-4, "-0400"), (-7, "-0700"), (5.5, "+0530"), (9, "+0900"),
)  # fmt: skip

FIRST_NAMES: tuple[str, ...] = (
    "Aiko", "Amara", "Anders", "Ana", "Arjun", "Astrid", "Ben", "Bianca", "Bruno", "Carmen", "Chen",
    "Chloé", "Dara", "David", "Diego", "Elif", "Elena", "Emeka", "Emma", "Erik", "Fatima", "Felix", "Freya",
    "Gabriel", "Hana", "Hugo", "Ines", "Ivan", "Jakub", "Jana", "Javier", "Jin", "Jonas", "Julia", "Kai",
    "Kamal", "Karin", "Kenji", "Lars", "Laura", "Leila", "Liam", "Lina", "Luca", "Maja", "Malik", "Marco",
    "Maria", "Mateo", "Mei", "Nadia", "Niamh", "Nikolai", "Noah", "Nora", "Olga", "Omar", "Oskar", "Priya",
    "Rafael", "Ravi", "Rosa", "Ruth", "Sami", "Sara", "Sofia", "Stefan", "Tariq", "Tomás", "Uma", "Vera",
    "Viktor", "Wei", "Yara", "Yusuf", "Zoë", "Zainab", "Paulo", "Ingrid", "Hamid",
)  # fmt: skip
LAST_NAMES: tuple[str, ...] = (
    "Adeyemi", "Andersson", "Bauer", "Becker", "Bianchi", "Brennan", "Carvalho", "Castro", "Chowdhury",
    "Costa", "Dubois", "Eriksen", "Fischer", "Fontaine", "García", "Gupta", "Haddad", "Hansen", "Horvath",
    "Ibrahim", "Ivanova", "Jensen", "Kato", "Kim", "Kowalski", "Kumar", "Larsen", "Lindqvist", "Lopez",
    "Mahmoud", "Martin", "Moreau", "Müller", "Nakamura", "Nguyen", "Novak", "Okafor", "Olsen", "Ortiz",
    "Park", "Patel", "Petrov", "Quinn", "Rahman", "Rossi", "Sato", "Schmidt", "Silva", "Singh", "Sousa",
    "Tanaka", "Torres", "Varga", "Vogel", "Walsh", "Weber", "Yilmaz", "Zhang", "Zielinski", "Öztürk",
)  # fmt: skip

VERBS: tuple[str, ...] = (
    "Fix", "Add", "Refactor", "Speed up", "Harden", "Clean up", "Migrate", "Document", "Retry", "Cache",
    "Validate", "Split", "Instrument", "Simplify",
)  # fmt: skip
SUPPORT_SUBJECTS: tuple[str, ...] = (
    "Customer cannot complete {}", "Question about {}", "Escalation: {} failing", "Follow-up on {}",
    "Urgent: {} blocked", "Enterprise customer asks about {}",
)  # fmt: skip
COPILOT_TASKS: tuple[str, ...] = (
    "Fix flaky test in", "Add missing type hints to", "Bump lint config for", "Add unit tests for",
    "Remove dead code in", "Fix typo in docs for",
)  # fmt: skip


@dataclass(frozen=True)
class FocusIssue:
    """An issue with its own Anthropic workspace or OpenAI project, so its cost carries the outcome key."""

    key: str
    team_id: str
    summary: str
    created: date
    resolved: date
    provider: str  # "anthropic" (workspace) or "openai" (project)
    container_id: str
    slug: str
    assignee_index: int  # which member of the team works it (0 is the lead)


FOCUS_ISSUES: tuple[FocusIssue, ...] = (
    FocusIssue(key="PAY-312", team_id="payments", summary="Migrate invoice proration to ledger v2",
               created=date(2026, 9, 21), resolved=date(2026, 10, 6), provider="anthropic",
               container_id="wrkspc_01Mig_PAY-312", slug="proration", assignee_index=1),
    FocusIssue(key="SRCH-207", team_id="search", summary="Reindex catalogue with hybrid embeddings",
               created=date(2026, 8, 10), resolved=date(2026, 9, 4), provider="anthropic",
               container_id="wrkspc_01Reindex_SRCH-207", slug="hybrid-reindex", assignee_index=3),
    FocusIssue(key="PAY-318", team_id="payments", summary="Parse supplier invoices into line items",
               created=date(2026, 9, 8), resolved=date(2026, 10, 20), provider="openai",
               container_id="proj_PAY-318_invoice_parser", slug="invoice-parser", assignee_index=2),
)  # fmt: skip

# The one person who changes team mid-quarter (search -> research-lab), a joiner and a leaver.
SWITCH = ("search", 5, "research-lab", date(2026, 9, 14))
JOINER = ("data", date(2026, 9, 7))
LEAVER = ("mobile", 4, date(2026, 10, 1))
