"""One writer per run file: a lock held while a game appends to its save.

Two games continuing the same save would interleave their weeks and tear the file. The
writer takes an exclusive, non-blocking lock on the open file (``fcntl.flock`` on POSIX,
``msvcrt.locking`` on Windows); where neither exists it creates ``.NAME.lock`` beside the
file with ``O_EXCL``. The lock goes with the file: closing it (or the process ending, even by
SIGKILL, for the first two) releases it; a fallback lock file left by a killed process names
its process id, and is taken over when that process is gone.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import IO

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
try:  # Windows
    import msvcrt
except ImportError:
    msvcrt = None  # type: ignore[assignment]


class SaveInUse(OSError):
    """The run file is being written by another game."""


def _fallback_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _take_fallback(path: Path) -> Path:
    lock = _fallback_path(path)
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            try:
                pid = int(lock.read_text(encoding="ascii").strip() or "0")
            except (OSError, ValueError):
                pid = 0
            if pid and _alive(pid):
                raise SaveInUse(f"{path}: this save is open in another game (process {pid}); "
                                "close that game first") from None
            lock.unlink(missing_ok=True)  # left by a game that was killed
            continue
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(str(os.getpid()))
        return lock
    raise SaveInUse(f"{path}: this save is open in another game; close that game first")


def lock_save(file: IO[bytes], path: Path) -> Path | None:
    """Lock the open run file for this writer alone.

    Returns:
        The fallback lock file to remove at :func:`unlock_save`, or None.

    Raises:
        SaveInUse: another writer holds the lock.
    """
    if fcntl is not None:
        try:
            fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return None
        except BlockingIOError:
            raise SaveInUse(f"{path}: this save is open in another game; close that game "
                            "first") from None
        except OSError:
            pass  # a file system without locks (some network shares): the fallback
    elif msvcrt is not None:  # pragma: no cover - Windows
        try:
            msvcrt.locking(file.fileno(), msvcrt.LK_NBLCK, 1)
            return None
        except OSError:
            raise SaveInUse(f"{path}: this save is open in another game; close that game "
                            "first") from None
    return _take_fallback(path)


def unlock_save(file: IO[bytes], fallback: Path | None) -> None:
    """Release what :func:`lock_save` took (closing the file releases the OS lock too)."""
    if fallback is not None:
        with contextlib.suppress(OSError):
            fallback.unlink()
    elif fcntl is not None and not file.closed:
        with contextlib.suppress(OSError):
            fcntl.flock(file.fileno(), fcntl.LOCK_UN)
