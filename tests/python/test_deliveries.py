"""Cloud bills delivered in parts: the parts of one delivery add up (from a folder or one by one), a newer delivery
replaces every part of the older, an older delivery loaded late never replaces a newer one, separate per-account
exports never replace each other, a corrected outcome replaces the older row whatever its date, and Azure keeps its
distinct lines and reads .csv.gz (ingest/deliveries.py). No dbt build: the raw tables say it all."""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES, query, run_cli, table_counts

from ingest.detect import detect

D = FIXTURES / "deliveries"
CUR_PARTITION = "acme-cur/data/BILLING_PERIOD=2026-10"
CUR_PARTS = [D / "cur" / CUR_PARTITION / f"acme-cur-0000{n}.csv.gz" for n in (1, 2)]
AZURE_RUN = D / "azure/acme-actual/20261001-20261031/202611020611/6f1d2c3b-9a8e-4b7f-8c6d-5e4f3a2b1c0d"
CUR_COST, AZURE_COST = "line_item_unblended_cost", "cost_in_billing_currency"


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    text = gzip.decompress(path.read_bytes()).decode() if path.suffix == ".gz" else path.read_text()
    header, *rows = list(csv.reader(io.StringIO(text)))
    return header, rows


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(buffer.getvalue().encode()) if path.suffix == ".gz" else buffer.getvalue().encode())
    return path


def total(paths: list[Path], column: str) -> tuple[int, Decimal]:
    """Lines and billed money of the files, from their text with Decimal."""
    lines, money = 0, Decimal(0)
    for path in paths:
        header, rows = read_rows(path)
        lines += len(rows)
        money += sum((Decimal(r[header.index(column)]) for r in rows), Decimal(0))
    return lines, money


def current(db: Path, table: str, column: str) -> tuple[int, Decimal]:
    return query(db, f"select count(*), sum({column}) from raw.{table} where not _is_superseded")[0]


def cur_delivery(root: Path, execution: str, parts: list[list[list[str]]]) -> list[Path]:
    """A CUR 2.0 delivery as AWS lays it out: data/BILLING_PERIOD=.../<export>-0000n.csv.gz and its manifest."""
    header, _ = read_rows(CUR_PARTS[0])
    paths = [write_rows(root / CUR_PARTITION / f"acme-cur-0000{n}.csv.gz", header, rows) for n, rows in
             enumerate(parts, 1)]  # fmt: skip
    manifest = json.loads((D / "cur/acme-cur/metadata/BILLING_PERIOD=2026-10/acme-cur-Manifest.json").read_text())
    uris = [f"s3://acme-billing/cur/{CUR_PARTITION}/{p.name}" for p in paths]
    manifest |= {"executionId": execution, "dataFiles": uris}
    metadata = root / "acme-cur/metadata/BILLING_PERIOD=2026-10"
    metadata.mkdir(parents=True, exist_ok=True)
    (metadata / "acme-cur-Manifest.json").write_text(json.dumps(manifest))
    return paths


def restated_cur() -> list[list[str]]:
    """October restated: the first line's cost corrected to 2.5, the last three lines gone."""
    header, rows = read_rows(CUR_PARTS[0])
    rows = rows + read_rows(CUR_PARTS[1])[1]
    rows = [list(r) for r in rows[:-3]]
    rows[0][header.index(CUR_COST)] = "2.5"
    return rows


# ---------------------------------------------------------------- the parts of one delivery add up


