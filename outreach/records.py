"""Data classes declared as with :mod:`dataclasses`, made without its start-up cost.

``@record`` and ``@record(frozen=True)`` read a class's annotated fields and their
defaults (``field(default_factory=...)`` too) and give it what ``@dataclass`` would:
``__init__`` (calling ``__post_init__``), ``__repr__``, ``__eq__``, and for a frozen
record ``__hash__`` and an error on assignment. ``fields``, ``replace`` and
``asdict`` work as their namesakes in :mod:`dataclasses`; mypy checks records as
dataclasses (``dataclass_transform``).

Why not :mod:`dataclasses` itself: on Python 3.11 importing it imports ``inspect``
(and with it ``ast``, ``dis`` and ``tokenize``), about 10 ms on two shared cores, and
it compiles five or six methods for each class, about 0.4 ms a class. The classes
`outreach lint` loads then cost a 1,000-email run 20 ms of its 150. Here only
``__init__`` is compiled, the one method that runs often enough for it to matter;
the others are shared functions that read the fields.
"""

from __future__ import annotations

import re
import sys

TYPE_CHECKING = False  # without importing typing, which `outreach lint` does not need
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar, dataclass_transform

    _T = TypeVar("_T")
else:

    def dataclass_transform(**_: object) -> object:
        return lambda function: function


_CLASS_VAR = re.compile(r"\s*(?:\w+\.)?ClassVar\b")


class FrozenInstanceError(AttributeError):
    """Assigning to a field of a frozen record."""


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class Field:
    """One field of a record: its name and default (a value or a factory)."""

    __slots__ = ("default", "default_factory", "name", "repr")

    def __init__(self, default: Any, default_factory: Any, repr: bool) -> None:
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.repr = repr

    def __repr__(self) -> str:
        return f"Field(name={self.name!r})"


def field(
    *,
    default: Any = MISSING,
    default_factory: Callable[[], Any] | Any = MISSING,
    repr: bool = True,
) -> Any:
    """A field's default given a way a plain value cannot: a factory, or no repr."""
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot give both default and default_factory")
    return Field(default, default_factory, repr)


@dataclass_transform(field_specifiers=(field,))
def record(cls: Any = None, /, *, frozen: bool = False) -> Any:
    """Make ``cls`` a record, as ``@dataclass`` / ``@dataclass(frozen=True)`` would."""

    def wrap(cls: type) -> type:
        return _process(cls, frozen)

    return wrap if cls is None else wrap(cls)


def _process(cls: type, frozen: bool) -> type:
    found: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        for one in base.__dict__.get("__record_fields__", ()):
            found[one.name] = one
    # Not inspect.get_annotations: importing inspect is the cost this module avoids.
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():  # noqa: RUF063
        if _is_class_var(annotation):
            continue
        value = cls.__dict__.get(name, MISSING)
        one = value if isinstance(value, Field) else Field(value, MISSING, True)
        one.name = name
        if one.default is not MISSING and type(one.default).__hash__ is None:
            # dataclasses' rule: an unhashable default (a list, a dict, a mutable record)
            # would be one object shared by every instance.
            raise ValueError(
                f"mutable default {type(one.default).__name__} for field {name} of "
                f"{cls.__name__}: use field(default_factory=...)"
            )
        if isinstance(value, Field):
            if one.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, one.default)
        found[name] = one  # a field redefined in a subclass keeps its place, as in dataclasses
    every = tuple(found.values())
    cls.__record_fields__ = every  # type: ignore[attr-defined]
    cls.__init__ = _init(cls, every, frozen)  # type: ignore[misc]
    cls.__repr__ = _repr  # type: ignore[assignment, method-assign]
    cls.__eq__ = _eq  # type: ignore[assignment, method-assign]
    if frozen:
        cls.__setattr__ = _frozen_setattr  # type: ignore[assignment, method-assign]
        cls.__delattr__ = _frozen_delattr  # type: ignore[assignment, method-assign]
        if "__hash__" not in cls.__dict__:
            cls.__hash__ = _hash  # type: ignore[assignment, method-assign]
    elif "__hash__" not in cls.__dict__:
        cls.__hash__ = None  # type: ignore[assignment]  # mutable and compared by value
    return cls


def _is_class_var(annotation: object) -> bool:
    """Whether a field's annotation is ClassVar[...] (then it is a class variable), written
    as a string (``from __future__ import annotations``: ``ClassVar[int]``,
    ``typing.ClassVar[int]``, ``t.ClassVar[int]``) or as the object itself."""
    if isinstance(annotation, str):
        return bool(_CLASS_VAR.match(annotation))
    typing = sys.modules.get("typing")  # an object annotation imported it already
    return typing is not None and (
        annotation is typing.ClassVar or getattr(annotation, "__origin__", None) is typing.ClassVar
    )


def _init(cls: type, every: tuple[Field, ...], frozen: bool) -> Callable[..., None]:
    """``__init__``, compiled from source like the one ``@dataclass`` writes."""
    params = []
    lines = []
    names: dict[str, Any] = {"__set": object.__setattr__, "__MISSING": MISSING}
    seen_default = False
    for one in every:
        name = one.name
        if one.default_factory is not MISSING:
            names[f"__factory_{name}"] = one.default_factory
            params.append(f"{name}=__MISSING")
            value = f"__factory_{name}() if {name} is __MISSING else {name}"
            seen_default = True
        elif one.default is not MISSING:
            names[f"__default_{name}"] = one.default
            params.append(f"{name}=__default_{name}")
            value = name
            seen_default = True
        else:
            if seen_default:
                raise TypeError(f"non-default argument {name!r} follows default argument")
            params.append(name)
            value = name
        lines.append(f"__set(self, {name!r}, {value})" if frozen else f"self.{name} = {value}")
    if hasattr(cls, "__post_init__"):
        lines.append("self.__post_init__()")
    source = (
        f"def __init__(self, {', '.join(params)}):\n    " + ("\n    ".join(lines) or "pass") + "\n"
    )
    made: dict[str, Any] = {}
    exec(source, names, made)
    init: Callable[..., None] = made["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    return init


def _values(obj: Any) -> tuple[Any, ...]:
    return tuple(getattr(obj, one.name) for one in obj.__record_fields__)


def _repr(self: Any) -> str:
    shown = ", ".join(
        f"{one.name}={getattr(self, one.name)!r}" for one in self.__record_fields__ if one.repr
    )
    return f"{type(self).__qualname__}({shown})"


def _eq(self: Any, other: object) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _values(self) == _values(other)


def _hash(self: Any) -> int:
    return hash(_values(self))


def _frozen_setattr(self: Any, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def fields(obj: Any) -> tuple[Field, ...]:
    """The fields of a record or record class, in ``__init__`` order."""
    try:
        found: tuple[Field, ...] = obj.__record_fields__
    except AttributeError:
        raise TypeError(f"{obj!r} is not a record") from None
    return found


def replace(obj: _T, /, **changes: Any) -> _T:
    """A copy of the record ``obj`` with some fields changed."""
    for one in fields(obj):
        if one.name not in changes:
            changes[one.name] = getattr(obj, one.name)
    return obj.__class__(**changes)


def asdict(obj: Any) -> dict[str, Any]:
    """A record as a dict, records inside it (in lists, tuples and dicts too) as dicts."""
    return {one.name: _plain(getattr(obj, one.name)) for one in fields(obj)}


def _plain(value: Any) -> Any:
    if hasattr(type(value), "__record_fields__"):
        return asdict(value)
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple
        return type(value)(*[_plain(v) for v in value])
    if isinstance(value, list | tuple):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    return value
