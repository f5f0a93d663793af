"""Small SQL builders for the SQL costper generates from reader specs."""

import re


def sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def scale_of(type_: str) -> int:
    match = re.search(r",\s*(\d+)\)", type_)
    return int(match.group(1)) if match else 0


def too_many_decimals_sql(text: str, scale: int) -> str:
    """True when `text` has a non-zero digit past `scale` decimal places (a cast would round it away)."""
    return f"regexp_matches({text}, '\\.\\d{{{scale}}}\\d*[1-9]')"
