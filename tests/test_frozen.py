"""``@frozen`` behaves as ``@dataclass(frozen=True)`` does, for every shape of class kpitrack
writes: the same constructor (positional, keyword, defaults, factories, init=False fields,
__post_init__), equality, hash, repr, replace(), fields(), pickling and refusal to assign.
The reference is the standard library's own dataclass, built from the same description."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpitrack.frozen import frozen, mutable

KINDS = ("required", "default", "factory", "not_in_init", "not_compared", "not_shown")


def build(decorator: Any, kinds: list[str], post_init: bool) -> type:
    """One class per description, written the way a module would write it."""
    namespace: dict[str, Any] = {"__annotations__": {}, "__module__": __name__, "__doc__": "x"}
    required_allowed = True
    for i, kind in enumerate(kinds):
        name = f"f{i}"
        namespace["__annotations__"][name] = "int"
        if kind == "required" and not required_allowed:
            kind = "default"
        if kind == "default":
            namespace[name] = i * 10
        elif kind == "factory":
            namespace[name] = dataclasses.field(default_factory=lambda i=i: (i,))
        elif kind == "not_in_init":
            namespace[name] = dataclasses.field(default=i, init=False)
        elif kind == "not_compared":
            namespace[name] = dataclasses.field(default=-i, compare=False)
        elif kind == "not_shown":
            namespace[name] = dataclasses.field(default=i, repr=False)
        if kind != "required":
            required_allowed = False
    if post_init:

        def __post_init__(self: Any) -> None:
            object.__setattr__(self, "seen", len(dataclasses.fields(self)))

        namespace["__post_init__"] = __post_init__
    return decorator(type("Shape", (), namespace))


shapes = st.lists(st.sampled_from(KINDS), max_size=6)


def state(instance: object) -> dict[str, Any]:
    """Every field's value, with or without ``__slots__``."""
    names = [f.name for f in dataclasses.fields(instance)]  # type: ignore[arg-type]
    return {name: getattr(instance, name) for name in names if hasattr(instance, name)}


@settings(max_examples=150, deadline=None)
@given(shapes, st.booleans(), st.booleans(), st.data())
def test_a_frozen_class_behaves_as_the_standard_frozen_dataclass(
    kinds: list[str], post_init: bool, slots: bool, data: st.DataObject
) -> None:
    ours = build(frozen(slots=slots), kinds, post_init and not slots)
    theirs = build(dataclasses.dataclass(frozen=True, slots=slots), kinds, post_init and not slots)
    in_init = [f for f in dataclasses.fields(theirs) if f.init]
    required = [f for f in in_init if f.default is f.default_factory is dataclasses.MISSING]
    given_count = data.draw(st.integers(len(required), len(in_init)))
    values = [data.draw(st.integers(-3, 3)) for _ in range(given_count)]
    by_keyword = data.draw(st.booleans())
    if by_keyword:
        kwargs = {f.name: v for f, v in zip(in_init, values, strict=False)}
        a, b = ours(**kwargs), theirs(**kwargs)
    else:
        a, b = ours(*values), theirs(*values)

    assert [f.name for f in dataclasses.fields(a)] == [f.name for f in dataclasses.fields(b)]
    assert state(a) == state(b)
    assert hasattr(a, "__dict__") == hasattr(b, "__dict__")
    assert state(copy.deepcopy(a)) == state(a)  # through the same state methods as pickle
    assert repr(a).replace("Shape", "X") == repr(b).replace("Shape", "X")
    twin = ours(*values) if not by_keyword else ours(**kwargs)
    assert a == twin and hash(a) == hash(twin) == hash(b)
    assert a != b  # instances of different classes are never equal, as dataclasses say
    if in_init:
        changed = {in_init[0].name: 99}
        assert state(dataclasses.replace(a, **changed)) == state(dataclasses.replace(b, **changed))
        assert (dataclasses.replace(a, **changed) == a) == (dataclasses.replace(b, **changed) == b)
    compared = [f for f in dataclasses.fields(b) if f.compare]
    for f in dataclasses.fields(b):
        if not f.compare:
            other_a = ours(*values) if not by_keyword else ours(**kwargs)
            object.__setattr__(other_a, f.name, 12345)
            assert (other_a == a) is True
    assert compared is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.f0 = 1  # type: ignore[attr-defined]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del a.f0  # type: ignore[attr-defined]


