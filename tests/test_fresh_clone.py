"""A newcomer's `git clone` with nothing beside it passes the README's test command.

The repository's tracked files are copied into an empty folder (no ``../shared`` beside it) and
the whole suite runs there as a separate process: every test that needs the report text must
skip with its reason, and none may fail. Inside that run this test skips itself.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

NESTED = "KPI_FRESH_CLONE_RUN"


def tracked_files(root: Path) -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True
    ).stdout.decode()
    return [name for name in listed.split("\0") if name and (root / name).is_file()]


@pytest.mark.skipif(bool(os.environ.get(NESTED)), reason="already inside the fresh-clone run")
def test_the_suite_passes_in_a_fresh_clone_without_shared(tmp_path: Path) -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: nothing to clone from")
    clone = tmp_path / "clone" / "kpitrack"
    for name in tracked_files(ROOT):
        (clone / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, clone / name)
    assert not (clone.parent / "shared").exists()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KPI_")}
    env[NESTED] = "1"
    env["KPI_FUZZ_EXAMPLES"] = "30"
    env["PYTHONPATH"] = str(clone / "src")  # the clone's own code, not the installed checkout
    result = subprocess.run(
        # its own temporary folder: pytest prunes the numbered ones that runs share
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-rs",
            "--basetemp",
            str(tmp_path / "nested-tmp"),
            # the fault suites and the fuzz read nothing beside the checkout: run once, outside
            "--ignore",
            "tests/faults",
            # and the PostgreSQL tests, which read nothing beside it either, once
            "--engine",
            "sqlite",
        ],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    tail = result.stdout[-3000:]
    assert result.returncode == 0, tail
    closing = result.stdout.strip().splitlines()[-1]
    assert not re.search(r"\d+ (failed|error)", closing), closing
    assert re.search(r"\d+ passed", closing), closing
    assert "(../shared/seed) is not beside this checkout" in result.stdout  # skipped, with why
