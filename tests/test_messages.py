"""Every sentence exists in Chinese and English, with the same blanks to fill."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from kpitrack.messages import CATALOGUE, detect_language


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_both_languages_fill_the_same_fields(key: str) -> None:
    entry = CATALOGUE[key]
    assert set(entry) == {"zh", "en"}
    assert fields(entry["zh"]) == fields(entry["en"])


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"KPI_LANG": "en"}, "en"),
        ({"KPI_LANG": "zh", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "zh"),
        ({}, "zh"),  # a cron job without a locale: Python would call it en_US
    ],
)
def test_language_follows_kpi_lang_then_the_locale(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    for var in ("KPI_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert detect_language() == expected


def test_every_readme_a_message_points_to_has_that_section_in_the_users_language() -> None:
    """A Chinese clerk is sent to the Chinese guide's section, an English reader to the
    README's; each section named must exist there (issue 14)."""
    root = Path(__file__).resolve().parent.parent
    chinese = (root / "README.zh-CN.md").read_text(encoding="utf-8")
    english = (root / "README.md").read_text(encoding="utf-8")
    pointed = 0
    for key, texts in CATALOGUE.items():
        for section in re.findall(r"README\.zh-CN\.md「([^」]+)」", texts["zh"]):
            assert f"## {section}\n" in chinese, (key, section)
            pointed += 1
        assert "README「" not in texts["zh"] and "“Backup" not in texts["zh"], key
        for section in re.findall(r"README, '([^']+)'", texts["en"]):
            assert f"**{section}.**" in english or f"## {section}\n" in english, (key, section)
            pointed += 1
    assert pointed >= 10


CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")
FIELD = re.compile(r"\{[^{}]*\}")


def test_english_sentences_hold_no_chinese_of_their_own() -> None:
    """--lang en prints Chinese only as data: a name, a unit or a stage filled in through a
    {field}. An example a reader should type is English input kpitrack accepts (5.92 billion
    yuan, 2024-06, done, the headings id and value), never 59.2亿元 or 完成 (issue 14)."""
    leaking = {
        key: texts["en"]
        for key, texts in CATALOGUE.items()
        if CJK.search(FIELD.sub("", texts["en"]))
    }
    assert leaking == {}


def test_the_check_for_chinese_sees_it_outside_fields_only() -> None:
    assert CJK.search(FIELD.sub("", "Give a number such as 59.2亿元."))
    assert CJK.search(FIELD.sub("", "full-width comma，here"))
    assert not CJK.search(FIELD.sub("", "'{raw}' is {kind}, not {unit}."))
