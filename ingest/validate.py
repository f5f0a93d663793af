"""Each source's batch contract as a Great Expectations suite: the declarative, documented statement of
what a good batch is, built from the same SourceSpec as the SQL rules.

The SQL rules in stage.py do the row-level work of every load in one DuckDB pass (and quarantine). The
suite is the second, independent statement of the same contract, run where it pays: when asked
(`costper ingest --expectations`, or COSTPER_EXPECTATIONS=1), on the rows a file loaded, or on a sample of
COSTPER_GE_MAX_ROWS of them for a bigger file (recorded in raw._ingest_files.ge_validated); and in the test
suite on every reader's fixtures. Not on every load: Great Expectations takes 1-2 s to import and set up,
which is most of the time a small file takes, and pandas over millions of rows costs more than the load.
Nothing here is imported until a suite is built.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from ingest.errors import InputError
from ingest.readers._spec import CURRENCY_CODES, SourceSpec
from ingest.sql import quote_ident

GE_MAX_ROWS = int(os.environ.get("COSTPER_GE_MAX_ROWS", "100000"))
_CURRENCY_COLUMNS = ("currency", "amount_currency")


def expectations(spec: SourceSpec) -> list[Any]:
    import great_expectations as gx

    # List columns stay out of the pandas batch (GE has no list expectations); their SQL checks suffice.
    suite: list[Any] = [gx.expectations.ExpectColumnToExist(column=c.name) for c in spec.columns if not c.is_list]
    suite += [
        gx.expectations.ExpectColumnValuesToNotBeNull(column=c.name) for c in spec.columns if c.not_null
    ]
    suite += [
        gx.expectations.ExpectColumnValuesToBeBetween(column=c.name, min_value=0)
        for c in spec.columns
        if c.non_negative
    ]
    suite += [
        gx.expectations.ExpectColumnValuesToBeInSet(
            column=c.name, value_set=list(CURRENCY_CODES)
        )
        for c in spec.columns
        if c.name in _CURRENCY_COLUMNS
    ]
    key = list(spec.unique_key)
    suite.append(
        gx.expectations.ExpectCompoundColumnsToBeUnique(column_list=key, ignore_row_if="never")
        if len(key) > 1
        else gx.expectations.ExpectColumnValuesToBeUnique(column=key[0])
    )
    return suite


def suite(spec: SourceSpec) -> Any:
    import great_expectations as gx

    return gx.ExpectationSuite(name=f"{spec.name}_batch", expectations=expectations(spec))


@cache
def _batch_definition() -> Any:
    import great_expectations as gx

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False, "metric_calculations": False}
    source = context.data_sources.add_pandas("costper_staged")
    return source.add_dataframe_asset("batch").add_batch_definition_whole_dataframe("whole_batch")


def validate_loaded_rows(con: duckdb.DuckDBPyConnection, spec: SourceSpec, path: Path, sha: str) -> bool:
    """Run the suite over the current rows this file loaded (older versions of an entity in the same file are
    superseded already), a repeatable sample of GE_MAX_ROWS of a bigger file; False
    when it loaded none. A failure means the SQL rules let through what the contract forbids (a costper bug):
    the file is refused, the others go on."""
    columns = [quote_ident(c.name) for c in spec.columns if not c.is_list]
    columns.append("cast(_extra as VARCHAR) as _extra")
    frame = con.execute(
        f"""select * from (select {", ".join(columns)} from raw.{spec.raw_table}
                          where _file_sha256 = ? and not _is_superseded)
            using sample reservoir({GE_MAX_ROWS} rows) repeatable (12)""",  # sampled after the filter, not before
        [sha],
    ).df()
    if frame.empty:
        return False
    result = _batch_definition().get_batch(batch_parameters={"dataframe": frame}).validate(suite(spec))
    if not result.success:
        failed = [r.expectation_config.type for r in result.results if not r.success]
        raise InputError(path, f"batch contract (Great Expectations) failed after the SQL rules passed: {failed}")
    return True


def suite_json(spec: SourceSpec) -> str:
    """The batch contract as Great Expectations' own JSON: the documented statement of a good batch."""
    return json.dumps(suite(spec).to_json_dict(), indent=2)
