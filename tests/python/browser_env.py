"""Debian's Chromium for the browser tests: installed with apt-get when missing (as root, as on our machines and
CI; nothing is cached in the repository), driven by playwright with executable_path, never `playwright install`
(no browser download). A machine that truly cannot install it skips the test and says why."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
APT_ENV = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}


def _apt(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["apt-get", *args], capture_output=True, text=True, env=APT_ENV, timeout=900, check=False)


def ensure_chromium() -> Path:
    """/usr/bin/chromium, installing the package `chromium` first if needed (apt-get update only when the
    install cannot find it, as on a fresh machine whose package lists are empty)."""
    if CHROMIUM.exists():
        return CHROMIUM
    if shutil.which("apt-get") is None:
        pytest.skip(f"{CHROMIUM} is missing and this machine has no apt-get to install Debian's chromium")
    if os.geteuid() != 0:
        pytest.skip(f"{CHROMIUM} is missing and installing it needs root: run `apt-get install -y chromium`")
    done = _apt("install", "-y", "chromium")
    if done.returncode != 0:
        update = _apt("update")
        done = _apt("install", "-y", "chromium") if update.returncode == 0 else update
    if done.returncode != 0 or not CHROMIUM.exists():
        last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        pytest.skip(f"cannot install Debian's chromium (apt-get exit {done.returncode}: {last[0]})")
    return CHROMIUM
