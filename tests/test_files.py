"""Atomic files: the real name holds the old content or the whole new one, never a part."""

from __future__ import annotations

import pytest

from sim.files import atomic_file, atomic_write


def test_atomic_write_replaces_the_whole_file(tmp_path):
    path = tmp_path / "out.csv"
    path.write_text("old\n", encoding="utf-8")
    atomic_write(path, "név,score\r\nann,1\r\n")
    assert path.read_bytes() == "név,score\r\nann,1\r\n".encode()  # newlines kept as given
    atomic_write(path, b"\x89PNG")
    assert path.read_bytes() == b"\x89PNG"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temporary file left


def test_a_failure_in_the_middle_leaves_the_old_file(tmp_path):
    path = tmp_path / "chart.png"
    path.write_bytes(b"old chart")
    with pytest.raises(RuntimeError), atomic_file(path) as f:
        f.write(b"half a new ch")
        raise RuntimeError("the drawing failed")
    assert path.read_bytes() == b"old chart"
    assert [p.name for p in tmp_path.iterdir()] == ["chart.png"]


def test_a_folder_that_cannot_be_written_is_an_os_error(tmp_path):
    with pytest.raises(OSError):
        atomic_write(tmp_path / "missing" / "x.csv", "a")
