"""A company's files split at one day: the files as they stood the day before (every bucket, PR and issue of earlier
days) and that day's new files (its usage and cost buckets, the PRs merged and issues resolved on it), so an
incremental build can be timed (bench_build.py) and checked against a full refresh (tests/python/test_incremental.py).
A PR or issue delivered on the day is absent from the files before it, as if exported only once delivered."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

DELIVERED_AT = ("merged_at", "mergedAt")


def _bucket_day(bucket: dict[str, Any]) -> str:
    if "starting_at" in bucket:
        return bucket["starting_at"][:10]
    return datetime.fromtimestamp(bucket["start_time"], UTC).date().isoformat()


def _delivered_day(item: dict[str, Any]) -> str:
    if "fields" in item:  # a Jira issue
        return (item["fields"].get("resolutiondate") or "")[:10]
    return next((item[key] or "" for key in DELIVERED_AT if key in item), "")[:10]


def _split(document: Any, day: str) -> tuple[Any, Any]:
    """(before, on the day) of one file's content; on the day is None when the file has nothing of that day."""
    if isinstance(document, list):
        before, on_day = (
            [i for i in document if _delivered_day(i) != day],
            [i for i in document if _delivered_day(i) == day],
        )
        return before, on_day or None
    for items_key, is_of_day in (
        ("data", lambda b: _bucket_day(b) == day),
        ("issues", lambda i: _delivered_day(i) == day),
    ):
        if isinstance(document, dict) and isinstance(document.get(items_key), list):
            items = document[items_key]
            on_day = [i for i in items if is_of_day(i)]
            before = {**document, items_key: [i for i in items if not is_of_day(i)]}
            return before, ({**document, items_key: on_day, **_last_page(document)} if on_day else None)
    return document, None


def _last_page(document: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value for key, value in (("has_more", False), ("next_page", None), ("isLast", True)) if key in document
    }


def split_at_day(files: list[Path], day: date, out_dir: Path) -> tuple[list[Path], list[Path]]:
    """Writes out_dir/before/ and out_dir/day/; returns their files. Non-JSON files (the directory) stay before."""
    before_dir, day_dir = out_dir / "before", out_dir / "day"
    for folder in (before_dir, day_dir):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    before_files, day_files = [], []
    for index, path in enumerate(files):
        target = before_dir / f"{index:05d}_{path.name}"
        if path.suffix != ".json":
            shutil.copyfile(path, target)
            before_files.append(target)
            continue
        before, on_day = _split(json.loads(path.read_text()), day.isoformat())
        target.write_text(json.dumps(before))
        before_files.append(target)
        if on_day is not None:
            day_file = day_dir / f"{index:05d}_{path.stem}_{day.isoformat()}.json"
            day_file.write_text(json.dumps(on_day))
            day_files.append(day_file)
    return before_files, day_files
