"""Finding the indicator a person means, by id or by name, and never guessing between several.

A clerk types a name as the report prints it, or as the spreadsheet holds it: with full-width
letters, stray spaces, and quotes the report put around a slogan (“三个一批”项目). All of these
are folded away before comparing. When a name fits several indicators (the same wording in two
periods), the match is refused with every candidate listed, so the clerk picks one by its id.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from difflib import get_close_matches

from kpitrack.errors import LogError
from kpitrack.frozen import frozen
from kpitrack.messages import t
from kpitrack.model import Indicator, Targets

_QUOTES = re.compile(r"[\s\"'“”‘’「」『』]")


def fold(text: str) -> str:
    """What two ways of writing one name have in common: NFKC, no spaces, no quotes, lower case.

    NFKC turns full-width letters, digits and quotes into their ASCII forms (ＫＰＩ → KPI).
    """
    return _QUOTES.sub("", unicodedata.normalize("NFKC", text)).lower()


@frozen
class Lookup:
    """The indicators by folded id and by folded name; a name may belong to several."""

    by_id: dict[str, Indicator]
    by_name: dict[str, list[Indicator]]
    renamed: dict[str, Indicator]

    @classmethod
    def of(cls, targets: Targets) -> Lookup:
        by_id: dict[str, Indicator] = {}
        by_name: dict[str, list[Indicator]] = {}
        renamed: dict[str, Indicator] = {}
        for indicator in targets.indicators():
            by_id[fold(indicator.id)] = indicator
            by_name.setdefault(fold(indicator.name), []).append(indicator)
            for old in indicator.replaces:
                renamed[fold(old)] = indicator
        return cls(by_id, by_name, renamed)


def candidate(indicator: Indicator) -> str:
    """名称（id，周期）: how a choice between indicators is shown."""
    return t("match.candidate", name=indicator.name, id=indicator.id, period=indicator.period.label)


_LOOKUPS: dict[int, tuple[weakref.ref[Targets], Lookup]] = {}


def lookup_of(targets: Targets) -> Lookup:
    """The lookup of one declaration, built once: an import asks for every row."""
    held = _LOOKUPS.get(id(targets))
    if held is not None and held[0]() is targets:
        return held[1]
    lookup = Lookup.of(targets)
    _LOOKUPS[id(targets)] = (weakref.ref(targets), lookup)
    return lookup


def find(targets: Targets, wanted: str) -> Indicator:
    """By id, by name, or by an id it replaced; one clear refusal otherwise."""
    lookup = lookup_of(targets)
    key = fold(wanted)
    if key in lookup.by_id:
        return lookup.by_id[key]
    named = lookup.by_name.get(key, [])
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        choices = t("match.choice_separator").join(candidate(indicator) for indicator in named)
        raise LogError("match.ambiguous", name=wanted.strip(), count=len(named), choices=choices)
    if key in lookup.renamed:  # scripts written before a rename keep working
        return lookup.renamed[key]
    close = closest(lookup, key)
    hint = (
        t("match.did_you_mean", names=t("match.name_separator").join(map(candidate_short, close)))
        if close
        else t("log.see_list")
    )
    raise LogError("log.unknown_id", id=wanted, hint=hint)


def candidate_short(indicator: Indicator) -> str:
    return t("match.candidate_short", name=indicator.name, id=indicator.id)


def closest(lookup: Lookup, key: str, count: int = 3) -> list[Indicator]:
    """The names nearest to what was typed (or whose id is nearest), each once, best first."""
    found: list[Indicator] = []
    for name in get_close_matches(key, list(lookup.by_name), n=count, cutoff=0.4):
        found += lookup.by_name[name]
    for folded_id in get_close_matches(key, list(lookup.by_id), n=count, cutoff=0.5):
        found.append(lookup.by_id[folded_id])
    if key:
        found += [i for name, group in lookup.by_name.items() if key in name for i in group]
    unique = {indicator.id: indicator for indicator in found}
    return list(unique.values())[:count]
