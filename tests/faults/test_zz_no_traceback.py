"""The last check of the fault suites: no output of any of their processes holds a traceback.

Runs after the other fault suites (pytest takes the files in name order) and reads what every
kpi process they started wrote, killed ones included: ``grep -r Traceback`` over the folder
must find nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Record


def test_no_output_of_the_fault_suites_holds_a_traceback(
    fault_outputs: Path, record: Record
) -> None:
    outputs = sorted(p for p in fault_outputs.rglob("*") if p.suffix in (".out", ".err"))
    if not outputs:
        pytest.skip("no fault suite ran in this session: nothing to read")
    hits = [
        f"{path.relative_to(fault_outputs)}: {text.strip().splitlines()[-1]}"
        for path in outputs
        if "Traceback" in (text := path.read_text(encoding="utf-8", errors="replace"))
    ]
    record(outputs=len(outputs), with_traceback=len(hits))
    assert not hits, f"{len(hits)} of {len(outputs)} outputs hold a traceback:\n" + "\n".join(hits)
