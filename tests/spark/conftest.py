"""The demo built twice, by DuckDB (`costper demo`) and by Spark (dbt-spark's session method, on the raw tables
`costper export-raw --parquet` wrote): the session's one slow fixture, about five minutes on two cores."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from ingest.demo import DEMO_AS_OF

PROJECT_DIR = Path(__file__).resolve().parents[2]
SPARK_TARGET_PATH = "target/spark"  # dbt's artifacts of the Spark build, apart from the DuckDB build's


@dataclass(frozen=True)
class SparkBuild:
    duckdb: Path  # the DuckDB warehouse `costper demo` built
    raw_parquet: Path  # what `costper export-raw --parquet` wrote
    spark_tables: Path  # Spark's warehouse directory: <schema>.db/<table>/*.parquet
    run_results: dict
    seconds: dict[str, float]


def _run(argv: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run(argv, capture_output=True, text=True, cwd=PROJECT_DIR, env=env, check=False)
    assert done.returncode == 0, done.stdout[-8000:] + done.stderr[-4000:]
    return done


@pytest.fixture(scope="session")
def spark_build(tmp_path_factory: pytest.TempPathFactory) -> SparkBuild:
    pytest.importorskip("pyspark", reason="make test-spark installs the spark extra")
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        pytest.fail("Spark needs Java 17 (Debian: apt-get install openjdk-17-jre-headless)")
    root = tmp_path_factory.mktemp("spark")
    bin_dir = Path(sys.executable).parent
    db, raw, spark_dir = root / "demo.duckdb", root / "raw-parquet", root / "spark"
    seconds = {}

    started = time.monotonic()
    _run([str(bin_dir / "costper"), "demo", "--db", str(db), "--data-dir", str(root / "demo-data"),
          "--exports-dir", str(root / "exports")])  # fmt: skip
    seconds["duckdb demo (generate, ingest, dbt build)"] = time.monotonic() - started

    started = time.monotonic()
    _run([str(bin_dir / "costper"), "export-raw", "--parquet", str(raw), "--db", str(db)])
    seconds["export-raw"] = time.monotonic() - started

    started = time.monotonic()
    env = {**os.environ, "COSTPER_SPARK_DIR": str(spark_dir), "DBT_PROFILES_DIR": str(PROJECT_DIR)}
    _run([str(bin_dir / "dbt"), "build", "--target", "spark", "--project-dir", str(PROJECT_DIR),
          "--profiles-dir", str(PROJECT_DIR), "--target-path", SPARK_TARGET_PATH,
          "--vars", json.dumps({"raw_parquet_dir": str(raw), "as_of": DEMO_AS_OF})], env=env)  # fmt: skip
    seconds["spark dbt build"] = time.monotonic() - started

    run_results = json.loads((PROJECT_DIR / SPARK_TARGET_PATH / "run_results.json").read_text())
    return SparkBuild(db, raw, spark_dir / "tables", run_results, seconds)
