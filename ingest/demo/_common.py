"""Shared calendar, randomness and file-writing helpers for the demo generator.

Everything here is deterministic: no clock, no environment, no hash randomisation. Two runs with the same seed
must write byte-identical files, because tests and the README show numbers computed from them.
"""

from __future__ import annotations

import csv
import io
import json
import random
import string
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

DEMO_MONTHS: tuple[str, ...] = ("2026-08", "2026-09", "2026-10")
DEMO_AS_OF = "2026-11-01"
PERIOD_START = date(2026, 8, 1)
PERIOD_END = date(2026, 11, 1)  # exclusive, same as DEMO_AS_OF

_ID_ALPHABET = string.ascii_letters + string.digits


def sub_rng(seed: int, name: str) -> random.Random:
    """An independent stream per component, so adding draws to one module does not shift the others.

    random.Random seeded with a str hashes it with SHA-512 (seed version 2), which is stable across processes,
    unlike hash().
    """
    return random.Random(f"{seed}:{name}")


def token(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(_ID_ALPHABET) for _ in range(length))


def month_days(month: str) -> list[date]:
    year, mon = (int(part) for part in month.split("-"))
    first = date(year, mon, 1)
    following = date(year + (mon == 12), mon % 12 + 1, 1)
    return [first + timedelta(days=offset) for offset in range((following - first).days)]


def period_days() -> Iterator[date]:
    for month in DEMO_MONTHS:
        yield from month_days(month)


def is_weekend(day: date) -> bool:
    return day.weekday() >= 5


def midnight_utc(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def rfc3339_day(day: date) -> str:
    """Anthropic bucket bounds: whole UTC days with a Z suffix."""
    return f"{day.isoformat()}T00:00:00Z"


def unix_day(day: date) -> int:
    """OpenAI bucket bounds: Unix seconds of UTC midnight."""
    return int(midnight_utc(day).timestamp())


def github_time(moment: datetime) -> str:
    """GitHub's shape: UTC, Z, no fraction ("2026-10-06T14:03:11Z")."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def jira_time(moment: datetime, offset: str) -> str:
    """Jira's shape: milliseconds and an offset without a colon ("2026-10-06T16:20:45.871+0200")."""
    sign = 1 if offset[0] == "+" else -1
    zone = timezone(sign * timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5])))
    local = moment.astimezone(zone)
    return local.strftime("%Y-%m-%dT%H:%M:%S.") + f"{local.microsecond // 1000:03d}" + local.strftime("%z")


def work_moment(rng: random.Random, day: date, utc_offset_hours: float) -> datetime:
    """A moment during someone's local working hours on `day`, returned in UTC, with milliseconds."""
    local_seconds = rng.randint(9 * 3600, 18 * 3600)
    moment = midnight_utc(day) + timedelta(seconds=local_seconds - int(utc_offset_hours * 3600))
    return moment.replace(microsecond=rng.randint(0, 999) * 1000)


def write_json(path: Path, payload: Any) -> Path:
    """Compact JSON like the APIs return; sort_keys is left to callers that mimic a tool which sorts."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    path.write_bytes((text + "\n").encode("utf-8"))
    return path


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path
