"""outreach.records: the dataclass behaviour the project relies on, without dataclasses."""

from __future__ import annotations

import pickle
import subprocess
import sys
from collections import namedtuple
from functools import cached_property
from pathlib import Path
from typing import ClassVar

import pytest

from outreach.records import FrozenInstanceError, asdict, field, fields, record, replace

ROOT = Path(__file__).resolve().parent.parent


@record(frozen=True)
class Point:
    """A frozen record with a plain default and a factory."""

    x: int
    y: int = 0
    tags: list[str] = field(default_factory=list)
    note: str = field(default="", repr=False)
    registry: ClassVar[str] = "points"  # a class variable, not a field

    @cached_property
    def length(self) -> int:
        return abs(self.x) + abs(self.y)


@record(frozen=True)
class Labelled(Point):
    label: str = "origin"


@record
class Box:
    width: int
    height: int = 1
    area: int = 0

    def __post_init__(self) -> None:
        self.area = self.width * self.height


def test_init_takes_fields_in_order_with_defaults_and_fresh_factory_values() -> None:
    a, b = Point(1), Point(2, 3)
    assert (a.x, a.y, b.x, b.y) == (1, 0, 2, 3)
    assert a.tags == [] and a.tags is not b.tags  # one new list per instance
    assert Point(x=4, y=5, tags=["t"]).tags == ["t"]
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, z=2)  # type: ignore[call-arg]


def test_class_variables_are_not_fields_and_subclasses_add_fields_after_their_bases() -> None:
    assert [f.name for f in fields(Point)] == ["x", "y", "tags", "note"]
    assert [f.name for f in fields(Labelled(1))] == ["x", "y", "tags", "note", "label"]
    assert Labelled(1, 2, label="here").label == "here"
    assert Point.registry == "points"


def test_post_init_runs_after_the_fields_are_set() -> None:
    assert Box(3, 4).area == 12


def test_equality_is_by_class_and_values() -> None:
    assert Point(1, 2) == Point(1, 2)
    assert Point(1, 2) != Point(1, 3)
    assert Point(1) != Labelled(1)  # another class, even a subclass
    assert Point(1).__eq__((1, 0, [], "")) is NotImplemented


def test_a_frozen_record_refuses_assignment_and_hashes_by_value() -> None:
    point = Point(1, 2)
    with pytest.raises(FrozenInstanceError):
        point.x = 5  # type: ignore[misc]
    with pytest.raises(AttributeError):  # FrozenInstanceError is an AttributeError
        del point.y
    assert point.x == 1
    assert point.length == 3  # cached_property writes past the frozen __setattr__
    frozen = Point(1, 2, tags=())  # type: ignore[arg-type]
    assert hash(frozen) == hash(Point(1, 2, tags=()))  # type: ignore[arg-type]
    assert {frozen, Point(1, 2, tags=())} == {frozen}  # type: ignore[arg-type]


def test_a_mutable_record_can_change_and_is_not_hashable() -> None:
    box = Box(2)
    box.height = 5
    assert box.height == 5
    with pytest.raises(TypeError):
        hash(box)


def test_repr_shows_the_fields_but_those_left_out() -> None:
    assert repr(Point(1, 2, note="secret")) == "Point(x=1, y=2, tags=[])"
    assert repr(Box(2, 3)) == "Box(width=2, height=3, area=6)"


def test_replace_copies_with_changes_and_checks_names() -> None:
    point = Point(1, 2, tags=["a"], note="n")
    moved = replace(point, y=9)
    assert (moved.x, moved.y, moved.tags, moved.note) == (1, 9, ["a"], "n")
    assert point.y == 2
    with pytest.raises(TypeError):
        replace(point, z=1)
    with pytest.raises(TypeError):
        replace(object(), x=1)


def test_asdict_turns_nested_records_and_containers_into_plain_values() -> None:
    Pair = namedtuple("Pair", "left right")
    nested = Labelled(1, tags=["t"])
    assert asdict(Box(2, 3)) == {"width": 2, "height": 3, "area": 6}
    value = asdict(Point(1, tags=[nested, (Box(1), Pair(Box(2), 1)), {"k": Box(3)}]))  # type: ignore[list-item]
    assert value["tags"][0] == {
        "x": 1, "y": 0, "tags": ["t"], "note": "", "label": "origin"
    }  # fmt: skip
    inner = value["tags"][1]
    assert isinstance(inner, tuple) and inner[0] == {"width": 1, "height": 1, "area": 1}
    assert isinstance(inner[1], Pair) and inner[1].left == {"width": 2, "height": 1, "area": 2}
    assert value["tags"][2] == {"k": {"width": 3, "height": 1, "area": 3}}


def test_records_pickle_as_worker_answers_do() -> None:
    point = Labelled(1, 2, tags=["x"], label="l")
    assert pickle.loads(pickle.dumps(point, protocol=pickle.HIGHEST_PROTOCOL)) == point


def test_declarations_dataclasses_refuses_are_refused() -> None:
    with pytest.raises(ValueError, match="default_factory"):

        @record
        class Shared:
            items: list[int] = []  # noqa: RUF012 - the mistake under test

    with pytest.raises(TypeError, match="follows default"):

        @record
        class Order:
            first: int = 0
            second: int  # type: ignore[misc]

    with pytest.raises(ValueError):
        field(default=1, default_factory=list)


def test_importing_records_imports_neither_dataclasses_nor_typing() -> None:
    probe = "import sys, outreach.records\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    loaded = set(out.stdout.split())
    assert "outreach.records" in loaded
    assert not loaded & {"dataclasses", "inspect", "typing"}


def test_a_redefined_field_keeps_its_place_and_any_classvar_is_left_out() -> None:
    import typing as t

    @record
    class Base:
        x: int = 1
        y: int = 2

    @record
    class Sub(Base):
        x: int = 5
        z: int = 3
        kind: t.ClassVar[str] = "sub"

    assert [f.name for f in fields(Sub)] == ["x", "y", "z"]
    assert repr(Sub()).endswith(".Sub(x=5, y=2, z=3)")  # the qualified name, as dataclasses
    assert Sub.kind == "sub"


def test_class_variables_annotated_as_objects_and_shared_mutable_defaults_are_caught() -> None:
    namespace: dict[str, object] = {}
    exec(  # a module without `from __future__ import annotations`: annotations are objects
        "from typing import ClassVar\n"
        "from outreach.records import record\n"
        "@record\n"
        "class A:\n"
        "    x: int = 1\n"
        "    k: ClassVar[int] = 3\n",
        namespace,
    )
    made = namespace["A"]
    assert [f.name for f in fields(made)] == ["x"]
    assert made.k == 3  # type: ignore[attr-defined]

    with pytest.raises(ValueError, match="default_factory"):

        @record
        class Holder:
            box: Box = Box(1)
