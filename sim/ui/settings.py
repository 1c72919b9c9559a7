"""Where the game keeps its files: the user data folder (platformdirs), a small settings file
written atomically, and the run files that are the saves."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any

from ..files import atomic_write

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


class Settings:
    """A few remembered choices (language, player name, whether the game ran before)."""

    def __init__(self, base: Path | None = None) -> None:
        self.path = (base or data_dir()) / "settings.json"
        self.values: dict[str, Any] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                self.values = data
        except (OSError, ValueError):
            pass

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def set(self, key: str, value: Any) -> None:
        """Remember ``key`` and write the file atomically (a failure to write is ignored:
        settings are a convenience, never a reason to stop the game)."""
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
