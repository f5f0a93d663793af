"""`--pseudonymise`: exports for sharing outside the team, with people replaced by stable salted hashes.

Every value that names a person (an email, a login, an account id, a display name, a person id) becomes
`p_` + the first 16 hex digits of sha256(salt + the value, trimmed and lowercased), in SQL, so the same person gets
the same hash in every table and every export made with the same salt (joins still work) and nobody without the salt
can test a guess. Free-form JSON that may hold anything (`_extra`, a quarantined record) is left out (null).
Text a person wrote (PR titles and bodies, branch names, issue summaries) is kept: it is the work, not the worker.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingest.errors import InputError
from ingest.sql import quote_ident, sql_literal

SALT_ENV = "COSTPER_PSEUDONYMISE_SALT"
MIN_SALT_CHARS = 16

# raw table -> the columns that name a person (the readers' names; tests/python/test_export.py checks they exist
# and that no column named like a person is missing)
PERSON_COLUMNS: dict[str, tuple[str, ...]] = {
    "costper__people": ("person_id", "email", "display_name", "manager_email"),
    "costper__aliases": ("person_id",),
    "jira__issues": ("assignee_account_id", "assignee_email_address", "assignee_display_name"),
    "github__pull_requests": ("user_login",),
    "anthropic__usage_report": ("account_id",),
    "openai__usage_completions": ("user_id",),
    "linear__issues": ("assignee_id", "assignee_email", "assignee_name"),  # the delegate is an agent, no one
    "zendesk__tickets": ("assignee_id", "requester_id"),
    "costper__outcomes": ("person_id", "email"),
    "litellm__spend_logs": ("user_id", "end_user"),
    "anthropic__claude_code_usage": ("actor_email_address",),
    "costper__seats": ("email",),
    "cursor__usage_events": ("user_email",),
    "cursor__usage_csv": ("user_email",),
    "github__copilot_seats": ("assignee_login", "assignee_id"),
    "github__copilot_usage": ("username",),
    "github__copilot_premium_requests": ("report_user",),
    "github__copilot_metrics": ("user_login", "user_id"),
}
# an alias's value names a person for these kinds; workspaces, projects, keys and repositories name no one
PERSON_ALIAS_KINDS = ("email", "github_login", "jira_account", "linear_user", "zendesk_user", "cursor_user",
                      "gateway_user", "account")  # fmt: skip
FREE_FORM_COLUMNS = ("_extra", "record", "metadata")  # LiteLLM metadata holds key owners' emails


def load_salt(salt_file: Path | None) -> str:
    """The salt from --salt-file (its first line), else $COSTPER_PSEUDONYMISE_SALT; refused when missing or short."""
    if salt_file is not None:
        try:
            lines = salt_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(
                salt_file, f"cannot read the salt: {error.strerror or error}", field="--salt-file"
            ) from None
        salt, origin = (lines[0].strip() if lines else ""), str(salt_file)
    else:
        salt, origin = os.environ.get(SALT_ENV, "").strip(), SALT_ENV
    if not salt:
        raise InputError("", f"--pseudonymise needs a salt: set {SALT_ENV} or pass --salt-file FILE")
    if len(salt) < MIN_SALT_CHARS:
        raise InputError("", f"the salt in {origin} has {len(salt)} characters; use at least {MIN_SALT_CHARS}, "
                             "kept secret, the same for every export that should match")  # fmt: skip
    return salt


@dataclass(frozen=True)
class Pseudonymiser:
    salt: str

    def hash_sql(self, expr: str) -> str:
        value = f"lower(trim(cast({expr} as varchar)))"
        return (
            f"case when {expr} is null then null else 'p_' || left(sha256({sql_literal(self.salt)} || {value}), 16) end"
        )

    def select_list(self, con: duckdb.DuckDBPyConnection, schema: str, table: str) -> str:
        """Every column of schema.table, people hashed and free-form JSON left out, in the table's order."""
        columns = con.execute(
            "select column_name, data_type from information_schema.columns where table_schema = ? and table_name = ? "
            "order by ordinal_position",
            [schema, table],
        ).fetchall()
        return ", ".join(self._column(table, name, kind) for name, kind in columns)

    def _column(self, table: str, name: str, kind: str) -> str:
        column = quote_ident(name)
        if name in PERSON_COLUMNS.get(table, ()):
            return f"{self.hash_sql(column)} as {column}"
        if table == "costper__aliases" and name == "value":
            kinds = ", ".join(sql_literal(k) for k in PERSON_ALIAS_KINDS)
            return f"case when kind in ({kinds}) then {self.hash_sql(column)} else {column} end as {column}"
        if name in FREE_FORM_COLUMNS:
            return f"cast(null as {kind}) as {column}"
        return column
