"""Scripted play: ``NAR_INPUT_SCRIPT=FILE`` plays the game from a text file of key presses.

A supported way to drive the real game: an instructor's demo that plays to a given week on
the projector, the key presses that reproduce a reported problem, and the crash tests that
kill the real process at a chosen moment (only the app's loop knows when a key has been
handled and no scene is busy, so this cannot be done from outside the process). Off unless
the variable is set (``python -m sim play`` reads it once; nothing else does).
The file is UTF-8 text, one step a line::

    # a comment; blank lines are ignored
    n                    press and release a key: a pygame key name (e, d, return, escape,
    page down            f2, tab, down, 1, ...), case-insensitive
    shift+tab            a key with modifiers: shift+, ctrl+, alt+
    wait-scene week      wait until the top scene is this one (title, briefing, week, report,
                         dialog, client, settings, end, debrief)
    print week 3 saved   write this text and a newline to stdout, and flush (a marker)

A key is posted as a real ``KEYDOWN`` and ``KEYUP`` pair from the app's loop, one step at a
time, and only once the previous keys have been handled (none queued, no scene busy). That is
all a script can do: post key events, wait for a scene, print its own text; it runs no code.
When the script ends the game goes on as usual, waiting for input (a test kills it, or the
script quits through the menu: ``escape``, ``q``). A bad script is refused before the window
opens, with ``FILE:LINE: what is wrong`` and exit code 2.
"""

from __future__ import annotations

import contextlib
import os
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..files import open_regular

ENV_SCRIPT = "NAR_INPUT_SCRIPT"
MAX_BYTES = 1 << 20  # far more than any test needs
#: the names of the scenes (``Scene.name``); tests/ui/test_script.py keeps it complete
SCENES = ("title", "briefing", "week", "report", "dialog", "client", "settings", "end",
          "debrief")
MODIFIERS = ("shift", "ctrl", "alt")
WAIT_MS = 20  # how often a waiting step looks again at the scene


class ScriptError(Exception):
    """An input script that cannot be used; ``str(exc)`` is one line ``FILE:LINE: ...``."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Step:
    """One line of a script: a key press (``key``, ``mod``), a wait or a print (``arg``)."""

    kind: str  # "key", "wait-scene" or "print"
    line: int
    key: int = 0
    mod: int = 0
    arg: str = ""


def _key(spec: str, where: str) -> tuple[int, int]:
    import pygame

    mod = 0
    name = spec
    while "+" in name[:-1]:
        head, rest = name.split("+", 1)
        if head.strip().lower() not in MODIFIERS:
            break
        mod |= {"shift": pygame.KMOD_SHIFT, "ctrl": pygame.KMOD_CTRL,
                "alt": pygame.KMOD_ALT}[head.strip().lower()]
        name = rest.strip()
    try:
        with warnings.catch_warnings():  # "pygame.init() has not been called": not needed
            warnings.simplefilter("ignore")
            key = pygame.key.key_code(name)
    except ValueError:
        raise ScriptError(f"{where}: unknown key {name!r} (a pygame key name such as e, "
                          "return, escape, f2, tab, down, page down)") from None
    return key, mod


def parse(text: str, source: str = "<script>") -> list[Step]:
    """The steps of a script.

    Raises:
        ScriptError: a line that is not a key name, ``wait-scene SCENE`` or ``print TEXT``.
    """
    steps = []
    for number, raw in enumerate(text.splitlines(), start=1):
        where = f"{source}:{number}"
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if any(ord(c) < 32 or ord(c) == 127 for c in line):
            raise ScriptError(f"{where}: a control character in the line")
        word, _, rest = line.partition(" ")
        rest = rest.strip()
        if word == "wait-scene":
            if rest not in SCENES:
                raise ScriptError(f"{where}: wait-scene needs a scene name, one of "
                                  f"{', '.join(SCENES)}" + (f" (not {rest!r})" if rest else ""))
            steps.append(Step("wait-scene", number, arg=rest))
        elif word == "print":
            if not rest:
                raise ScriptError(f"{where}: print needs the text of a marker")
            steps.append(Step("print", number, arg=rest))
        else:
            key, mod = _key(line, where)
            steps.append(Step("key", number, key=key, mod=mod))
    return steps


def load(path: str | os.PathLike[str]) -> Script:
    """Read and parse the script in ``path``. Raises :class:`ScriptError`."""
    path = Path(path)
    try:
        with open_regular(path) as f:  # a FIFO is refused, never waited on
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ScriptError(f"{path}: cannot read the input script: "
                          f"{exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise ScriptError(f"{path}: the input script is over {MAX_BYTES} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ScriptError(f"{path}:{line}: not UTF-8 text") from None
    return Script(parse(text, str(path)))


def from_env() -> Script | None:
    """The script named by ``$NAR_INPUT_SCRIPT``, or None when it is not set."""
    path = os.environ.get(ENV_SCRIPT)
    return load(path) if path else None


class Script:
    """The steps still to play; :meth:`advance` is called by the app's loop."""

    def __init__(self, steps: list[Step]) -> None:
        self.steps = list(steps)
        self.pos = 0

    @property
    def done(self) -> bool:
        return self.pos >= len(self.steps)

    def advance(self, app: Any) -> int | None:
        """Play steps until one posts a key or must wait.

        Returns how long the loop may sleep before calling again (ms), or None when the
        script is over.
        """
        import pygame

        if pygame.event.peek((pygame.KEYDOWN, pygame.KEYUP)) \
                or (app.stack and getattr(app.scene, "busy", False)):
            return WAIT_MS  # the last keys are not handled yet
        while not self.done:
            step = self.steps[self.pos]
            if step.kind == "wait-scene":
                if not app.stack or app.scene.name != step.arg:
                    return WAIT_MS
            elif step.kind == "print":
                with contextlib.suppress(OSError):  # nobody reading is no reason to stop
                    sys.stdout.write(step.arg + "\n")
                    sys.stdout.flush()
            else:
                for kind in (pygame.KEYDOWN, pygame.KEYUP):
                    pygame.event.post(pygame.event.Event(kind, key=step.key, mod=step.mod,
                                                         unicode="", scancode=0))
                self.pos += 1
                return 1
            self.pos += 1
        return None
