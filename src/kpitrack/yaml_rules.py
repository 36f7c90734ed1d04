"""What a targets.yaml may not use, checked on the parser's events before any node is built.

kpitrack's files are plain data, so three things YAML allows are refused, each at its line:

- **tags** (``!!int 3``, ``!!bool perhaps``, ``!!python/object:…``, ``!local``): a tag asks
  the loader to build a value some other way than by reading it, which a declaration never
  needs; one rule, even for a well-formed value, so nobody wonders which tags are safe;
- **aliases that grow the file** past :data:`MAX_VALUES` values once expanded, or that refer
  to the value they are inside: an anchor for a shared list of stages is fine, a "billion
  laughs" is refused before anything walks it;
- **nesting deeper than** :data:`MAX_DEPTH`: a declaration is seven levels deep, and a few
  thousand ``[`` crash the C parser's composer.

Reading events is cheap (a 100-indicator file in about 2 ms) and never recursive, so this
pass is safe on any text; the composer and the reader run only on what it lets through.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    Event,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)

from kpitrack.errors import Problem, clip
from kpitrack.plaintext import first_control

MAX_VALUES = 100_000  # values once every alias is expanded; the report's file has ~3,000
MAX_DEPTH = 64  # levels of nesting; the report's file has 7

_STANDARD = "tag:yaml.org,2002:"


@dataclass
class _Open:
    """A mapping or sequence being read: where it is, and what it held so far."""

    where: str
    mapping: bool
    anchor: str | None
    values_before: int
    items: int = 0  # entries of a sequence, keys and values of a mapping
    key: str = "…"


@dataclass
class _Walk:
    problems: list[Problem] = field(default_factory=list)
    stack: list[_Open] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)  # anchor -> values once expanded
    values: int = 0

    def where(self) -> str:
        """The key path of the value the next event starts: areas[0].indicators[2].target."""
        if not self.stack:
            return "(top)"
        top = self.stack[-1]
        if top.mapping:
            return top.where if top.items % 2 == 0 else _join(top.where, top.key)
        return f"{'' if top.where == '(top)' else top.where}[{top.items}]"

    def problem(self, event: Event, where: str, key: str, **fields: object) -> None:
        line = event.start_mark.line + 1 if event.start_mark is not None else 1
        self.problems.append(Problem(line, clip(where), key, fields))

    def counted(self, event: NodeEvent, size: int) -> None:
        """One more value (``size`` of them for an alias) in the collection it belongs to."""
        self.values += size
        if self.stack:
            top = self.stack[-1]
            if top.mapping and top.items % 2 == 0:
                top.key = clip(event.value, 40) if isinstance(event, ScalarEvent) else "…"
            top.items += 1


def refusals(text: str, loader: type) -> list[Problem]:
    """Every tag, and the first alias or nesting past the limits, as problems with their line.

    Raises ``yaml.YAMLError`` where the text is not YAML, as the composer would.
    """
    walk = _Walk()
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, CollectionEndEvent):
            opened = walk.stack.pop()
            if opened.anchor is not None:
                walk.sizes[opened.anchor] = walk.values - opened.values_before
            continue
        if not isinstance(event, NodeEvent):
            continue
        where = walk.where()
        tag = getattr(event, "tag", None)
        if tag is not None:
            walk.problem(event, where, "yaml.tag", tag=_shown(tag))
        if isinstance(event, AliasEvent):
            if any(opened.anchor == event.anchor for opened in walk.stack):
                walk.problem(event, where, "yaml.alias_loop", anchor=clip(event.anchor, 40))
                break
            walk.counted(event, walk.sizes.get(event.anchor or "", 1))
        elif isinstance(event, CollectionStartEvent):
            walk.counted(event, 1)
            mapping = isinstance(event, MappingStartEvent)
            walk.stack.append(_Open(where, mapping, event.anchor, walk.values - 1))
            if len(walk.stack) > MAX_DEPTH:
                walk.problem(event, where, "yaml.too_deep", depth=MAX_DEPTH)
                break
        else:
            walk.counted(event, 1)
            if event.anchor is not None:
                walk.sizes[event.anchor] = 1
            control = first_control(event.value) if isinstance(event, ScalarEvent) else None
            if control is not None:  # an ESC in a name would drive the terminal that shows it
                walk.problem(event, where, "yaml.control", code=control)
        if walk.values > MAX_VALUES:
            walk.problem(event, where, "yaml.too_many_values", limit=f"{MAX_VALUES:,}")
            break
    return walk.problems


def _join(where: str, key: str) -> str:
    return key if where == "(top)" else f"{where}.{key}"


def _shown(tag: str) -> str:
    """``tag:yaml.org,2002:int`` as it was most likely written: ``!!int``."""
    return clip("!!" + tag.removeprefix(_STANDARD) if tag.startswith(_STANDARD) else tag, 40)
