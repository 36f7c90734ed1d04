"""Fixtures of the fault suites: a runner per test, its outputs kept for the meta-check."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .harness import SCALE, SEED, Runner

Record = Callable[..., None]


@pytest.fixture(scope="session")
def fault_outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where every kpi process of the session writes its stdout and stderr."""
    folder = tmp_path_factory.getbasetemp() / "fault-outputs"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def runner(tmp_path: Path, fault_outputs: Path, request: pytest.FixtureRequest) -> Iterator[Runner]:
    name = re.sub(r"[^\w.-]+", "_", request.node.name)[:200]
    made = Runner(tmp_path, fault_outputs / name)
    try:
        yield made
    finally:
        made.close()


@pytest.fixture
def record(fault_outputs: Path, request: pytest.FixtureRequest) -> Record:
    """Figures for the README's table, one JSON line per test: what was tried, what held."""

    def write(**figures: object) -> None:
        line = {"test": request.node.name, "scale": SCALE, "seed": SEED, **figures}
        with (fault_outputs / "figures.jsonl").open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")

    return write
