"""Records: dataclasses that compile their ``__init__`` only when the first one is made.

``@dataclass`` writes and compiles the source of up to six methods per class while its module
is imported, about a millisecond per class of the engine; ``sim run`` paid that for some twenty
classes, most of which it never builds, compares or prints. :func:`record` makes the same
class: it *is* a dataclass (``dataclasses.fields``, ``replace``, ``asdict`` and
``is_dataclass`` work), with the same fields, defaults, ``__match_args__``, equality, hash,
repr and frozenness as ``@dataclass`` or ``@dataclass(frozen=True)``. Its ``__init__`` reads
the fields in a loop for the first instances and is then replaced by the very one
``@dataclass`` would write (compiled once a class has proved to be made often, or at once
for arguments that do not fit, so that the error is the same); ``__eq__``, ``__hash__`` and
``__repr__`` read the fields in a loop.

What it does not do: ``__post_init__``, ordering, slots, and methods of its own under the
names above (it refuses them rather than ignore them). ``__dataclass_params__`` reports the
options of the first pass (``init=False``...), so a record is not for subclassing by
``@dataclass``.
"""

from __future__ import annotations

import dataclasses
import reprlib
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T", bound=type)

#: instances made by the generic ``__init__`` before the class's own is compiled: most
#: classes are built a few times (parameters, the state), notes a few hundred times a game
COMPILE_AFTER = 500

#: the words that make an annotation more than a field's type to @dataclass
_SPECIAL = ("ClassVar", "InitVar", "KW_ONLY")

_OWN = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__",
        "__post_init__")


def record(cls: T | None = None, /, *, frozen: bool = False) -> Any:
    """``@dataclass`` (or ``@dataclass(frozen=True)``) with its methods built when used.

    Use as ``@record`` or ``@record(frozen=True)``.
    """
    def wrap(c: T) -> T:
        return _make(c, frozen)

    return wrap if cls is None else wrap(cls)


def _tuple_of(names: tuple[str, ...]) -> Callable[[Any], tuple]:
    """A function giving the values of the fields ``names`` as a tuple (always a tuple)."""
    if not names:
        return lambda _obj: ()
    if len(names) == 1:
        get = attrgetter(names[0])
        return lambda obj: (get(obj),)
    return attrgetter(*names)


def _make(cls: T, frozen: bool) -> T:
    own = [name for name in _OWN if name in cls.__dict__]
    if own:
        raise TypeError(f"{cls.__name__}: a record builds its own {', '.join(own)}")
    if not cls.__dict__.get("__doc__"):  # what @dataclass would write, without inspect
        cls.__doc__ = f"{cls.__name__}({', '.join(cls.__dict__.get('__annotations__', {}))})"
    # @dataclass searches every annotation written as a string (``from __future__ import
    # annotations``) for ClassVar, InitVar and KW_ONLY, with a regular expression and a look
    # into a module's names: some 40% of its time. An annotation that names none of them is
    # lent to it as ``object`` (nothing else it does reads a type) and given back to the
    # class and the field after.
    annotations = cls.__dict__.get("__annotations__", {})
    plain = {name: a for name, a in annotations.items()
             if isinstance(a, str) and not any(word in a for word in _SPECIAL)}
    if plain:
        cls.__annotations__ = {name: object if name in plain else a
                               for name, a in annotations.items()}
    try:
        cls = dataclasses.dataclass(cls, init=False, repr=False, eq=False)
    finally:
        if plain:
            cls.__annotations__ = annotations
    fields = dataclasses.fields(cls)
    for f in fields:
        if f.name in plain:  # (a field of this class: one of a base class was not lent)
            f.type = plain[f.name]
    shown = tuple(f.name for f in fields if f.repr)
    compared = _tuple_of(tuple(f.name for f in fields if f.compare))
    hashed = _tuple_of(tuple(f.name for f in fields
                             if (f.compare if f.hash is None else f.hash)))
    names = frozenset(f.name for f in fields)

    fill = _filler(fields)
    made = 0

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        nonlocal made
        made += 1
        if made <= COMPILE_AFTER and fill is not None and fill(self, args, kwargs):
            return
        # a class made often, or arguments that are wrong: the compiled __init__ (which
        # also words the TypeError exactly as @dataclass does)
        init = _compiled_init(cls, frozen)
        cls.__init__ = init  # type: ignore[misc]  # the next instances call it directly
        init(self, *args, **kwargs)

    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({inner})"

    def __eq__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    methods: dict[str, Any] = {"__init__": __init__, "__repr__": __repr__, "__eq__": __eq__}
    if frozen:
        def __setattr__(self: Any, name: str, value: Any) -> None:
            if type(self) is cls or name in names:
                raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
            super(cls, self).__setattr__(name, value)

        def __delattr__(self: Any, name: str) -> None:
            if type(self) is cls or name in names:
                raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
            super(cls, self).__delattr__(name)

        def __hash__(self: Any) -> int:
            return hash(hashed(self))

        methods.update(__setattr__=__setattr__, __delattr__=__delattr__, __hash__=__hash__)
    else:
        methods["__hash__"] = None  # mutable and compared by value: unhashable, as @dataclass
    for name, fn in methods.items():
        if fn is not None:
            fn.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, fn)  # on the class: type.__setattr__, whatever the instances do
    return cls


