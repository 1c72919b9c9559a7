"""Faults injected into a real ``python -m sim`` process from the test side.

The crash tests start the game as ``python -c PRELUDE``: the prelude (:func:`prelude`)
installs the faults asked for, then runs ``sim`` as ``python -m sim`` would. Nothing of this
is in the product: the game's own code is what runs, with one function replaced.
"""

from __future__ import annotations

import sys
import time


def slow_saves(seconds: float) -> None:
    """From now on in this process, each week's line of a run file is written in two halves:
    the first half reaches the disk (flushed and fsynced), ``saving week N`` goes to stderr,
    and the rest follows ``seconds`` later, so that a test can kill the game with a torn line
    on disk. Other lines (the header, the final scores) are written as usual."""
    from sim.runs import runfile

    write = runfile.RunWriter._write

    def torn_write(self, obj):
        if obj.get("type") != "week":
            return write(self, obj)
        line = runfile.encode_line(obj)
        half = len(line) // 2
        self._file.write(line[:half])
        self._sync()
        print(f"saving week {obj.get('week')}", file=sys.stderr, flush=True)
        time.sleep(seconds)
        self._file.write(line[half:])
        self._sync()
        return None

    runfile.RunWriter._write = torn_write


def prelude(args: list[str], *, max_file: int | None = None,
            slow_save: float | None = None) -> str:
    """The ``python -c`` program that installs the faults and runs ``sim`` with ``args``.

    ``max_file``: the kernel refuses to let any file of the game grow past that many bytes
    (a write fails with EFBIG, as a full disk fails with ENOSPC; Python ignores the SIGXFSZ
    that comes with it). ``slow_save``: :func:`slow_saves` with those seconds.
    """
    lines = ["import runpy, sys"]
    if max_file is not None:
        lines += ["import resource",
                  f"resource.setrlimit(resource.RLIMIT_FSIZE, ({max_file}, "
                  "resource.RLIM_INFINITY))"]
    if slow_save is not None:
        lines += ["from tests.reliability.faults import slow_saves",
                  f"slow_saves({float(slow_save)!r})"]
    lines += [f"sys.argv = ['sim', *{args!r}]", "runpy.run_module('sim', run_name='__main__')"]
    return "\n".join(lines)
