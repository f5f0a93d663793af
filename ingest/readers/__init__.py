"""The registry of source formats. Adding a source is adding one module with a SPEC here."""

from ingest.readers import (
    anthropic_cost,
    anthropic_usage,
    aws_cur,
    azure_cost_details,
    claude_code_analytics,
    costper_aliases,
    costper_budgets,
    costper_invoices,
    costper_outcomes,
    costper_people,
    costper_seats,
    cursor_usage_csv,
    cursor_usage_events,
    focus,
    gcp_billing_export,
    github_copilot_metrics,
    github_copilot_premium_requests,
    github_copilot_seats,
    github_copilot_usage,
    github_gh_pr_list,
    github_pulls,
    jira_issues,
    linear_issues,
    litellm_spend_logs,
    litellm_spend_logs_csv,
    openai_costs,
    openai_usage,
    openrouter_activity,
    zendesk_ticket_metrics,
    zendesk_tickets,
)
from ingest.readers._spec import SourceSpec

REGISTRY: dict[str, SourceSpec] = {
    module.SPEC.name: module.SPEC
    for module in (
        anthropic_usage, anthropic_cost, openai_usage, openai_costs,
        github_pulls, github_gh_pr_list, jira_issues, costper_people, costper_aliases,
        costper_invoices, costper_budgets,
        # one source per line: a new reader is one more line
        litellm_spend_logs,
        litellm_spend_logs_csv,
        openrouter_activity,
        claude_code_analytics,
        aws_cur,
        focus,
        github_copilot_usage,
        costper_seats,
        cursor_usage_events,
        cursor_usage_csv,
        github_copilot_seats,
        azure_cost_details,
        gcp_billing_export,
        linear_issues,
        zendesk_tickets,
        zendesk_ticket_metrics,
        costper_outcomes,
        github_copilot_premium_requests,
        github_copilot_metrics,
    )
}  # fmt: skip