#: a field's place in the template of :func:`_filler` while it has no value yet
_UNSET = object()


def _filler(fields: tuple[dataclasses.Field, ...]) -> Callable[..., bool] | None:
    """A generic ``__init__`` for ``fields``: ``fill(self, args, kwargs)`` sets the instance's
    fields as the compiled one would (in field order, defaults and factories included) and
    returns ``True``, or changes nothing and returns ``False`` when the arguments do not fit.
    ``None`` for keyword-only fields (left to the compiled one)."""
    if any(f.kw_only for f in fields):
        return None
    missing = dataclasses.MISSING
    positional = tuple(f.name for f in fields if f.init)
    accepted = frozenset(positional)
    # every field the compiled __init__ sets, in its order, with its default (or _UNSET): a
    # copy updated with the arguments keeps that order (updating a key keeps its place), so
    # one fill is two dict updates and a look at the few fields without a plain default
    # (a field out of __init__ with a plain default is not set: the class attribute holds it)
    template = {f.name: _UNSET if f.default is missing else f.default
                for f in fields if f.init or f.default_factory is not missing}
    required = tuple(f.name for f in fields
                     if f.init and f.default is missing and f.default_factory is missing)
    factories = tuple((f.name, f.default_factory) for f in fields
                      if f.default_factory is not missing)
    most = len(positional)

    def fill(self: Any, args: tuple, kwargs: dict[str, Any]) -> bool:
        if len(args) > most:
            return False
        values = template.copy()
        if args:
            values.update(zip(positional, args, strict=False))  # (args may be fewer)
        if kwargs:
            if not accepted.issuperset(kwargs) or (
                    args and not kwargs.keys().isdisjoint(positional[: len(args)])):
                return False
            values.update(kwargs)
        for name in required:
            if values[name] is _UNSET:
                return False
        for name, factory in factories:
            if values[name] is _UNSET:
                values[name] = factory()
        self.__dict__.update(values)  # what object.__setattr__ per field would do
        return True

    return fill


def _compiled_init(cls: type, frozen: bool) -> Callable[..., None]:
    """The ``__init__`` that ``@dataclass`` writes for ``cls``'s fields (compiled now)."""
    fields = dataclasses.fields(cls)
    ns: dict[str, Any] = {"__module__": cls.__module__, "__qualname__": cls.__qualname__,
                          "__annotations__": {f.name: f.type for f in fields}}
    for f in fields:
        ns[f.name] = dataclasses.field(default=f.default, default_factory=f.default_factory,
                                       init=f.init, repr=f.repr, hash=f.hash,
                                       compare=f.compare, metadata=f.metadata,
                                       kw_only=f.kw_only)
    twin = dataclasses.dataclass(type(cls.__name__, (), ns), frozen=frozen, repr=False,
                                 eq=False, match_args=False)
    init = twin.__init__
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init
