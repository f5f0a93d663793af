"""Deterministic demo data: a ~200-person company's quarter of AI spend and delivered work, as export files.

`generate()` writes files in the providers' own formats (Anthropic and OpenAI admin API pages, an AWS CUR 2.0 export,
LiteLLM spend logs, GitHub REST and gh CLI pull-request lists, Jira search pages, Zendesk ticket exports) plus
costper's people, aliases, seats, invoices and budgets CSVs. It never
touches a database: `costper ingest` loads these files exactly as it loads a user's, which keeps the demo honest.
"""

from __future__ import annotations

from pathlib import Path

from ingest.demo._common import DEMO_AS_OF, DEMO_MONTHS
from ingest.demo.anthropic_pages import write_anthropic
from ingest.demo.aws_cur import write_aws
from ingest.demo.budgets import write_budgets
from ingest.demo.directory import write_directory
from ingest.demo.github_pages import write_github
from ingest.demo.invoices import write_invoices
from ingest.demo.jira_pages import write_jira
from ingest.demo.litellm import write_litellm
from ingest.demo.openai_pages import write_openai
from ingest.demo.org import build_org
from ingest.demo.plan import plan_work
from ingest.demo.seats import write_seats
from ingest.demo.zendesk import write_zendesk

__all__ = ["DEFAULT_SEED", "DEMO_AS_OF", "DEMO_MONTHS", "generate"]

DEFAULT_SEED = 20261101
# The file names this package writes; earlier runs' files are removed first, so a smaller rerun leaves no
# stale page behind for a folder-wide ingest to pick up.
_OWN_FILES = (
    "people.csv",
    "aliases.csv",
    "invoices.csv",
    "budgets.csv",
    "anthropic/usage_report_*.json",
    "anthropic/cost_report_*.json",
    "openai/usage_completions_*.json",
    "openai/costs_*.json",
    "github/*_pulls_page*.json",
    "github/*_gh_pr_list.json",
    "jira/search_page*.json",
    "aws/cur_*.csv",
    "litellm/spend_logs_*.jsonl",
    "seats/copilot_seats.csv",
    "zendesk/incremental_tickets_*.json",
    "zendesk/ticket_metrics_*.json",
)


def generate(out_dir: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the demo files under out_dir; return them in load order (directory CSVs first)."""
    out_dir = Path(out_dir)
    for pattern in _OWN_FILES:
        for stale in out_dir.glob(pattern):
            stale.unlink()
    org = build_org(seed)
    work = plan_work(org, seed)
    return [
        *write_directory(org, seed, out_dir),
        *write_anthropic(org, seed, out_dir),
        *write_openai(org, seed, out_dir),
        *write_aws(work, seed, out_dir),
        *write_seats(org, out_dir),
        *write_invoices(out_dir),  # from the cost files just written
        *write_budgets(out_dir),  # from the directory and cost files just written
        *write_github(org, work, seed, out_dir),
        *write_jira(org, work, out_dir),
        *write_litellm(org, work, seed, out_dir),
        *write_zendesk(org, seed, out_dir),
    ]
