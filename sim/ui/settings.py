"""Where the game keeps its files: the user data folder (platformdirs), a small settings file
written atomically, and the run files that are the saves."""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

from .. import i18n
from ..files import atomic_write, open_regular
from ..limits import MAX_PSEUDONYM
from ..textsafe import clean_pseudonym, shown

APP_NAME = "not-always-right"
ENV_DATA_DIR = "NAR_DATA_DIR"  # tests and seminars may point the game elsewhere


def data_dir() -> Path:
    """The user data folder (``$NAR_DATA_DIR`` overrides it)."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def runs_dir(base: Path | None = None) -> Path:
    """The folder of run files (the saves)."""
    return (base or data_dir()) / "runs"


#: the settings file is a few lines; anything much bigger is not one
MAX_SETTINGS_BYTES = 64 * 1024
LANGS = i18n.LANGS  # the languages there are catalogs for
#: the text size setting (Ctrl + / Ctrl −), as a factor of the theme's sizes
TEXT_SCALE_RANGE = (0.5, 3.0)


def settings_problem(data: object) -> str:
    """What is wrong with the settings as read (``key: why``), or '' when nothing is: a JSON
    object of known keys, each of its type and within its limit."""
    if not isinstance(data, dict):
        return "expected a JSON object of settings"
    for key, value in data.items():
        if key == "lang":
            if value not in LANGS:
                return f"lang: expected one of {', '.join(LANGS)}"
        elif key == "player":
            if not isinstance(value, str) or clean_pseudonym(value) != value:
                return (f"player: expected a pseudonym of 1 to {MAX_PSEUDONYM} plain "
                        "characters")
        elif key == "text_scale":
            if (isinstance(value, bool) or not isinstance(value, int | float)
                    or not TEXT_SCALE_RANGE[0] <= value <= TEXT_SCALE_RANGE[1]):
                return (f"text_scale: expected a number from {TEXT_SCALE_RANGE[0]} to "
                        f"{TEXT_SCALE_RANGE[1]}")
        elif key == "launched":
            if not isinstance(value, bool):
                return "launched: expected true or false"
        else:
            return f"{shown(key, 40)}: not a setting"
    return ""


class Settings:
    """A few remembered choices (language, player name, whether the game ran before).

    The file is checked like a scenario: a FIFO or a folder, a file over
    :data:`MAX_SETTINGS_BYTES`, bad JSON or a value of the wrong type or size is reported
    (``problem``, and one line on stderr), the file is moved aside as ``settings.json.bad``
    and the defaults are used: a broken settings file never stops the game.
    """

    def __init__(self, base: Path | None = None) -> None:
        self.path = (base or data_dir()) / "settings.json"
        self.values: dict[str, Any] = {}
        self.problem = ""
        try:
            with open_regular(self.path) as f:
                raw = f.read(MAX_SETTINGS_BYTES + 1)
        except FileNotFoundError:
            return
        except OSError as exc:
            self._refuse(exc.strerror or str(exc))
            return
        if len(raw) > MAX_SETTINGS_BYTES:
            self._refuse(f"larger than {MAX_SETTINGS_BYTES // 1024} KB")
            return
        try:
            data = json.loads(raw.decode("utf-8"))
        except (ValueError, RecursionError) as exc:
            self._refuse(f"not valid JSON ({shown(exc, 80)})")
            return
        why = settings_problem(data)
        if why:
            self._refuse(why)
            return
        self.values = data

    def _refuse(self, why: str) -> None:
        aside = self.path.with_name(self.path.name + ".bad")
        try:
            os.replace(self.path, aside)
            moved = f"moved to {aside.name}"
        except OSError:
            moved = "left as it is"
        self.problem = f"{self.path}: {why}; {moved}, the defaults are used"
        print(f"settings: {shown(self.problem)}", file=sys.stderr)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def set(self, key: str, value: Any) -> None:
        """Remember ``key`` and write the file atomically (a failure to write is ignored:
        settings are a convenience, never a reason to stop the game). A value that the
        file would not accept back (a pseudonym too long, an unknown language) is not kept."""
        if key == "player":
            value = clean_pseudonym(value)
        if settings_problem({key: value}):
            return
        self.values[key] = value
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, json.dumps(self.values, ensure_ascii=False, indent=1))
        except OSError:
            pass


def safe_name(text: str) -> str:
    """A player or scenario name usable in a file name on every platform."""
    cleaned = re.sub(r"[^\w.-]+", "_", text, flags=re.UNICODE).strip("._")
    return cleaned[:40] or "player"


def run_file_name(scenario: str, seed: int, player: str) -> str:
    """``<scenario>-seed<N>-<player>-<timestamp>.jsonl``."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    return f"{safe_name(scenario)}-seed{seed}-{safe_name(player)}-{stamp}.jsonl"
