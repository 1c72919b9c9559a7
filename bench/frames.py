"""Frame time of the week screen and time to the first frame of ``sim play``.

    python bench/frames.py [--frames 400]

Measures, headless (SDL's dummy video driver):
- the week screen with 60 clients (agency with market.initial_clients=60), clients tab and
  inbox tab: a full redraw per frame while the mouse moves over the table (median, p95);
- time from starting ``python -m sim play`` to the first drawn frame (a subprocess that exits
  right after its first flip, NAR_EXIT_AFTER_FIRST_FRAME=1; wall time, median of 3);
- CPU used while the window sits idle for two seconds (the loop must sleep, not spin).

Prints measured against target and exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

TARGET_P95_MS = 8.0
TARGET_FIRST_FRAME_S = 1.5
TARGET_IDLE_CPU = 0.10  # share of one core while idle


def _key(pygame, app, key: int) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="",
                                         scancode=0))
    app.pump()


def frame_times(frames: int) -> dict[str, list[float]]:
    """Per-frame milliseconds on the clients and inbox tabs of a 60-client week."""
    import pygame

    from sim.ui.app import Options, start

    with tempfile.TemporaryDirectory() as tmp:
        app = start(Options(scenario="agency", seed=1, base=Path(tmp), size=(1280, 720),
                            overrides=["market.initial_clients=60"]))
        app.pump()
        _key(pygame, app, pygame.K_n)
        _key(pygame, app, pygame.K_RETURN)
        week = app.scene
        assert week.name == "week" and len(week.obs.active_clients()) >= 60
        out = {}
        for tab, key in (("clients", pygame.K_2), ("inbox", pygame.K_1)):
            _key(pygame, app, key)
            table = week.table()
            r = table.rect
            times = []
            for k in range(frames):
                pos = (r.x + (k * 37) % r.width, r.y + (k * 11) % r.height)
                t0 = time.perf_counter()
                pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(1, 1),
                                                     buttons=(0, 0, 0)))
                if k % 25 == 0:
                    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_DOWN,
                                                         mod=0, unicode="", scancode=0))
                app.dirty = True  # measure a full redraw, not the skipped ones
                app.pump()
                times.append((time.perf_counter() - t0) * 1000)
            out[tab] = times
        idle = idle_cpu(app, pygame)
        app.close()
    out["idle"] = [idle]
    return out


def idle_cpu(app, pygame) -> float:
    """CPU share while the app's own loop waits for two seconds with nothing to do."""
    pygame.time.set_timer(pygame.QUIT, 2000, loops=1)
    app.running = True
    app.frames = max(app.frames, 1)
    c0, w0 = time.process_time(), time.perf_counter()
    while app.running:
        first = pygame.event.wait(app.timeout_ms())
        events = ([first] if first.type != pygame.NOEVENT else []) + pygame.event.get()
        app.frame(events)
    return (time.process_time() - c0) / max(1e-9, time.perf_counter() - w0)


def first_frame(runs: int = 3) -> tuple[float, float]:
    """Median wall time from process start to the first frame, and the app's own figure."""
    walls, inner = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, NAR_EXIT_AFTER_FIRST_FRAME="1", NAR_DATA_DIR=tmp,
                       PYTHONPATH=str(ROOT))
            t0 = time.perf_counter()
            r = subprocess.run([sys.executable, "-m", "sim", "play", "agency", "--seed", "1"],
                               cwd=tmp, env=env, capture_output=True, text=True, timeout=120)
            walls.append(time.perf_counter() - t0)
            if r.returncode != 0 or not r.stdout.startswith("first-frame"):
                raise SystemExit(f"play failed: {r.stderr.strip()}")
            inner.append(float(r.stdout.split()[1]))
    return statistics.median(walls), statistics.median(inner)


def _p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=400)
    args = ap.parse_args(argv)
    ok = True
    res = frame_times(args.frames)
    for tab in ("clients", "inbox"):
        med, p95 = statistics.median(res[tab]), _p95(res[tab])
        hit = p95 < TARGET_P95_MS
        ok &= hit
        print(f"week screen, 60 clients, {tab:7} tab: median {med:5.2f} ms, p95 {p95:5.2f} ms"
              f"  (target p95 < {TARGET_P95_MS} ms) {'ok' if hit else 'MISS'}")
    wall, inner = first_frame()
    hit = wall < TARGET_FIRST_FRAME_S
    ok &= hit
    print(f"play to first frame: {wall:.2f} s wall (in-app {inner:.2f} s)"
          f"  (target < {TARGET_FIRST_FRAME_S} s) {'ok' if hit else 'MISS'}")
    idle = res["idle"][0]
    hit = idle < TARGET_IDLE_CPU
    ok &= hit
    print(f"idle CPU: {100 * idle:.1f}% of a core  (target < {100 * TARGET_IDLE_CPU:.0f}%) "
          f"{'ok' if hit else 'MISS'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
