"""Files written whole or not at all (DESIGN §7: temporary file, fsync, ``os.replace``).

Settings, the JSON Schema, CSV exports and PNG charts all go through :func:`atomic_file`, so
a crash or a full disk never leaves half a file under the real name. (Run files are the one
exception: they are appended a line at a time, see :mod:`sim.runs.runfile`.)
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """A binary file to write, put in place as ``path`` only when the block ends without an
    error; otherwise the temporary file is removed and ``path`` is untouched.

    Raises:
        OSError: the file cannot be written or moved into place.
    """
    target = Path(path)
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
