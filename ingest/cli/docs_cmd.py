"""`costper docs`: the dbt docs site as one self-contained HTML file (`dbt docs generate --static`).

dbt's static page inlines the manifest and the catalog, so it opens by double-click, from a share or an e-mail,
with no server: what an analyst reads to learn the marts (README "dbt docs").
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import click

from ingest import lock, warehouse
from ingest.cli._group import cli, db_option, wait_option
from ingest.dbt import TARGET_DIR, dbt_executable
from ingest.errors import EXIT_BUSY, EXIT_INTERNAL_ERROR
from ingest.warehouse import PROJECT_DIR

STATIC_PAGE = TARGET_DIR / "static_index.html"


@cli.command("docs")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"Also write the page here (replaced if it exists). Default: only {STATIC_PAGE}.",
)
@db_option
@wait_option
def docs_command(out: Path | None, db: Path | None, wait: float) -> None:
    """Generate the dbt docs as one HTML file that opens by double-click: the overview, every model's columns,
    tests and lineage, the exports and reports that read the marts (exposures), the finance and analytics groups.
    Column types come from the warehouse (its catalog).

    Example: costper docs --out exports/costper_docs.html
    """
    path = warehouse.resolve_db(db)
    warehouse.require(path)  # the catalog (every column's type) is read from the built warehouse
    # dbt-duckdb opens the file for writing (its on-run-start hooks run too): not while a build or an ingest writes
    with lock.writer_lock(path, wait=wait):
        _generate(path)
    if out is not None:
        _publish(STATIC_PAGE, out)
    click.echo(f"docs: {out or STATIC_PAGE} (open it in a browser; no server needed)")


def _generate(db: Path) -> None:
    env = {**os.environ, "COSTPER_DB": str(db), "DBT_PROFILES_DIR": str(PROJECT_DIR)}
    project = ["--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR), "--log-path", str(TARGET_DIR),
               "--target-path", str(TARGET_DIR)]
    argv = [dbt_executable(), "docs", "generate", "--static", "--quiet", "--no-use-colors", *project]
    done = subprocess.run(argv, env=env, cwd=PROJECT_DIR, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = [line.strip() for line in (done.stdout + done.stderr).splitlines() if line.strip()]
        # dbt's error block, without the macro trace (> in macro ...) and DuckDB's leak report at exit
        said = [line for line in lines[: next((i for i, x in enumerate(lines) if x.startswith("nanobind:")), None)]
                if not line.startswith(">")]  # fmt: skip
        busy = any("Could not set lock" in line for line in lines)
        reason = f"{db} is open in another process" if busy else (said[-1] if said else "no message")
        click.echo(f"error: dbt docs generate failed: {reason}; full log: {TARGET_DIR / 'dbt.log'}", err=True)
        sys.exit(EXIT_BUSY if busy else EXIT_INTERNAL_ERROR)


def _publish(page: Path, out: Path) -> None:
    """Through a temporary file beside `out`, renamed into place: a reader never opens half a page."""
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(handle)
    try:
        shutil.copyfile(page, name)
        os.replace(name, out)
    finally:
        Path(name).unlink(missing_ok=True)
