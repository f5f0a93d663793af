"""Deliveries: the files one export run writes for one billing period, which add up, and how old a delivery is.

AWS Data Exports (CUR 2.0, FOCUS) write a billing period as parts, `<export>/data/BILLING_PERIOD=2026-10/
<export>-00001.csv.gz`, `-00002...`, and, once every part is written, `<export>/metadata/BILLING_PERIOD=2026-10/
<export>-Manifest.json` naming them (`dataFiles`, full S3 URIs) under the run's `executionId`. Azure's partitioned
exports write `part_0_0001.csv(.gz)` files and a `manifest.json` in the run's folder, naming them (`blobs[].blobName`)
under `runInfo.runId`, with the run's `runInfo.submittedTime`. A `bq extract` over 1 GB is sharded
(`export-000000000000.json`). A file's delivery is, in this order:

1. the run of a manifest that names the file (beside it, or in CUR's metadata/ folder for the same partition);
2. else, for a part-named file (`-00001`, `part_0_0001`, a 12-digit shard; never a date), its folder and the name
   without the part number; a part of that name already loaded from that folder starts a new delivery (an
   `aws s3 cp` of a newer run over the older one, without its manifest, re-uses the part names);
3. else the file is a delivery of its own.

The files of one delivery never supersede each other; a newer delivery supersedes the older one's rows of its scopes
and period (raw_tables.supersede). How old a delivery is comes only from its own evidence: Azure's manifest
`submittedTime`, GCP's `export_time` (the latest of the file's rows); a delivery older than the current rows of the
same scope and period loads superseded (mark_older_delivery). AWS manifests and FOCUS files carry no run time, so
there the delivery loaded last wins.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingest import raw_tables
from ingest.readers._spec import SourceSpec
from ingest.sql import quote_ident, sql_literal

DDL = """create table if not exists raw._deliveries (
    file_sha256 VARCHAR primary key, source VARCHAR not null, delivery_id VARCHAR not null,
    delivered_at TIMESTAMPTZ, evidence VARCHAR not null)"""
# <export>-00001.csv.gz (AWS), <name>-000000000000.json (bq extract shards, zero-padded), part_0_0001.csv (Azure);
# never a date or a time (cur_20261015.csv and cur_202610201200.csv are two exports of one month, the later
# replacing the earlier)
_PART = re.compile(
    r"^(?P<stem>.+?)(-\d{5}|[-_]0\d{11})(?P<ext>(\.[A-Za-z0-9]+)+)$|^(?P<azure>part)_\d+_\d+(\.[A-Za-z0-9]+)+$"
)


def is_manifest(path: Path) -> bool:
    """A delivery's manifest (read when its parts load), not an input of its own."""
    return path.name == "manifest.json" or path.name.endswith("-Manifest.json")


@dataclass(frozen=True)
class Delivery:
    id: str
    delivered_at: str | None  # the run's time as the export wrote it (ISO 8601), None when it does not say
    evidence: str  # how the delivery was told: manifest, parts, file
    named: int = 0  # the data files its manifest names (0: no manifest)


def _manifests(path: Path) -> list[Path]:
    """Manifests that may name the file: beside it, and AWS's metadata/<partition>/ for data/<partition>/[run/]."""
    found = [p for p in path.parent.glob("*") if is_manifest(p)]
    for partition in (path.parent, path.parent.parent):
        if partition.name.startswith("BILLING_PERIOD=") and partition.parent.name == "data":
            metadata = partition.parent.parent / "metadata" / partition.name
            found += [p for p in metadata.rglob("*") if is_manifest(p)] if metadata.is_dir() else []
    return found


def _from_partition(parts: list[str]) -> tuple[str, ...]:
    """A data file's path from its BILLING_PERIOD= folder on (the run's folder, then the name), else its name: the
    metadata folder holds every run's manifest, and runs of one period can reuse part names."""
    start = next((i for i, part in enumerate(parts) if part.startswith("BILLING_PERIOD=")), len(parts) - 1)
    return tuple(parts[start:])