def test_a_cur_delivery_in_parts_loads_whole_from_its_folder(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    result = run_cli("ingest", D / "cur", "--db", db)
    assert result.exit_code == 0, result.output
    assert "skipped 1 file that is not an input: acme-cur-Manifest.json" in result.output
    assert "superseded" not in result.output and result.stderr == ""  # every part its manifest names: no warning
    assert current(db, "aws__cur_lines", CUR_COST) == total(CUR_PARTS, CUR_COST) == (42, Decimal("158.075930645"))
    assert query(db, "select distinct delivery_id, evidence from raw._deliveries") == [
        ("aws:arn:aws:bcm-data-exports:us-east-1:999988887777:export/acme-cur-1a2b3c4d:"
         "0e5b8c3a-7d21-4f0e-9a61-2c8f3b9d4e17#1", "manifest")]  # fmt: skip


def test_parts_loaded_one_by_one_add_up_and_a_part_again_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    for part in reversed(CUR_PARTS):  # any order
        assert run_cli("ingest", part, "--db", db).exit_code == 0
    assert current(db, "aws__cur_lines", CUR_COST) == (42, Decimal("158.075930645"))
    before = table_counts(db)
    again = run_cli("ingest", CUR_PARTS[0], "--db", db)
    assert again.exit_code == 0 and "already loaded" in again.output
    assert table_counts(db) == before


def test_a_newer_delivery_replaces_every_part_of_the_older(tmp_path: Path) -> None:
    db, restated = tmp_path / "w.duckdb", restated_cur()
    older = cur_delivery(tmp_path / "day1", "exec-day-1", [read_rows(p)[1] for p in CUR_PARTS])
    newer = cur_delivery(tmp_path / "day2", "exec-day-2", [restated[:30], restated[30:]])
    assert run_cli("ingest", tmp_path / "day1", "--db", db).exit_code == 0
    result = run_cli("ingest", newer[0], "--db", db)  # the first part of the newer delivery replaces the older whole
    assert result.exit_code == 0 and "42 older rows superseded" in result.output, result.output
    assert result.stderr == ("warning: acme-cur-00001.csv.gz: 1 of the 2 parts its manifest names are loaded "
                             "(delivery exec-day-2#1); the period's bill is short until the others load\n")
    second = run_cli("ingest", newer[1], "--db", db)  # and its second part adds to its first
    assert (second.exit_code, second.stderr) == (0, "")
    assert current(db, "aws__cur_lines", CUR_COST) == total(newer, CUR_COST) == (39, Decimal("56.024430645"))
    assert total(older, CUR_COST) == (42, Decimal("158.075930645"))


def test_parts_copied_over_the_older_run_without_a_manifest_start_a_new_delivery(tmp_path: Path) -> None:
    """`aws s3 cp` of today's parts over yesterday's, without the manifest: the part names come again, and a part
    name already loaded from that folder is a new delivery, which replaces the older, never adds to it."""
    db, inbox, restated = tmp_path / "w.duckdb", tmp_path / "BILLING_PERIOD=2026-10", restated_cur()
    for part in CUR_PARTS:
        shutil.copy(part, inbox.mkdir(exist_ok=True) or inbox / part.name)
    assert run_cli("ingest", inbox, "--db", db).exit_code == 0
    assert current(db, "aws__cur_lines", CUR_COST) == (42, Decimal("158.075930645"))
    header, _ = read_rows(CUR_PARTS[0])
    parts = zip(CUR_PARTS, (restated[:25], restated[25:]), strict=True)
    newer = [write_rows(inbox / p.name, header, rows) for p, rows in parts]
    assert run_cli("ingest", inbox, "--db", db).exit_code == 0
    assert current(db, "aws__cur_lines", CUR_COST) == total(newer, CUR_COST) == (39, Decimal("56.024430645"))
    generations = query(db, "select delivery_id, count(*) from raw._deliveries group by 1 order by 1")
    assert [(d.rsplit("#", 1)[1], n) for d, n in generations] == [("1", 2), ("2", 2)]


def test_newer_parts_beside_an_older_manifest_still_replace_the_older_run(tmp_path: Path) -> None:
    """The parts of today's run copied over yesterday's while the manifest copied stays yesterday's: the manifest
    names the parts, but a part name its run already holds is another run's, so it is a newer delivery."""
    db, restated = tmp_path / "w.duckdb", restated_cur()
    older = cur_delivery(tmp_path / "cur", "exec-day-1", [read_rows(p)[1] for p in CUR_PARTS])
    assert run_cli("ingest", tmp_path / "cur", "--db", db).exit_code == 0
    header, _ = read_rows(CUR_PARTS[0])
    newer = [write_rows(p, header, rows) for p, rows in zip(older, (restated[:20], restated[20:]), strict=True)]
    assert run_cli("ingest", tmp_path / "cur", "--db", db).exit_code == 0
    assert current(db, "aws__cur_lines", CUR_COST) == total(newer, CUR_COST) == (39, Decimal("56.024430645"))


def test_an_unchanged_part_of_a_newer_delivery_stays_in_it(tmp_path: Path) -> None:
    """Today's run rewrote part 1 and left part 2 byte for byte: part 1 replaces yesterday's delivery, and part 2,
    already loaded, joins today's delivery instead of being lost with yesterday's."""
    db, inbox = tmp_path / "w.duckdb", tmp_path / "BILLING_PERIOD=2026-10"
    for part in CUR_PARTS:
        shutil.copy(part, inbox.mkdir(exist_ok=True) or inbox / part.name)
    assert run_cli("ingest", inbox, "--db", db).exit_code == 0
    header, rows = read_rows(CUR_PARTS[0])
    rows[0][header.index(CUR_COST)] = "2.5"  # a corrected line
    newer = write_rows(inbox / CUR_PARTS[0].name, header, rows)
    result = run_cli("ingest", inbox, "--db", db)
    assert result.exit_code == 0, result.output
    assert "unchanged in the newer delivery: 21 rows current again" in result.output, result.output
    expected = total([newer, inbox / CUR_PARTS[1].name], CUR_COST)
    assert current(db, "aws__cur_lines", CUR_COST) == expected
    assert expected[0] == 42 and expected[1] != Decimal("158.075930645")
    generations = query(db, "select split_part(delivery_id, '#', -1), count(*) from raw._deliveries group by 1")
    assert sorted(generations) == [("1", 1), ("2", 2)]
    before = table_counts(db)
    again = run_cli("ingest", inbox, "--db", db)  # and the folder again changes nothing
    assert again.exit_code == 0 and "current again" not in again.output
    assert table_counts(db) == before and current(db, "aws__cur_lines", CUR_COST) == expected


def test_each_run_folder_takes_its_own_manifest_whatever_the_part_names(tmp_path: Path) -> None:
    """Runs of one period in folders of their own under data/BILLING_PERIOD=2026-10/, with the same part names, and
    every run's manifest under metadata/: a part's delivery is the manifest naming its run folder and name."""
    header, rows = read_rows(CUR_PARTS[0])
    root, partition = tmp_path / "acme-cur", "BILLING_PERIOD=2026-10"
    manifest = json.loads((D / "cur/acme-cur/metadata/BILLING_PERIOD=2026-10/acme-cur-Manifest.json").read_text())
    for run, cost in (("run-a", "1.5"), ("run-b", "2.5")):
        rows[0][header.index(CUR_COST)] = cost
        write_rows(root / "data" / partition / run / "acme-cur-00001.csv.gz", header, rows)
        uri = f"s3://acme-billing/cur/acme-cur/data/{partition}/{run}/acme-cur-00001.csv.gz"
        (root / "metadata" / partition / run).mkdir(parents=True)
        (root / "metadata" / partition / run / "acme-cur-Manifest.json").write_text(
            json.dumps(manifest | {"executionId": f"exec-{run}", "dataFiles": [uri]}))
    db = tmp_path / "w.duckdb"
    for run in ("run-a", "run-b"):
        assert run_cli("ingest", root / "data" / partition / run, "--db", db).exit_code == 0
    deliveries = query(db, """select split_part(f.file_path, '/', -2), split_part(d.delivery_id, ':', -1)
                              from raw._deliveries d join raw._ingest_files f using (file_sha256) order by 1""")
    assert deliveries == [("run-a", "exec-run-a#1"), ("run-b", "exec-run-b#1")]
    assert current(db, "aws__cur_lines", CUR_COST) == total([root / "data" / partition / "run-b" /
                                                              "acme-cur-00001.csv.gz"], CUR_COST)  # fmt: skip


@pytest.mark.parametrize("stamps", [("20261015", "20261031"), ("202610151200", "202610311200")])
def test_date_stamped_exports_of_one_month_in_one_folder_are_not_parts(tmp_path: Path, stamps: tuple) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    early = shutil.copy(FIXTURES / "aws_cur/cur_2026-10_early.csv", inbox / f"cur_{stamps[0]}.csv")
    full = shutil.copy(FIXTURES / "aws_cur/cur_2026-10.csv", inbox / f"cur_{stamps[1]}.csv")
    db = tmp_path / "w.duckdb"
    assert run_cli("ingest", inbox, "--db", db).exit_code == 0
    assert current(db, "aws__cur_lines", CUR_COST) == total([Path(full)], CUR_COST) == (42, Decimal("158.075930645"))
    superseded = query(db, "select count(*) from raw.aws__cur_lines where _is_superseded")
    assert superseded == [(total([Path(early)], CUR_COST)[0],)] == [(11,)]


# ---------------------------------------------------------------- restatement scopes


def test_one_focus_export_per_sub_account_does_not_replace_the_other(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    one, two = D / "focus_sub_200000000011.csv", D / "focus_sub_200000000012.csv"
    assert run_cli("ingest", one, two, "--db", db).exit_code == 0
    money = "BilledCost"  # the file's 14 decimals kept to 12 (money_scale.py)
    assert total([one, two], money) == (8, Decimal("613.52029400000050"))
    assert current(db, "focus__cost_lines", money) == (8, Decimal("613.520294000001"))
    header, rows = read_rows(one)  # sub account 11 restated: its credit line gone
    restated = write_rows(tmp_path / "focus_sub_200000000011_restated.csv", header,
                          [r for r in rows if not r[header.index("ChargeDescription")].startswith("AWS Activate")])
    assert run_cli("ingest", restated, "--db", db).exit_code == 0
    assert total([restated, two], money) == (7, Decimal("614.77029400000050"))  # the credit of -1.25 gone
    assert current(db, "focus__cost_lines", money) == (7, Decimal("614.770294000001"))
    assert query(db, "select count(*) from raw.focus__cost_lines where _is_superseded") == [(6,)]  # only 11's
    # a file of several sub accounts is the billing account's own export: it restates every sub account of it
    whole = FIXTURES / "focus/focus_1.2_aws.csv"
    assert run_cli("ingest", whole, "--db", db).exit_code == 0
    assert total([whole], money) == (9, Decimal("1174.44061400000050"))
    assert current(db, "focus__cost_lines", money) == (9, Decimal("1174.440614000001"))


def test_cur_exports_of_each_linked_account_do_not_replace_each_other(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    header, rows = read_rows(FIXTURES / "aws_cur/cur_2026-10.csv")
    account = header.index("line_item_usage_account_id")
    files = [write_rows(tmp_path / f"cur_{a}.csv", header, [r for r in rows if r[account] == a])
             for a in ("111122223333", "444455556666")]  # fmt: skip
    assert all(total([f], CUR_COST)[0] > 0 for f in files)
    assert run_cli("ingest", *files, "--db", db).exit_code == 0
    assert current(db, "aws__cur_lines", CUR_COST) == (42, Decimal("158.075930645"))


# ---------------------------------------------------------------- an older delivery loaded late


def older_azure_run(root: Path) -> Path:
    """An Azure run of October submitted a week before the fixture's, its first line then 15.0."""
    run = root / "acme-actual/20261001-20261031/202610260600/0b7e"
    header, rows = read_rows(AZURE_RUN / "part_0_0001.csv.gz")
    rows[0][header.index("CostInBillingCurrency")] = "15.0"
    part = write_rows(run / "part_0_0001.csv.gz", header, rows)
    manifest = json.loads((AZURE_RUN / "manifest.json").read_text())
    manifest["runInfo"] |= {"runId": "0b7e", "submittedTime": "2026-10-26T06:00:00.0000000Z"}
    manifest["blobs"] = [{"blobName": f"costexports/x/{part.name}", "byteCount": part.stat().st_size}]
    (run / "manifest.json").write_text(json.dumps(manifest))
    return run


def test_an_older_azure_run_loaded_after_the_newer_one_does_not_replace_it(tmp_path: Path) -> None:
    newer_parts = sorted(AZURE_RUN.glob("part_*.csv.gz"))
    assert [detect(p).name for p in newer_parts] == ["azure_cost_details"] * 2  # .csv.gz is an Azure export
    expected = total(newer_parts, "CostInBillingCurrency")
    assert expected == total([FIXTURES / "azure/cost_details_ea_2026-10.csv"], "CostInBillingCurrency")
    older = older_azure_run(tmp_path / "archive")
    for order in ((AZURE_RUN, older), (older, AZURE_RUN)):
        db = tmp_path / f"{order[0].name}.duckdb"
        for run in order:
            result = run_cli("ingest", run, "--db", db)
            assert result.exit_code == 0, result.output
        assert current(db, "azure__cost_details", AZURE_COST) == expected == (21, Decimal("141.95508009")), order
    stale = query(tmp_path / f"{AZURE_RUN.name}.duckdb", "select rows_stale from raw._ingest_files order by loaded_at")
    assert stale == [(0,), (0,), (10,)]


def gcp_current(db: Path) -> list[tuple]:
    return query(db, """select usage_start_time, sku_id, project_id, cost, export_time from raw.gcp__billing_export
                        where not _is_superseded order by all""")  # fmt: skip


def test_an_older_gcp_extract_loaded_after_the_newer_gives_what_loading_in_order_gives(tmp_path: Path) -> None:
    month, late = FIXTURES / "gcp/billing_export_202610.jsonl", FIXTURES / "gcp/billing_export_202610_late_rows.jsonl"
    in_order, backfilled = tmp_path / "in_order.duckdb", tmp_path / "backfilled.duckdb"
    for db, files in ((in_order, (month, late)), (backfilled, (late, month))):
        for path in files:
            assert run_cli("ingest", path, "--db", db).exit_code == 0
    assert gcp_current(backfilled) == gcp_current(in_order)
    rows = gcp_current(in_order)  # the newer extract's rows, the late one among them
    assert (len(rows), sum(r[3] for r in rows)) == (16, Decimal("10.7957856789"))
    (stale,) = query(backfilled, "select rows_stale from raw._ingest_files where file_name = ?", [month.name])[0]
    (superseded,) = query(in_order, "select rows_superseded from raw._ingest_files where file_name = ?", [late.name])[0]
    assert stale == superseded == 15  # every row of the older extract


# ---------------------------------------------------------------- outcomes and Azure lines


def test_a_corrected_outcome_loaded_later_is_the_truth_whatever_its_date(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    for name in ("outcomes_2026-10-20.csv", "outcomes_2026-10-23_corrected.csv"):
        assert run_cli("ingest", D / name, "--db", db).exit_code == 0
    rows = query(db, """select outcome_id, strftime(occurred_at, '%Y-%m-%d'), value from raw.costper__outcomes
                        where not _is_superseded order by 1""")  # fmt: skip
    assert rows == [("deal-4411", "2026-10-14", Decimal("9500")), ("dep-900", "2026-10-21", None)]


def test_azure_lines_differing_only_by_tags_or_price_tier_all_load(tmp_path: Path) -> None:
    header, rows = read_rows(FIXTURES / "azure/cost_details_ea_2026-10.csv")
    line = rows[0]
    retagged = list(line)
    retagged[header.index("Tags")] = '"team": "search","env": "prod"'  # the tags changed during the day
    tier = list(line)  # the same meter's usage past a price tier: another price, quantity and cost
    for column, value in (("Quantity", "1000"), ("EffectivePrice", "0.0015"), ("CostInBillingCurrency", "1.5")):
        tier[header.index(column)] = value
    path = write_rows(tmp_path / "cost_details_lines.csv", header, [line, retagged, tier])
    db = tmp_path / "w.duckdb"
    result = run_cli("ingest", path, "--db", db)
    assert result.exit_code == 0 and "3 rows loaded, 0 quarantined" in result.output, result.output
    assert current(db, "azure__cost_details", AZURE_COST) == (3, Decimal("16.8") * 2 + Decimal("1.5"))
