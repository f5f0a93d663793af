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