def _from_manifest(path: Path) -> Delivery | None:
    for manifest in _manifests(path):
        try:
            data = json.loads(manifest.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError):
            continue  # an unreadable manifest tells nothing; the parts still load by the other rules
        if not isinstance(data, dict):
            continue
        if isinstance(data.get("dataFiles"), list) and data.get("executionId"):  # AWS Data Exports
            names = {_from_partition(str(uri).split("/")) for uri in data["dataFiles"]}
            if _from_partition(list(path.parts)) in names:
                return Delivery(f"aws:{data.get('exportArn', '')}:{data['executionId']}", None, "manifest",
                                len(names))
        run = data.get("runInfo") if isinstance(data.get("runInfo"), dict) else {}
        if isinstance(data.get("blobs"), list) and run.get("runId"):  # Azure Cost Management exports
            names = {str(b.get("blobName", "")).rsplit("/", 1)[-1] for b in data["blobs"] if isinstance(b, dict)}
            if path.name in names:
                return Delivery(f"azure:{run['runId']}", run.get("submittedTime"), "manifest", len(names))
    return None


def applies(spec: SourceSpec) -> bool:
    """Cloud bills (delivered in parts, or saying when they ran); every other source: each file is its own."""
    return spec.supersede == "period" and (spec.delivered_in_parts or bool(spec.delivered_at_column))


def find(con: duckdb.DuckDBPyConnection, spec: SourceSpec, path: Path, sha: str) -> Delivery:
    """The file's delivery (module docstring), before its rows load."""
    if not spec.delivered_in_parts:
        return Delivery(f"file:{sha}", None, "file")
    found = _from_manifest(path)
    if found is None:
        part = _PART.match(path.name)
        if part is None:
            return Delivery(f"file:{sha}", None, "file")
        stem = "part" if part.group("azure") else part.group("stem") + part.group("ext")
        found = Delivery(f"parts:{spec.name}:{path.parent}/{stem}", None, "parts")
    return Delivery(_generation(con, found.id, path.name), found.delivered_at, found.evidence, found.named)


def _generation(con: duckdb.DuckDBPyConnection, key: str, name: str) -> str:
    """key#n: the latest delivery of the key, or the next one when it already holds a file of this name (other bytes
    under a part's name: a newer run copied over the older, or an older manifest left beside a newer run's parts)."""
    con.execute(DDL)
    pattern = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "#%"
    latest = con.execute(
        """select d.delivery_id, bool_or(f.file_name = ?) from raw._deliveries d
           join raw._ingest_files f using (file_sha256)
           where d.delivery_id like ? escape '\\' group by 1
           order by cast(split_part(d.delivery_id, '#', -1) as INTEGER) desc limit 1""",
        [name, pattern],
    ).fetchall()
    if not latest:
        return f"{key}#1"
    delivery, has_this_name = latest[0]
    return f"{key}#{int(delivery.rsplit('#', 1)[1]) + 1}" if has_this_name else delivery


def rejoin(con: duckdb.DuckDBPyConnection, spec: SourceSpec, path: Path, sha: str) -> int:
    """A file already loaded that comes again as a part of a newer delivery (the export's next run rewrote its other
    parts and left this one byte for byte): it joins that delivery, and its rows that delivery's other parts
    superseded are current again. Returns how many; 0 where the file is simply loaded again."""
    if not applies(spec) or not spec.delivered_in_parts:
        return 0
    con.execute(DDL)
    recorded = con.execute("select delivery_id from raw._deliveries where file_sha256 = ?", [sha]).fetchall()
    found = find(con, spec, path, sha)
    members = "select file_sha256 from raw._deliveries where delivery_id = ?"
    if not recorded or recorded[0][0] == found.id or not con.execute(members, [found.id]).fetchall():
        return 0  # no newer delivery holds other files: the same file again changes nothing
    con.execute("begin transaction")
    try:
        con.execute("update raw._deliveries set delivery_id = ?, evidence = ? where file_sha256 = ?",
                    [found.id, found.evidence, sha])  # fmt: skip
        restored = con.execute(
            f"""update raw.{spec.raw_table} set _is_superseded = false, _superseded_by = null
                where _file_sha256 = ? and _superseded_by in ({members})""",
            [sha, found.id],
        ).fetchall()[0][0]
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return restored


