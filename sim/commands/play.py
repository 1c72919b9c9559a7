"""``python -m sim play``: the game in a window (the pygame front end in :mod:`sim.ui`).

Without a display it exits with code 2 and one line saying so, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ORDER = 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``play`` command."""
    from sim.arguments import pseudonym
    from sim.cli import _override, _seed
    from sim.resources import catalog_languages

    langs = catalog_languages()
    p = sub.add_parser(
        "play", help="play a scenario in a window (the game)",
        description="Play a scenario in a window. Every week is saved as you go (the run "
        "file in your user data folder); Continue on the title screen resumes the newest "
        "unfinished game.")
    p.add_argument("scenario", nargs="?", metavar="SCENARIO",
                   help="a shipped scenario name or a file (default: agency; tutorial the "
                   "first time)")
    p.add_argument("--seed", type=_seed, metavar="N", help="the game's seed (default: random)")
    p.add_argument("--lang", choices=langs,
                   help=f"language of the game ({', '.join(langs)})")
    p.add_argument("--player", metavar="NAME", type=pseudonym,
                   help="your name or pseudonym for the run file (at most 40 characters)")
    p.add_argument("--resume", metavar="RUNFILE", help="continue the game in this run file")
    p.add_argument("--set", dest="overrides", action="append", type=_override, default=[],
                   metavar="PATH=VALUE", help="change a scenario value (repeatable)")
    p.set_defaults(func=cmd_play)


def no_display_reason() -> str | None:
    """Why no window can be opened, or None when one probably can."""
    if os.environ.get("SDL_VIDEODRIVER"):
        return None
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                 or os.environ.get("WAYLAND_DISPLAY")):
        return "no display (DISPLAY and WAYLAND_DISPLAY are not set)"
    return None


def cmd_play(args: argparse.Namespace) -> int:
    """Start the game; bad input or no display is exit 2 with one line."""
    started = time.perf_counter()
    from sim.cli import UsageError

    reason = no_display_reason()
    if reason:
        raise UsageError(f"sim: error: play needs a window: {reason}; run it on a desktop, "
                         "or use 'sim run' for games without a window")
    if args.scenario:
        from sim.cli import _load

        _load(args.scenario, args.overrides)  # a bad scenario fails here, as one line
    resume = Path(args.resume) if args.resume else None
    if resume is not None and not resume.is_file():
        raise UsageError(f"sim: error: cannot read {resume}: no such file")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    try:
        import pygame
    except ImportError:
        raise UsageError("sim: error: play needs pygame-ce: "
                         "pip install 'not-always-right[game]'") from None
    if not getattr(pygame, "IS_CE", False):
        raise UsageError("sim: error: play needs pygame-ce, not pygame: "
                         "pip uninstall pygame && pip install pygame-ce")
    from sim.ui.script import ScriptError, from_env

    try:
        script = from_env()  # scripted play, NAR_INPUT_SCRIPT (None when not set)
    except ScriptError as exc:
        raise UsageError(f"sim: error: {exc.message}") from None
    try:
        pygame.display.init()
    except pygame.error as exc:
        raise UsageError(f"sim: error: play needs a window: cannot open a display "
                         f"({exc})") from None
    from sim.ui.app import Options, start
    from sim.ui.session import ResumeError

    options = Options(scenario=args.scenario, seed=args.seed, lang=args.lang,
                      player=args.player, resume=resume, overrides=list(args.overrides),
                      script=script)
    try:
        app = start(options, started)
    except ResumeError as exc:
        pygame.quit()
        raise UsageError(f"sim: error: cannot continue: {exc}") from None
    except pygame.error as exc:
        pygame.quit()
        raise UsageError(f"sim: error: play needs a window: {exc}") from None
    return app.run()
