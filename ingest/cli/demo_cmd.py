"""`costper demo`: the whole job on a generated organisation."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ingest import build_swap, demo, warehouse
from ingest.cli._group import cli, db_option, wait_option
from ingest.cli.ingest_cmd import ingest_files
from ingest.errors import EXIT_MONEY_QUARANTINED, EXIT_OK
from ingest.headline import headline
from ingest.report import REPORT_FILE, write_report
from ingest.run import EXPORTS


@cli.command("demo")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the demo's provider files. Default: demo-data/ in the project.",
)
@click.option("--seed", default=demo.DEFAULT_SEED, show_default=True, help="Random seed of the demo organisation.")
@click.option(
    "--exports-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the demo's exports of its last month. Default: exports/ in the project.",
)
@db_option
@wait_option
def demo_command(data_dir: Path | None, seed: int, exports_dir: Path | None, db: Path | None, wait: float) -> None:
    """Generate a realistic organisation's AI bills and outcomes, ingest, build, print the headline.

    Example: costper demo --db /tmp/demo.duckdb
    """
    data_dir = data_dir or warehouse.PROJECT_DIR / "demo-data"
    files = demo.generate(data_dir, seed)
    click.echo(f"generated {len(files)} files in {data_dir}")
    if code := ingest_files(db, files, per_file=False, wait=wait):
        sys.exit(code)
    built = build_swap.build(warehouse.resolve_db(db), as_of=demo.DEMO_AS_OF, wait=wait)
    if built not in (EXIT_OK, EXIT_MONEY_QUARANTINED):
        sys.exit(built)  # dbt failed: it said which node, in one line
    with warehouse.connect(db, read_only=True) as con:
        click.echo("\n" + headline(con))
        month = demo.DEMO_MONTHS[-1]
        exports_dir = exports_dir or warehouse.PROJECT_DIR / "exports"
        written = []
        for export in EXPORTS:  # the month's exports `costper run` writes; the demo rewrites its own each run
            out = exports_dir / export.file_name.format(month=month)
            export.write(con, month, out)
            written.append(out)
        written.append(write_report(con, month, exports_dir / REPORT_FILE.format(month=month), force=True))
    click.echo("\nexports: " + ", ".join(map(str, written)))
    sys.exit(built)  # 3 when a money test warned: the headline is short by what it names
