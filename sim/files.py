"""Files written whole or not at all (DESIGN §7: temporary file, fsync, ``os.replace``).

Settings, the JSON Schema, CSV exports and PNG charts all go through :func:`atomic_file`, so
a crash or a full disk never leaves half a file under the real name. (Run files are the one
exception: they are appended a line at a time, see :mod:`sim.runs.runfile`.)
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from typing import IO


class NotARegularFile(OSError):
    """A path that names a FIFO, a device, a folder or a link where a plain file is meant.

    Reading a FIFO waits forever and writing "over" a device or a link would replace it, so
    such paths are refused at once; ``str(exc)`` is one line naming the path."""

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def open_regular(path: str | os.PathLike[str]) -> IO[bytes]:
    """Open ``path`` for reading in binary, only if it is a regular file (through links).

    The file is opened without blocking, so a FIFO is refused rather than waited on.

    Raises:
        NotARegularFile: it is a FIFO, a device, a folder or a socket.
        OSError: it cannot be opened (no such file, a dangling link, no permission).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotARegularFile(0, f"is {_kind(mode)}, not a regular file", str(path))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def check_writable_target(path: str | os.PathLike[str]) -> None:
    """Refuse a target for a new file that exists and is not a plain file: a folder, a FIFO,
    a device, or a symbolic link (which would be replaced by a file, or written through).

    Raises:
        NotARegularFile: the path exists and is not a regular file.
    """
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError:
        return  # the write itself will say what is wrong
    if not stat.S_ISREG(mode):
        raise NotARegularFile(0, f"is {_kind(mode)}; give the name of a new or a regular "
                              "file", str(path))


def os_error_line(exc: OSError, what: str = "") -> str:
    """One line for a failed file operation: ``PATH: reason`` (a full disk, a read-only
    folder, a path that is not a file)."""
    name = exc.filename if exc.filename is not None else what
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"{name}: {reason}" if name else reason


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """A binary file to write, put in place as ``path`` only when the block ends without an
    error; otherwise the temporary file is removed and ``path`` is untouched.

    Raises:
        NotARegularFile: ``path`` is a folder, a FIFO, a device or a link.
        OSError: the file cannot be written or moved into place.
    """
    import tempfile  # here: with shutil, bz2 and lzma it costs `sim run` a few ms at start
    from pathlib import Path  # (and pathlib, with urllib.parse, some 6 ms more)

    target = Path(path)
    check_writable_target(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8, newlines as given) to ``path`` atomically."""
    with atomic_file(path) as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)
