"""Secrets that a payload carries by mistake (an API key pasted in a PR body, a header logged into a vendor's new
field) are redacted in SQL, inside the load, before any of it reaches a table: the raw columns people write in,
`_extra`, and the quarantined record. Only a short prefix that says what kind of secret it was stays.

Provider ids (api_key_id, workspace_id, ...) are ids the provider publishes, not secrets, and are never touched.
"""

from __future__ import annotations

from ingest.sql import sql_literal

REDACTED = "…[redacted]"

# A known key prefix (kept), then the secret (dropped): Anthropic and OpenAI keys (sk-ant-..., sk-proj-..., sk-...),
# GitHub tokens, Slack tokens, AWS access key ids, Google API keys, and a bearer token after its scheme. \b keeps
# words like "task-..." out. The secret's characters never include a quote or a backslash, so JSON text stays JSON.
SECRET_PATTERN = (
    r"\b(sk-(?:ant-|proj-|svcacct-|admin-)?|gh[pousr]_|github_pat_|xox[abprs]-|AKIA|AIza|[Bb]earer\s+)"
    r"[A-Za-z0-9._~+/=-]{16,}"
)


def redact_sql(text: str) -> str:
    """SQL: the VARCHAR `text` with every secret-looking value replaced by its prefix and …[redacted]."""
    return f"regexp_replace({text}, {sql_literal(SECRET_PATTERN)}, {sql_literal(chr(92) + '1' + REDACTED)}, 'g')"


def redact_json_sql(json_value: str) -> str:
    """SQL: the same for a JSON value (the redaction keeps it valid JSON)."""
    return f"cast({redact_sql(f'cast({json_value} as VARCHAR)')} as JSON)"
