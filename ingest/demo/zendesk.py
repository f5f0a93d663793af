"""The demo's Zendesk: Customer Support's tickets, as the incremental ticket export and ticket metrics pages.

Each support agent solves a few tickets a working day; about a third carry the `ai_agent` tag because the answer bot
(Claude on Bedrock, see aws_cur.py) drafted the reply. Tickets are exported by their last update, one incremental
page per month (the last with end_of_stream), and their solve times come from the ticket metrics pages, as a sync
that does not sideload metric_sets reads them. A few tickets are still open at the export. Agents' Zendesk user
ids are registered in aliases.csv (`zendesk_user`), so each solve reaches the agent's team: Support's AI spend
gets a cost per solved ticket.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from ingest.demo._common import DEMO_MONTHS, github_time, is_weekend, month_days, sub_rng, token, write_json
from ingest.demo.catalog import SUPPORT_SUBJECTS
from ingest.demo.model import Org, Person
from ingest.demo.work import AS_OF, moment_on

SUBDOMAIN = "acme"
FIRST_TICKET = 120001  # clear of the Zendesk fixtures' ids (8823x), which tests load beside the demo
FIRST_USER_ID = 3702100
AI_DRAFTED_SHARE = 0.35
_NOUNS = ("refund request", "login problem", "invoice question", "plan change", "data export")


def zendesk_user_ids(org: Org) -> dict[str, int]:
    """person_id -> Zendesk user id, for the support team's agents."""
    return {p.person_id: FIRST_USER_ID + i for i, p in enumerate(org.members("support"))}


def _ticket(ticket_id: int, agent_id: int, subject: str, created: datetime, updated: datetime, status: str,
            tags: list[str], rng: random.Random) -> dict[str, Any]:  # fmt: skip
    return {
        "url": f"https://{SUBDOMAIN}.zendesk.com/api/v2/tickets/{ticket_id}.json",
        "id": ticket_id,
        "status": status,
        "subject": subject,
        "type": "question" if rng.random() < 0.7 else "problem",
        "priority": rng.choice(("low", "normal", "normal", "high")),
        "assignee_id": agent_id,
        "group_id": 4410,
        "requester_id": 9200000 + rng.randint(1, 99999),
        "organization_id": None,
        "tags": tags,
        "via": {
            "channel": rng.choice(("email", "web", "native_messaging")),
            "source": {"from": {}, "to": {}, "rel": None},
        },
        "custom_fields": [],
        "created_at": github_time(created),
        "updated_at": github_time(updated),
        "generated_timestamp": int(updated.timestamp()),
    }


def _metrics(metric_id: int, ticket_id: int, created: datetime, solved: datetime | None) -> dict[str, Any]:
    minutes = None if solved is None else int((solved - created).total_seconds() // 60)
    moment = solved or created
    return {
        "id": metric_id,
        "ticket_id": ticket_id,
        "solved_at": None if solved is None else github_time(solved),
        "reopens": 0,
        "replies": 1 if solved is None else 2,
        "created_at": github_time(created),
        "updated_at": github_time(moment),
        "full_resolution_time_in_minutes": {"calendar": minutes, "business": minutes},
    }


def _agent_tickets(rng: random.Random, agent: Person) -> list[tuple[datetime, datetime | None]]:
    """(created, solved) of the agent's tickets: solves on working days, a couple still open at the export."""
    tickets: list[tuple[datetime, datetime | None]] = []
    for month in DEMO_MONTHS:
        for day in month_days(month):
            if is_weekend(day) or agent.team_on(day) != "support":
                continue
            for _ in range(rng.randint(1, 4)):
                solved = moment_on(rng, day, agent)
                tickets.append((solved - timedelta(minutes=rng.randint(20, 72 * 60)), solved))
    for _ in range(rng.randint(0, 2)):
        tickets.append((AS_OF - timedelta(minutes=rng.randint(60, 48 * 60)), None))
    return tickets


def write_zendesk(org: Org, seed: int, out_dir: Path) -> list[Path]:
    rng = sub_rng(seed, "zendesk")
    users = zendesk_user_ids(org)
    planned = [
        (created, solved, users[agent.person_id])
        for agent in org.members("support")
        for created, solved in _agent_tickets(rng, agent)
    ]
    planned.sort(key=lambda t: (t[0], t[2]))  # ids in creation order, as Zendesk numbers them
    pages: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {m: ([], []) for m in DEMO_MONTHS}
    for offset, (created, solved, agent_id) in enumerate(planned):
        ticket_id = FIRST_TICKET + offset
        subject = rng.choice(SUPPORT_SUBJECTS).format(rng.choice(_NOUNS))
        tags = ["ai_agent"] if solved and rng.random() < AI_DRAFTED_SHARE else []
        if solved is None:
            status, updated = "open", created + timedelta(minutes=5)
        elif solved + timedelta(days=4) < AS_OF:
            status, updated = "closed", solved + timedelta(days=4)  # Zendesk closes a solved ticket after 4 days
        else:
            status, updated = "solved", solved
        month = max(updated.strftime("%Y-%m"), DEMO_MONTHS[0])
        pages[min(month, DEMO_MONTHS[-1])][0].append(
            _ticket(ticket_id, agent_id, subject, created, updated, status, tags, rng)
        )
        pages[min(max((solved or created).strftime("%Y-%m"), DEMO_MONTHS[0]), DEMO_MONTHS[-1])][1].append(
            _metrics(7_700_000 + offset, ticket_id, created, solved)
        )
    paths = []
    for month, (tickets, metric_sets) in pages.items():
        tickets.sort(key=lambda t: (t["generated_timestamp"], t["id"]))
        last = month == DEMO_MONTHS[-1]
        cursor = token(rng, 28)
        paths.append(write_json(out_dir / "zendesk" / f"incremental_tickets_{month}.json", {
            "tickets": tickets,
            "after_url": None if last else f"https://{SUBDOMAIN}.zendesk.com/api/v2/incremental/tickets/cursor.json?cursor={cursor}",
            "after_cursor": None if last else cursor,
            "before_url": None, "before_cursor": None, "end_of_stream": last,
        }))  # fmt: skip
        paths.append(write_json(out_dir / "zendesk" / f"ticket_metrics_{month}.json", {
            "ticket_metrics": metric_sets, "next_page": None, "previous_page": None, "count": len(metric_sets),
        }))  # fmt: skip
    return paths
