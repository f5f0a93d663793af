"""Small SQL builders for the SQL costper generates from reader specs."""

import re


def sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def scale_of(type_: str) -> int:
    match = re.search(r",\s*(\d+)\)", type_)
    return int(match.group(1)) if match else 0
