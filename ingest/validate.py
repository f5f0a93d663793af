"""Each source's batch contract as a Great Expectations suite: the declarative, documented statement of
what a good batch is, built from the same SourceSpec as the SQL rules.

The SQL rules in stage.py do the row-level work in one DuckDB pass (and quarantine). The suite then
checks the good rows of batches small enough to hand to pandas cheaply; bigger batches skip it
(recorded as ge_validated = false), because GE over millions of pandas rows costs more than the load.
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


def validate_good_rows(con: duckdb.DuckDBPyConnection, spec: SourceSpec, path: Path, good_rows: int) -> bool:
    """Run the suite over the staged good rows; False when skipped for size. A failure means the SQL rules
    let through what the contract forbids (a costper bug): the file is refused, the others go on."""
    if good_rows == 0 or good_rows > GE_MAX_ROWS:
        return False

    columns = [quote_ident(c.name) for c in spec.columns if not c.is_list]
    columns.append("cast(_extra as VARCHAR) as _extra")
    frame = con.execute(f"select {', '.join(columns)} from _stage where len(_reasons) = 0").df()
    result = _batch_definition().get_batch(batch_parameters={"dataframe": frame}).validate(suite(spec))
    if not result.success:
        failed = [r.expectation_config.type for r in result.results if not r.success]
        raise InputError(path, f"batch contract (Great Expectations) failed after the SQL rules passed: {failed}")
    return True


def suite_json(spec: SourceSpec) -> str:
    """The batch contract as Great Expectations' own JSON: the documented statement of a good batch."""


    return json.dumps(suite(spec).to_json_dict(), indent=2)
