"""The FinOps Foundation's focus-validator in a virtual environment of its own (it needs Python 3.12+ and pins its
own numpy and pandas), made once per machine under target/ and reused while its requirements are the same."""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

VALIDATOR_VERSION = "2.2.1"
# focus-validator 2.2.1 pins numpy<2 but not pyarrow, and pyarrow 26 needs numpy 2: unpinned, the venv cannot
# read a single file (ImportError in pyarrow).
REQUIREMENTS = (f"focus-validator=={VALIDATOR_VERSION}", "pyarrow<26")
RULES_FILE = "focus_validator/rules/model-1.2.0.1.json"


def find_python312() -> Path | None:
    """A Python 3.12 or newer: pyenv's, python3.12 on PATH, or ~/.pyenv/versions/3.12*."""
    candidates: list[str] = []
    if shutil.which("pyenv"):
        done = subprocess.run(["pyenv", "prefix", "3.12"], capture_output=True, text=True, check=False)
        prefixes = done.stdout.strip().split(":") if done.returncode == 0 else []
        candidates += [str(Path(prefix) / "bin" / "python") for prefix in prefixes if prefix]
    candidates += [p for p in (shutil.which("python3.12"), shutil.which("python3.13")) if p]
    candidates += sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.1[2-9]*/bin/python")))
    for candidate in (c for c in candidates if Path(c).exists()):
        check = [candidate, "-c", "import sys; print(sys.version_info >= (3, 12))"]
        done = subprocess.run(check, capture_output=True, text=True, check=False)
        if done.stdout.strip() == "True":
            return Path(candidate)
    return None


def validator_venv(python: Path, root: Path) -> Path:
    """The venv under root, made (about 40 s) only when missing or made for other requirements."""
    venv = root / f"focus-validator-{VALIDATOR_VERSION}"
    stamp = venv / ".requirements"
    if stamp.exists() and stamp.read_text() == "\n".join(REQUIREMENTS):
        return venv
    subprocess.run([str(python), "-m", "venv", "--clear", str(venv)], check=True, capture_output=True)
    pip = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check", *REQUIREMENTS],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert pip.returncode == 0, pip.stdout[-3000:] + pip.stderr[-3000:]
    stamp.write_text("\n".join(REQUIREMENTS))
    return venv


@dataclass(frozen=True)
class Validation:
    """One focus-validator run: every rule's result (passed | failed | skipped | errored), from its JUnit file."""

    statuses: dict[str, str]
    or_parents: dict[str, str]  # rule -> the OR rule it is one alternative of
    output: str

    def failures(self) -> list[str]:
        """Failed or errored rules, except an alternative of an OR rule that passed: the validator reports the
        branch an OR did not take as failed (InvoiceId-C-004-C "MUST be null" on a file whose InvoiceId is set,
        while InvoiceId-C-003-C, the OR of null-when-not-invoiced and set-when-invoiced, passes)."""
        return sorted(
            rule
            for rule, status in self.statuses.items()
            if status in ("failed", "errored") and self.statuses.get(self.or_parents.get(rule, ""), "") != "passed"
        )

    def passed(self) -> set[str]:
        return {rule for rule, status in self.statuses.items() if status == "passed"}


def validate(venv: Path, data_file: Path, version: str, criteria: tuple[str, ...], out_dir: Path) -> Validation:
    """Run the validator on one file, offline (--block-download: the rules it ships for `version`)."""
    site = Path(next(iter(glob.glob(str(venv / "lib" / "python3.*" / "site-packages")))))
    report = out_dir / f"{data_file.name}.junit.xml"
    done = subprocess.run(
        [str(venv / "bin" / "focus-validator"), "--data-file", str(data_file), "--validate-version", version,
         "--block-download", "--applicability-criteria", ",".join(criteria),
         "--output-type", "unittest", "--output-destination", str(report)],
        capture_output=True, text=True, check=False, cwd=site,  # it opens its currency list by a relative path
    )  # fmt: skip
    output = done.stdout[-3000:] + done.stderr[-3000:]
    assert done.returncode == 0 and report.exists(), output
    statuses: dict[str, str] = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        rule = case.attrib["name"].split(" :: ")[0]
        outcome = next((child.tag for child in case if child.tag in ("failure", "error", "skipped")), "passed")
        statuses[rule] = {"failure": "failed", "error": "errored"}.get(outcome, outcome)
    return Validation(statuses, _or_parents(site / RULES_FILE), output)


def _or_parents(rules_file: Path) -> dict[str, str]:
    rules = json.loads(rules_file.read_text())["ModelRules"]
    parents: dict[str, str] = {}
    for rule_id, rule in rules.items():
        requirement = rule["ValidationCriteria"].get("Requirement") or {}
        if requirement.get("CheckFunction") == "OR":
            for item in requirement.get("Items", []):
                if item.get("CheckFunction") == "CheckModelRule":
                    parents[item["ModelRuleId"]] = rule_id
    return parents