def record(con: duckdb.DuckDBPyConnection, spec: SourceSpec, sha: str, delivery: Delivery) -> None:
    """Remember the file's delivery (in the load's transaction); its age from its rows where the source says."""
    if not applies(spec):
        return
    con.execute(DDL)
    delivered_at: object = delivery.delivered_at
    if spec.delivered_at_column:
        column = quote_ident(spec.delivered_at_column)
        (delivered_at,) = con.execute(
            f"select max({column}) from raw.{spec.raw_table} where _file_sha256 = ?", [sha]
        ).fetchall()[0]
    con.execute(
        "insert into raw._deliveries values (?, ?, ?, try_cast(? as TIMESTAMPTZ), ?)",
        [sha, spec.name, delivery.id, None if delivered_at is None else str(delivered_at), delivery.evidence],
    )


def shortfall(con: duckdb.DuckDBPyConnection, delivery: Delivery) -> tuple[str, ...]:
    """A warning while a delivery's manifest names parts not loaded yet: its first part has already replaced the
    older delivery, so the period's bill is short until the rest load. Said only for the last file of the source an
    ingest loads (ingest_cmd), so a folder holding every part says nothing."""
    if not delivery.named:
        return ()
    (loaded,) = con.execute("select count(*) from raw._deliveries where delivery_id = ?", [delivery.id]).fetchall()[0]
    if loaded >= delivery.named:
        return ()
    return (f"{loaded} of the {delivery.named} parts its manifest names are loaded (delivery "
            f"{delivery.id.rsplit(':', 1)[-1]}); the period's bill is short until the others load",)  # fmt: skip


def spared(sha: str) -> str:
    """The files a new file never supersedes: its own delivery's, and those of a delivery newer than it."""
    new = f"(select * from raw._deliveries where file_sha256 = {sql_literal(sha)})"
    return f"""select o.file_sha256 from raw._deliveries o, {new} n
               where o.delivery_id = n.delivery_id or o.delivered_at > n.delivered_at"""


def mark_older_delivery(con: duckdb.DuckDBPyConnection, spec: SourceSpec, sha: str) -> int:
    """A delivery older than rows already loaded (an archive backfilled after a newer export) loads superseded by
    the newer file where that file, had it come last, would have superseded it: rows starting within the newer
    file's period (its first start to its last end), in a scope it holds. Only where both deliveries say when they
    ran; the result is then the same whatever the order the files are loaded in."""
    if not applies(spec) or not spec.period_start:
        return 0
    if con.execute("select delivered_at from raw._deliveries where file_sha256 = ?", [sha]).fetchall()[0][0] is None:
        return 0  # a delivery that does not say when it ran is never older (and a big CUR needs no scan for it)
    table, start = f"raw.{spec.raw_table}", quote_ident(spec.period_start)
    end = quote_ident(spec.period_end or spec.period_start)
    newer_rows = f"(select * from {table} where _file_sha256 = newer.file and not _is_superseded) s"
    scope = f" and {raw_tables.covers_scope_sql(spec, newer_rows, 'older')}" if spec.restatement_scope else ""
    stale = con.execute(
        f"""update {table} older set _is_superseded = true, _superseded_by = newer.file
            from (select x._file_sha256 as file, min(x.{start}) as lo, max(x.{end}) as hi from {table} x
                  join raw._deliveries d on d.file_sha256 = x._file_sha256,
                       (select * from raw._deliveries where file_sha256 = ?) n
                  where x._file_sha256 <> n.file_sha256 and not x._is_superseded
                    and d.delivered_at > n.delivered_at and d.delivery_id <> n.delivery_id
                  group by 1) newer
            where older._file_sha256 = ? and not older._is_superseded
              and older.{start} >= newer.lo and older.{start} < newer.hi{scope}""",
        [sha, sha],
    )
    return stale.fetchall()[0][0]
