"""Run dbt on the bundled project with the bundled profile, against the chosen warehouse file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ingest.warehouse import PROJECT_DIR


def dbt_executable() -> str:
    beside_python = Path(sys.executable).with_name("dbt")
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("dbt")
    if not found:
        raise FileNotFoundError("dbt is not installed in this environment (pip install -e .)")
    return found


def run(command: str, db: Path, *, as_of: str | None = None, args: tuple[str, ...] = ()) -> int:
    """`dbt <command>` with COSTPER_DB pointing at `db`; returns dbt's exit code."""
    env = {**os.environ, "COSTPER_DB": str(db), "DBT_PROFILES_DIR": str(PROJECT_DIR)}
    argv = [dbt_executable(), command, "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR)]
    if as_of:
        argv += ["--vars", json.dumps({"as_of": as_of})]
    return subprocess.run([*argv, *args], env=env, cwd=PROJECT_DIR, check=False).returncode


def run_summary() -> str:
    """One line from dbt's run_results.json: how many nodes passed, and which tests warned."""
    results = json.loads((PROJECT_DIR / "target" / "run_results.json").read_text())["results"]
    warned = [r["unique_id"].split(".")[2] + f" ({r.get('failures')})" for r in results if r["status"] == "warn"]
    passed = sum(r["status"] in ("success", "pass") for r in results)
    line = f"dbt build: {passed} models, seeds and tests passed"
    return line + (f"; warnings: {', '.join(warned)}" if warned else "")
