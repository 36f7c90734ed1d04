"""Whatever a person types or a file holds, kpitrack answers with a sentence, never a crash."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpitrack.batch import parse_lines
from kpitrack.errors import KpiError, one_line
from kpitrack.extract import extract
from kpitrack.quantity import parse_quantity
from kpitrack.recording import parse_day
from kpitrack.targets import parse_targets

from .conftest import REPO_TARGETS

LINES = REPO_TARGETS.read_text(encoding="utf-8").splitlines()
NOISE = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(LINES) - 1),
            st.sampled_from(["drop", "dup", "noise", "indent"]),
            NOISE,
        ),
        max_size=4,
    )
)
def test_a_damaged_targets_yaml_is_refused_with_sentences(
    edits: list[tuple[int, str, str]],
) -> None:
    lines = list(LINES)
    for index, action, noise in edits:
        index = min(index, len(lines) - 1)
        if action == "drop":
            del lines[index]
        elif action == "dup":
            lines.insert(index, lines[index])
        elif action == "noise":
            head, _, _ = lines[index].partition(":")
            lines[index] = f"{head}: {noise}"
        else:
            lines[index] = " " + lines[index]
        if not lines:
            break
    try:
        parse_targets("\n".join(lines), Path("targets.yaml"))
    except KpiError as error:
        assert str(error).strip()
        assert "Traceback" not in str(error)


@given(NOISE)
def test_any_typed_value_parses_or_is_refused(text: str) -> None:
    try:
        parse_quantity(text)
    except KpiError as error:
        assert str(error).endswith(("。", "."))


@given(NOISE)
def test_any_typed_date_parses_or_is_refused(text: str) -> None:
    try:
        parse_day(text)
    except KpiError as error:  # quoted as typed, a control or line break as its escape
        assert str(one_line(text)) in str(error)
        assert len(str(error).splitlines()) == 1


@given(st.text(max_size=400))
def test_any_batch_text_is_read_into_rows(text: str) -> None:
    for row in parse_lines(text).rows:
        assert row.number >= 1


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list('一二三十百万亿0123456789.,，、。；个家所%亿元确保完成新增第届号"“”\n 年月日+')
        ),
        max_size=200,
    )
)
def test_extract_reads_any_text(text: str) -> None:
    for found in extract(text):
        assert found.line >= 1 and found.kind in {"result", "target"}
