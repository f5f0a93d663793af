"""What `costper ingest PATH...` reads: the files given, and under a directory every file that may be an input.

A file named on the command line is always tried (and refused with one line if it cannot be read). Under a
directory, files that are clearly not inputs (notes, documents, hidden files, warehouse files, costper's own
cost-per-outcome CSVs) are skipped and listed, and costper's own output folders are never read: the exports it
writes, the warehouse folder and DuckDB's spill folder beside the warehouse file, and dbt's target/ and logs/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ingest import deliveries, warehouse
from ingest.errors import InputError

NOT_EXPORTS = (".md", ".txt", ".pdf", ".doc", ".docx", ".log", ".duckdb", ".wal", ".sql", ".py", ".yml", ".yaml")
# costper's own output folders, by name (wherever they are) and, for the project's defaults, by place
OUTPUT_FOLDER_NAMES = ("target", "logs", "dbt_packages", "__pycache__")
_PROJECT_OUTPUTS = ("exports", "warehouse", "target", "logs")
# costper's own cost-per-outcome CSV (README "Export columns", stable): written by `costper export`, never read
COSTPER_EXPORT_HEADER = "month,team_id,team_name,outcome_type,"
GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class Inputs:
    files: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # not exports, under a directory given

    def skipped_line(self) -> str:
        names = ", ".join(p.name for p in self.skipped[:5]) + (", ..." if len(self.skipped) > 5 else "")
        count = len(self.skipped)
        what = "file that is not an input" if count == 1 else "files that are not inputs"
        return f"skipped {count} {what}: {names}"


def natural_order(path: Path) -> list[object]:
    """page2 before page10: numbers in names compare as numbers."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", str(path))]


def _output_folders(db: Path | None) -> set[Path]:
    """The folders costper writes to, resolved: never inputs."""
    database = warehouse.resolve_db(db)
    folders = {warehouse.PROJECT_DIR / name for name in _PROJECT_OUTPUTS}
    folders |= {database.parent, *(database.with_name(database.name + end) for end in (".tmp", ".building"))}
    return {f.resolve() for f in folders}


def _is_output(path: Path, root: Path, outputs: set[Path]) -> bool:
    """path is inside one of costper's output folders below root (root itself was asked for by the user)."""
    for parent in path.relative_to(root).parents:
        folder = root / parent
        if folder != root and (folder.resolve() in outputs or folder.name in OUTPUT_FOLDER_NAMES
                               or folder.name.startswith(".") or folder.name.endswith(".tmp")):  # fmt: skip
            return True
    return False


def _may_be_input(path: Path) -> bool:
    if path.name.startswith(".") or path.suffix.lower() in NOT_EXPORTS or deliveries.is_manifest(path):
        return False  # a delivery's manifest is read with its parts (ingest/deliveries.py)
    if path.suffix.lower() == ".csv" and path.is_file():
        with path.open("rb") as f:
            return not f.read(len(COSTPER_EXPORT_HEADER)).decode("utf-8", "replace").startswith(COSTPER_EXPORT_HEADER)
    return True


def expand(paths: tuple[Path, ...] | list[Path], db: Path | None = None) -> Inputs:
    """Files as given; a directory means every file under it that may be an input, in natural name order. A
    dangling symlink under a directory is kept, so that it is named as an error rather than silently dropped."""
    found = Inputs()
    outputs = _output_folders(db)
    database = warehouse.resolve_db(db)
    own = {database, *(database.with_name(database.name + end) for end in (".lock", ".wal"))}  # the warehouse's
    for path in paths:
        if not path.is_dir():
            found.files.append(path)
            continue
        under = sorted((p for p in path.rglob("*") if p.is_file() or p.is_symlink()), key=natural_order)
        for file in under:
            if _is_output(file, path, outputs) or file.resolve() in own:
                continue
            (found.files if _may_be_input(file) else found.skipped).append(file)
    return found


def refuse_unreadable(path: Path) -> Path:
    """The file to read (a symlink resolved), or one line saying why it cannot be read."""
    if path.is_symlink() and not path.exists():
        raise InputError(path, f"a symbolic link to {path.readlink()}, which does not exist")
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "a directory where a file was expected")
    resolved = path.resolve()
    with resolved.open("rb") as f:
        magic = f.read(4)
    if not magic:
        raise InputError(path, "the file is empty (0 bytes): nothing to load; an empty export is `[]` or a header")
    if magic == ZIP_MAGIC:
        raise InputError(path, "a zip archive, which costper does not read: unzip it and ingest the files inside")
    if magic[:2] == GZIP_MAGIC and resolved.suffix.lower() != ".gz":
        raise InputError(path, f"gzip-compressed but not named .gz: rename it {path.name}.gz to load it")
    return resolved