@settings(max_examples=120, deadline=None)
@given(shapes, st.booleans(), st.booleans(), st.booleans(), st.data())
def test_a_mutable_class_behaves_as_the_standard_dataclass(
    kinds: list[str], post_init: bool, slots: bool, hashed: bool, data: st.DataObject
) -> None:
    """``@mutable`` against ``@dataclass``: the same constructor, fields, repr, equality
    (compared fields only), hash only with unsafe_hash, assignment and replace()."""
    post_init = post_init and not slots
    ours = build(mutable(slots=slots, unsafe_hash=hashed), kinds, post_init)
    theirs = build(dataclasses.dataclass(slots=slots, unsafe_hash=hashed), kinds, post_init)
    in_init = [f for f in dataclasses.fields(theirs) if f.init]
    required = [f for f in in_init if f.default is f.default_factory is dataclasses.MISSING]
    values = [data.draw(st.integers(-3, 3)) for _ in range(len(required))]
    a, b, twin, their_twin = ours(*values), theirs(*values), ours(*values), theirs(*values)
    assert [f.name for f in dataclasses.fields(a)] == [f.name for f in dataclasses.fields(b)]
    assert state(a) == state(b)
    assert hasattr(a, "__dict__") == hasattr(b, "__dict__")
    assert repr(a).replace("Shape", "X") == repr(b).replace("Shape", "X")
    assert a == twin and a != b
    if hashed:
        assert hash(a) == hash(twin) == hash(b)
    else:
        with pytest.raises(TypeError):
            hash(a)
    if in_init:
        name = in_init[0].name
        setattr(a, name, 42)
        setattr(b, name, 42)
        assert state(a) == state(b) and (a == twin) == (b == their_twin)
        assert state(dataclasses.replace(a, **{name: 7})) == state(
            dataclasses.replace(b, **{name: 7})
        )
    assert state(copy.deepcopy(a)) == state(a)


@frozen
class Money:
    """A module-level class, so pickle can find it."""

    amount: int
    unit: str = "万元"
    notes: list[str] = dataclasses.field(default_factory=list)


@frozen(slots=True)
class Reading:
    """One made by the million: slots, no __dict__."""

    value: int
    unit: str = "%"


@pytest.mark.parametrize("value", [Money(5, notes=["x"]), Reading(7)], ids=["dict", "slots"])
def test_a_frozen_value_survives_pickling(value: object) -> None:
    again = pickle.loads(pickle.dumps(value))
    assert again == value and repr(again) == repr(value)


def test_the_constructor_refuses_what_the_standard_one_refuses() -> None:
    with pytest.raises(TypeError):
        Money()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Money(1, "元", [], 4)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Money(1, colour="red")  # type: ignore[call-arg]


def test_a_class_that_writes_its_own_methods_keeps_them() -> None:
    @frozen
    class Named:
        name: str

        def __repr__(self) -> str:
            return f"<{self.name}>"

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Named) and other.name.lower() == self.name.lower()

        def __hash__(self) -> int:
            return hash(self.name.lower())

    assert repr(Named("A")) == "<A>"
    assert Named("A") == Named("a") and hash(Named("A")) == hash(Named("a"))


def test_a_subclass_adds_its_fields_after_its_parents() -> None:
    @frozen
    class Base:
        a: int

    @frozen
    class Child(Base):
        b: int = 2

    assert vars(Child(1)) == {"a": 1, "b": 2}
    assert Child(1) != Base(1)
    assert Child(1, 3) == Child(a=1, b=3)
