"""The `costper` command. Each command only wires library functions together; one module per command family."""

from __future__ import annotations

from ingest.cli import (  # noqa: F401  (each module registers its commands)
    build_cmd,
    demo_cmd,
    docs_cmd,
    export_cmds,
    finance_cmds,
    focus_cmds,
    ingest_cmd,
    prices_cmds,
    read_cmds,
    report_cmd,
    run_cmd,
)
from ingest.cli._group import cli
from ingest.cli.ingest_cmd import ingest_files

__all__ = ["cli", "ingest_files", "main"]


def main() -> None:
    cli.main()  # click exits 2 on usage errors; CostperGroup turns bad input into one line and exit 2
