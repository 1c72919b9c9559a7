"""Records behave as the dataclasses they stand for, before and after ``__init__`` compiles."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import dataclass, field

import pytest

from sim.engine import GameParams, Note, Rules, Terms, records
from sim.engine.records import record

CALLS = [((1,), {}), ((1, 3.0), {}), ((), {"a": 5, "c": {1: 2}}), ((1,), {"b": 4.0})]
BAD = [((), {}), ((1, 2.0, {}, 4), {}), ((), {"z": 1}), ((1,), {"a": 1}), ((1,), {"d": []})]


def _pair(frozen: bool) -> tuple[type, type]:
    def body() -> dict:
        return {"__annotations__": {"a": "int", "b": "float", "c": "dict", "d": "list",
                                    "e": "int"},
                "b": 2.0, "c": field(default_factory=dict, compare=False, hash=False),
                "d": field(default_factory=list, init=False, compare=False),
                "e": field(default=5, init=False)}

    rec = record(type("Thing", (), body()), frozen=frozen)
    real = dataclass(type("Thing", (), body()), frozen=frozen)
    return rec, real


def _error(cls: type, args: tuple, kwargs: dict) -> str:
    with pytest.raises(TypeError) as info:
        cls(*args, **kwargs)
    return str(info.value)


@pytest.mark.parametrize("frozen", [True, False])
@pytest.mark.parametrize("compile_after", [0, 10**6])
def test_a_record_is_the_dataclass_it_stands_for(monkeypatch, frozen, compile_after):
    monkeypatch.setattr(records, "COMPILE_AFTER", compile_after)
    Rec, Real = _pair(frozen)
    assert dataclasses.is_dataclass(Rec)
    assert [f.name for f in dataclasses.fields(Rec)] == [f.name for f in dataclasses.fields(Real)]
    assert Rec.__match_args__ == Real.__match_args__
    assert (Rec.__hash__ is None) == (Real.__hash__ is None) == (not frozen)
    for args, kwargs in CALLS:
        r, d = Rec(*args, **kwargs), Real(*args, **kwargs)
        assert repr(r) == repr(d)
        assert list(vars(r).items()) == list(vars(d).items())  # same values, same order
        assert dataclasses.asdict(r) == dataclasses.asdict(d)
        assert r == Rec(*args, **kwargs) and r != Rec(99) and r != d
        assert dataclasses.replace(r, a=7).a == 7
        assert copy.deepcopy(r) == r
        if frozen:
            assert hash(r) == hash(d)
            with pytest.raises(dataclasses.FrozenInstanceError):
                r.a = 2
            with pytest.raises(dataclasses.FrozenInstanceError):
                del r.b
        else:
            r.a = 2
            assert r.a == 2
    for args, kwargs in BAD:
        assert _error(Rec, args, kwargs) == _error(Real, args, kwargs)


def test_init_compiles_after_many_instances(monkeypatch):
    monkeypatch.setattr(records, "COMPILE_AFTER", 3)
    Rec, _ = _pair(True)
    generic = Rec.__init__
    made = [Rec(i) for i in range(5)]
    assert Rec.__init__ is not generic  # replaced by the compiled one
    assert [m.a for m in made] == list(range(5))


def test_engine_parameters_keep_their_dataclass_behaviour():
    rules = Rules()
    assert dataclasses.replace(rules, morale_target=60.0).morale_target == 60.0
    assert hash(GameParams()) == hash(GameParams()) and GameParams() == GameParams()
    assert pickle.loads(pickle.dumps(GameParams())) == GameParams()
    with pytest.raises(dataclasses.FrozenInstanceError):
        rules.morale_target = 1.0  # type: ignore[misc]
    note = Note("k", {"x": 1}, client=2)
    assert repr(note) == "Note(key='k', params={'x': 1}, client=2, staff=-1, covers=())"
    assert Terms(prepay=True) == Terms(1.0, True)


def test_a_record_refuses_methods_it_would_replace():
    with pytest.raises(TypeError, match="__post_init__"):
        @record
        class Bad:
            a: int

            def __post_init__(self) -> None:
                pass


def test_a_record_keeps_its_annotations_as_written():
    # the types are lent to @dataclass as `object` while it runs, and given back
    import dataclasses as dc

    from sim.engine import ClientArrives, Trait

    assert [(f.name, f.type) for f in dc.fields(Trait)][:3] == [
        ("name", "str"), ("kind", "TraitKind"), ("requests_per_week", "Dist")]
    assert Trait.__annotations__ is Trait.__dict__["__annotations__"]
    assert Trait.__annotations__["budget"] == "Dist"
    assert ClientArrives.__annotations__["kind"] == "ClassVar[str]"
    assert "kind" not in {f.name for f in dc.fields(ClientArrives)}
