"""Jira Cloud search pages (`GET /rest/api/3/search/jql`, outcome-formats.md section 4).

The query is `project in (...) AND updated >= "2026-08-01" ORDER BY updated ASC`, 100 issues a page,
token-paged with nextPageToken/isLast and no total. Times carry milliseconds and each assignee's profile
offset, so the export mixes +0200, -0700, +0530 ... and the reader must normalise to UTC.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from ingest.demo._common import jira_time, write_json
from ingest.demo.model import Org, Person
from ingest.demo.work import Issue, Work

SITE = "https://acme.atlassian.net"
PAGE_SIZE = 100
ZONES = {
    "+0200": "Europe/Berlin",
    "+0100": "Europe/Lisbon",
    "+0000": "Atlantic/Reykjavik",
    "-0400": "America/New_York",
    "-0700": "America/Los_Angeles",
    "+0530": "Asia/Kolkata",
    "+0900": "Asia/Tokyo",
}
STATUS_IDS = {"To Do": "10000", "In Progress": "3", "In Review": "10001", "Done": "10002", "Closed": "6"}
CATEGORIES = {
    "new": (2, "To Do", "blue-gray"),
    "indeterminate": (4, "In Progress", "yellow"),
    "done": (3, "Done", "green"),
}
RESOLUTIONS = {
    "Done": ("10000", "Work has been completed on this issue."),
    "Won't Do": ("10001", "This issue won't be actioned."),
    "Duplicate": ("10002", "The problem is a duplicate of an existing issue."),
}
ISSUE_TYPES = {"Story": "10001", "Task": "10002", "Bug": "10004", "Service Request": "10010"}
EXPAND = "operations,versionedRepresentations,editmeta,changelog,renderedFields"


def _assignee(person: Person | None, org: Org) -> dict[str, Any] | None:
    if person is None:
        return None
    assignee: dict[str, Any] = {
        "self": f"{SITE}/rest/api/3/user?accountId={person.jira_account}",
        "accountId": person.jira_account,
    }
    if person.shows_email_in_jira:
        assignee["emailAddress"] = person.email  # only when the user's privacy settings allow it
    assignee |= {
        "displayName": person.display_name,
        "active": person.end is None,
        "timeZone": ZONES[person.jira_offset],
        "accountType": "atlassian",
    }
    return assignee


def _issue(issue: Issue, org: Org, project_ids: dict[str, str]) -> dict[str, Any]:
    offset = issue.assignee.jira_offset if issue.assignee else "+0000"
    category_id, category_name, color = CATEGORIES[issue.status_category]
    resolution = None
    if issue.resolution:
        resolution_id, description = RESOLUTIONS[issue.resolution]
        resolution = {
            "self": f"{SITE}/rest/api/3/resolution/{resolution_id}",
            "id": resolution_id,
            "description": description,
            "name": issue.resolution,
        }
    done_at = issue.resolved or (issue.updated if issue.status_category == "done" else issue.created)
    team = next(t for t in org.teams.values() if t.jira_key == issue.project_key)
    return {
        "expand": EXPAND,
        "id": issue.issue_id,
        "self": f"{SITE}/rest/api/3/issue/{issue.issue_id}",
        "key": issue.key,
        "fields": {
            "summary": issue.summary,
            "project": {
                "self": f"{SITE}/rest/api/3/project/{project_ids[issue.project_key]}",
                "id": project_ids[issue.project_key],
                "key": issue.project_key,
                "name": team.name,
                "projectTypeKey": "service_desk" if team.profile == "support" else "software",
            },
            "issuetype": {
                "id": ISSUE_TYPES[issue.issuetype],
                "name": issue.issuetype,
                "subtask": False,
                "hierarchyLevel": 0,
            },
            "status": {
                "self": f"{SITE}/rest/api/3/status/{STATUS_IDS[issue.status]}",
                "name": issue.status,
                "id": STATUS_IDS[issue.status],
                "statusCategory": {
                    "id": category_id,
                    "key": issue.status_category,
                    "name": category_name,
                    "colorName": color,
                },
            },
            "resolution": resolution,
            "resolutiondate": jira_time(issue.resolved, offset) if issue.resolved else None,
            "created": jira_time(issue.created, offset),
            "updated": jira_time(issue.updated, offset),
            "statuscategorychangedate": jira_time(done_at, offset),
            "assignee": _assignee(issue.assignee, org),
            "labels": issue.labels,
            "priority": {"name": "Medium", "id": "3"},
            # Story points live in a site-specific custom field; readers keep it in _extra.
            "customfield_10016": issue.story_points,
        },
    }


def _page_token(page: int) -> str:
    """Opaque like the real cursor; deterministic so reruns are byte-identical."""
    return base64.urlsafe_b64encode(f"demo-search-after:{page * PAGE_SIZE}".encode()).decode().rstrip("=")


def write_jira(org: Org, work: Work, out_dir: Path) -> list[Path]:
    project_ids = {team.jira_key: str(10000 + index) for index, team in enumerate(org.teams.values())}
    issues = sorted(work.issues, key=lambda issue: (issue.updated, issue.issue_id))
    objects = [_issue(issue, org, project_ids) for issue in issues]
    pages = range(0, len(objects), PAGE_SIZE)
    paths = []
    for number, start in enumerate(pages, start=1):
        payload: dict[str, Any] = {"issues": objects[start : start + PAGE_SIZE]}
        is_last = number == len(pages)
        if not is_last:
            payload["nextPageToken"] = _page_token(number)  # absent on the last page, as the API does
        payload["isLast"] = is_last
        paths.append(write_json(out_dir / "jira" / f"search_page{number}.json", payload))
    return paths
