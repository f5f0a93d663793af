"""GitHub pull requests as the REST list-pulls pages and, for one repo, as `gh pr list --json` output.

Shapes follow outcome-formats.md sections 1-3. The REST list has no size fields (those need the single-PR
call); gh gives them in list mode. Copilot coding agent PRs carry the agent's own author in each shape.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path
from typing import Any

from ingest.demo._common import github_time, sub_rng, token, write_json
from ingest.demo.model import Org
from ingest.demo.work import PullRequest, Work

GH_CLI_REPO = "acme/mobile"  # delivered as `gh pr list --state all --limit 1000 --json ...` output
PAGE_SIZE = 100
COPILOT_REST_USER = {
    "login": "Copilot",
    "id": 198982749,
    "node_id": "BOT_kgDOC9w8XQ",
    "type": "Bot",
    "site_admin": False,
}
COPILOT_GH_AUTHOR = {"is_bot": True, "login": "app/copilot-swe-agent"}
LABEL_COLORS = {
    "backend": "1d76db",
    "frontend": "5319e7",
    "bug": "d73a4a",
    "tech-debt": "fbca04",
    "dependencies": "0366d6",
    "needs-review": "c2e0c6",
    "ai-assisted": "0e8a16",
}


def _stable_int(text: str, digits: int) -> int:
    """Ids derived from names, so a label or repo keeps its id whatever else the seed changes."""
    return int(hashlib.sha256(text.encode()).hexdigest(), 16) % 10**digits


def _rest_label(repo: str, name: str) -> dict[str, Any]:
    return {
        "id": _stable_int(f"{repo}:{name}", 10),
        "node_id": f"LA_kwDO{_stable_int(name, 8)}",
        "url": f"https://api.github.com/repos/{repo}/labels/{name}",
        "name": name,
        "description": None,
        "color": LABEL_COLORS[name],
        "default": False,
    }


def _repo_object(repo: str) -> dict[str, Any]:
    return {"id": _stable_int(repo, 9), "name": repo.split("/")[1], "full_name": repo, "private": True}


def _ref(repo: str, ref: str, sha: str) -> dict[str, Any]:
    return {"label": f"{repo.split('/')[0]}:{ref}", "ref": ref, "sha": sha, "repo": _repo_object(repo)}


def _rest_pull(pull: PullRequest, users: dict[str, dict[str, Any]], rng: random.Random) -> dict[str, Any]:
    closed = pull.closed is not None
    user = COPILOT_REST_USER if pull.author is None else users[pull.author.github_login or ""]
    return {
        "url": f"https://api.github.com/repos/{pull.repo}/pulls/{pull.number}",
        "id": 2_600_000_000 + _stable_int(f"{pull.repo}#{pull.number}", 8),
        "node_id": f"PR_kwDO{token(rng, 14)}",
        "html_url": f"https://github.com/{pull.repo}/pull/{pull.number}",
        "number": pull.number,
        "state": "closed" if closed else "open",
        "locked": False,
        "title": pull.full_title,
        "user": user,
        "body": pull.body,
        "labels": [_rest_label(pull.repo, name) for name in pull.labels],
        "created_at": github_time(pull.created),
        "updated_at": github_time(pull.updated),
        "closed_at": github_time(pull.closed) if pull.closed else None,
        "merged_at": github_time(pull.merged) if pull.merged else None,
        "merge_commit_sha": f"{rng.getrandbits(160):040x}" if closed else None,
        "assignees": [],
        "requested_reviewers": [],
        "draft": pull.draft,
        "head": _ref(pull.repo, pull.head_ref, f"{rng.getrandbits(160):040x}"),
        "base": _ref(pull.repo, "main", f"{rng.getrandbits(160):040x}"),
        "author_association": "CONTRIBUTOR" if pull.author is None else "MEMBER",
        "auto_merge": None,
    }


def _gh_pull(pull: PullRequest, org_names: dict[str, str]) -> dict[str, Any]:
    """gh prints Go-marshalled maps, so keys come out sorted; absent times are null, an empty body is ""."""
    if pull.author is None:
        author: dict[str, Any] = COPILOT_GH_AUTHOR
    else:
        login = pull.author.github_login or ""
        author = {
            "id": f"U_kgDO{_stable_int(login, 8)}",
            "is_bot": False,
            "login": login,
            "name": org_names[login],
        }
    state = "MERGED" if pull.merged else "CLOSED" if pull.closed else "OPEN"
    labels = [
        {"color": LABEL_COLORS[name], "description": "", "id": f"LA_kwDO{_stable_int(name, 8)}", "name": name}
        for name in pull.labels
    ]
    return {
        "additions": pull.additions,
        "author": author,
        "baseRefName": "main",
        "body": pull.body or "",
        "changedFiles": pull.changed_files,
        "closedAt": github_time(pull.closed) if pull.closed else None,
        "createdAt": github_time(pull.created),
        "deletions": pull.deletions,
        "headRefName": pull.head_ref,
        "isDraft": pull.draft,
        "labels": labels,
        "mergedAt": github_time(pull.merged) if pull.merged else None,
        "number": pull.number,
        "state": state,
        "title": pull.full_title,
        "url": f"https://github.com/{pull.repo}/pull/{pull.number}",
    }


def write_github(org: Org, work: Work, seed: int, out_dir: Path) -> list[Path]:
    rng = sub_rng(seed, "github")
    users = {
        person.github_login: {
            "login": person.github_login,
            "id": 1_000_000 + _stable_int(person.github_login, 8),
            "node_id": f"MDQ6VXNlcj{_stable_int(person.github_login, 7)}",
            "type": "User",
            "site_admin": False,
        }
        for person in org.people
        if person.github_login
    }
    names = {person.github_login: person.display_name for person in org.people if person.github_login}
    paths: list[Path] = []
    for repo in sorted({pull.repo for pull in work.pulls}):
        stem = repo.split("/")[1]
        pulls = [pull for pull in work.pulls if pull.repo == repo]
        if repo == GH_CLI_REPO:
            # gh sorts by creation, newest first.
            pulls.sort(key=lambda p: p.number, reverse=True)
            payload = [_gh_pull(pull, names) for pull in pulls]
            paths.append(write_json(out_dir / "github" / f"{stem}_gh_pr_list.json", payload))
            continue
        # state=all&sort=updated&direction=desc&per_page=100, the incremental-pull order the docs recommend.
        pulls.sort(key=lambda p: (p.updated, p.number), reverse=True)
        objects = [_rest_pull(pull, users, rng) for pull in pulls]
        for page, start in enumerate(range(0, len(objects), PAGE_SIZE), start=1):
            paths.append(
                write_json(out_dir / "github" / f"{stem}_pulls_page{page}.json", objects[start : start + PAGE_SIZE])
            )
    return paths
