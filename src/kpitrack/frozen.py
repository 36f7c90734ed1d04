"""``@frozen`` and ``@mutable``: dataclasses that cost nothing to define until they are used.

``@dataclass(frozen=True)`` writes and compiles six methods per class as the module is
imported, about half a millisecond each class; kpitrack defines some eighty, so a plain
``kpi status`` spent a fifth of its start-up compiling ``__init__``, ``__repr__`` and
``__eq__`` methods of classes it never builds (the targets come unpickled from their cache,
without ``__init__``). Here the standard machinery records the fields, but only when they
are first asked for — by ``fields()``, ``replace()``, the first instance built, a subclass
(``is_dataclass()`` and pickling work as ever; ``slots=True`` classes record them at once, as
their slots are made from them); ``__init__``, comparison, hashing and ``repr`` are written
from them when first called, and the refusal to assign is one shared function.

The semantics are those of ``@dataclass(frozen=True)``: fields in order with defaults and
``field(default_factory=...)``, ``field(init=False)``, ``field(compare=False)``,
``field(repr=False)``, ``__post_init__``, equality only between instances of the same
class, a hash of the compared fields, ``FrozenInstanceError`` on assignment, and
``@frozen(slots=True)`` for the classes made by the million. Keyword-only fields and
``InitVar`` are not supported (a class that uses one is refused as it is defined), nor
inheriting from a standard frozen dataclass (``dataclasses`` refuses that itself).
``@mutable`` is the same for ``@dataclass`` (assignable, unhashable unless
``unsafe_hash=True``).
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")

_NOTHING = object()  # stands for "use the default factory" in a compiled __init__
_set = object.__setattr__


@overload
def frozen(cls: type[T], /) -> type[T]: ...


@overload
def frozen(*, slots: bool = False) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def frozen(cls: type[T] | None = None, /, *, slots: bool = False) -> Any:
    """Make ``cls`` a frozen dataclass whose methods are compiled only when first needed;
    ``@frozen(slots=True)`` for a class made by the million, as ``slots=True`` does."""
    if cls is None:
        return lambda later: _frozen(later, slots)
    return _frozen(cls, slots)


@overload
def mutable(cls: type[T], /) -> type[T]: ...


@overload
def mutable(*, slots: bool = False, unsafe_hash: bool = False) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(field_specifiers=(dataclasses.field,))
def mutable(
    cls: type[T] | None = None, /, *, slots: bool = False, unsafe_hash: bool = False
) -> Any:
    """``@dataclass`` (``slots=``, ``unsafe_hash=`` as there) at the cost of ``@frozen``:
    methods written when first called. A plain dataclass writes and compiles its
    ``__init__``, ``__repr__`` and ``__eq__`` as its module is imported, 0.2-0.7 ms each:
    a status paid some 2.5 ms for the six it imports."""
    if cls is None:
        return lambda later: _frozen(later, slots, mutable=True, unsafe_hash=unsafe_hash)
    return _frozen(cls, slots, mutable=True, unsafe_hash=unsafe_hash)


def _frozen(
    cls: type[T], slots: bool, *, mutable: bool = False, unsafe_hash: bool = False
) -> type[T]:
    own = cls.__dict__
    if not mutable and ("__setattr__" in own or "__delattr__" in own):
        raise TypeError(f"@frozen class {cls.__qualname__} may not define __setattr__")
    _refuse_unsupported(cls)
    written = bool(cls.__doc__)
    if not written:  # else dataclasses reads the signature of object(), tokenizing its text
        cls.__doc__ = cls.__name__
    if slots:  # the class is made again, with its slots: its fields are needed now
        _record_fields(cls, written)
        cls = _with_slots(cls, [f.name for f in dataclasses.fields(cls)])  # type: ignore[arg-type]
        own = cls.__dict__
    else:  # recorded when first asked for: most classes are never built in one run
        _put(cls, "__dataclass_fields__", _FieldsOnFirstUse(cls, written))
    if "__init__" not in own:
        _put(cls, "__init__", _compile_on_first_call(cls, slots, mutable))
    if "__repr__" not in own:
        _put(cls, "__repr__", _on_first_call(cls, "__repr__", _repr_for))
    if "__eq__" not in own:
        _put(cls, "__eq__", _on_first_call(cls, "__eq__", _eq_for))
    # As dataclasses decides: a __hash__ the class wrote stays; the None Python puts
    # beside a hand-written __eq__ does not count as written. A mutable class without
    # unsafe_hash is unhashable, as a plain dataclass with eq is.
    written_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
    if unsafe_hash or not (written_hash or mutable):
        _put(cls, "__hash__", _on_first_call(cls, "__hash__", _hash_for))
    elif mutable and not written_hash:
        _put(cls, "__hash__", None)
    if not mutable:
        _put(cls, "__setattr__", _refuse_assignment)
        _put(cls, "__delattr__", _refuse_deletion)
    return cls


def _refuse_unsupported(cls: type) -> None:
    """Keyword-only and init-only fields, refused as the class is defined (their fields are
    recorded later): a field(kw_only=True), a KW_ONLY marker, an InitVar annotation."""
    for name, kind in inspect.get_annotations(cls).items():
        value = cls.__dict__.get(name)
        marked = isinstance(value, dataclasses.Field) and value.kw_only is True
        text = kind if isinstance(kind, str) else repr(kind)
        if marked or kind is dataclasses.KW_ONLY or "KW_ONLY" in text or "InitVar" in text:
            raise TypeError(f"@frozen does not support keyword-only or init-only field {name}")


def _record_fields(cls: type, written: bool) -> None:
    """The standard machinery records the fields (``fields()``, ``replace()``, defaults as
    class attributes); about 0.1 ms a class, which a report paid for some forty it never
    built."""
    dataclasses.dataclass(init=False, repr=False, eq=False)(cls)
    if not written:
        names = (f.name for f in dataclasses.fields(cls) if f.init)
        cls.__doc__ = f"{cls.__name__}({', '.join(names)})"


class _FieldsOnFirstUse:
    """``__dataclass_fields__`` until first read (``fields()``, ``replace()``, the first
    instance built, a base's fields read by a subclass): the fields are recorded then, and
    the mapping dataclasses writes takes this one's place."""

    def __init__(self, cls: type, written: bool) -> None:
        self.cls, self.written = cls, written

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        cls = self.cls
        if cls.__dict__.get("__dataclass_fields__") is self:
            _record_fields(cls, self.written)
        return cls.__dict__["__dataclass_fields__"]


def _on_first_call(
    cls: type, name: str, make: Callable[[type], Callable[..., Any]]
) -> Callable[..., Any]:
    """A method written for ``cls`` when first called, from its fields, then kept."""

    def first(self: Any, *args: Any) -> Any:
        made = make(cls)
        _put(cls, name, made)
        return made(self, *args)

    first.__qualname__ = f"{cls.__qualname__}.{name}"
    return first


def _field_names(cls: type, chosen: Callable[[dataclasses.Field[Any]], bool]) -> list[str]:
    return [f.name for f in dataclasses.fields(cls) if chosen(f)]


def _repr_for(cls: type) -> Callable[[Any], str]:
    return _repr_of(tuple(_field_names(cls, lambda f: f.repr)))


def _eq_for(cls: type) -> Callable[[Any, object], Any]:
    return _eq_of(_getter(_field_names(cls, lambda f: f.compare)))


def _hash_for(cls: type) -> Callable[[Any], int]:
    return _hash_of(_getter(_field_names(cls, lambda f: f.compare if f.hash is None else f.hash)))


def _with_slots(cls: type[T], names: list[str]) -> type[T]:
    """The class again with ``__slots__``, as ``dataclass(slots=True)`` remakes it: a class's
    slots are fixed when it is created. Defaults leave the class (a slot and a class attribute
    of one name cannot both be); ``__init__`` sets them. Pickling goes through the state
    methods, since a frozen instance refuses the ``setattr`` pickle would use."""
    inherited = {slot for base in cls.__mro__[1:-1] for slot in base.__dict__.get("__slots__", ())}
    namespace = dict(cls.__dict__)
    namespace["__slots__"] = tuple(name for name in names if name not in inherited)
    for name in (*names, "__dict__", "__weakref__"):
        namespace.pop(name, None)
    metaclass: Any = type(cls)
    remade: type[T] = metaclass(cls.__name__, cls.__bases__, namespace)
    remade.__qualname__ = cls.__qualname__
    getter = _getter(names)

    def __getstate__(self: Any) -> tuple[Any, ...]:
        return tuple(getter(self))

    def __setstate__(self: Any, state: tuple[Any, ...]) -> None:
        for name, value in zip(names, state, strict=True):
            _set(self, name, value)

    _put(remade, "__getstate__", __getstate__)
    _put(remade, "__setstate__", __setstate__)
    return remade


def _put(cls: type, name: str, method: object) -> None:
    setattr(cls, name, method)


def _getter(names: list[str]) -> Callable[[Any], Any]:
    """The fields' values as one tuple, read in C (``attrgetter``) rather than in Python."""
    if not names:
        return _no_fields
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda instance: (one(instance),)
    return attrgetter(*names)


def _no_fields(_: object) -> tuple[()]:
    return ()


def _compile_on_first_call(cls: type, slots: bool, mutable: bool) -> Callable[..., None]:
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        made = _init_for(cls, slots, mutable)
        _put(cls, "__init__", made)
        made(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


def _init_for(cls: type, slots: bool, mutable: bool = False) -> Callable[..., None]:
    """The ``__init__`` ``@dataclass(frozen=True)`` would have written, written now (a
    mutable class's assigns as ``self.x = x``: twice as fast as ``object.__setattr__``)."""
    names: dict[str, Any] = {"__set": _set, "__nothing": _NOTHING}
    params: list[str] = []
    body: list[str] = []
    for f in dataclasses.fields(cls):
        if f.default_factory is not dataclasses.MISSING:
            names[f"__factory_{f.name}"] = f.default_factory
            if f.init:
                params.append(f"{f.name}=__nothing")
                value = f"__factory_{f.name}() if {f.name} is __nothing else {f.name}"
            else:
                value = f"__factory_{f.name}()"
        elif f.default is not dataclasses.MISSING:
            names[f"__default_{f.name}"] = f.default
            if f.init:
                params.append(f"{f.name}=__default_{f.name}")
                value = f.name
            else:  # set on the instance, not left to the class attribute: an instance
                # unpickled where the class's fields are not recorded yet would find the
                # field() there (and a slot has no class attribute at all)
                value = f"__default_{f.name}"
        elif f.init:
            params.append(f.name)
            value = f.name
        else:
            continue  # init=False without a default: set by __post_init__, if at all
        if mutable:
            body.append(f"    self.{f.name} = {value}")
        else:
            body.append(f"    __set(self, {f.name!r}, {value})")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    source = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(body) or "    pass")
    source = source.replace("(self, )", "(self)")
    exec(source, names)
    made: Callable[..., None] = names["__init__"]
    made.__qualname__ = f"{cls.__qualname__}.__init__"
    return made


def _repr_of(shown: tuple[str, ...]) -> Callable[[Any], str]:
    def __repr__(self: Any) -> str:
        inside = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{type(self).__qualname__}({inside})"

    return __repr__


def _eq_of(compared: Callable[[Any], Any]) -> Callable[[Any, object], Any]:
    def __eq__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    return __eq__


def _hash_of(hashed: Callable[[Any], Any]) -> Callable[[Any], int]:
    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    return __hash__


def _refuse_assignment(self: object, name: str, value: object) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_deletion(self: object, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
