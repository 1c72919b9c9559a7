"""Time from opening the debrief of a 52-week game to its first drawn frame (target < 2 s).

    python bench/debrief_screen.py [--seeds 0,1,2]

For each seed, records a 52-week agency game of the rule-based bot (with a couple of type
tags and a loyal client let go, as ``bench/debrief.py`` does), loads it into the game as a
finished session on the end screen, headless (SDL's dummy video driver), then presses Enter
and measures:
- open: from the key press to the first frame of the debrief screen (the target);
- ready: until the analysis, worked out in the background, is shown (for information);
- charts: until the three charts are drawn and kept as surfaces (for information).

Prints measured against target and exits 1 when the open time misses it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

TARGET_OPEN_S = 2.0


def _session(run: Path):
    from sim.engine import new_game, step
    from sim.runs.runfile import read_run
    from sim.scenario import load_scenario
    from sim.ui.session import Session

    data = read_run(run)
    h = data.header
    sc = load_scenario(h["scenario"], list(h.get("overrides", [])))
    st = new_game(sc.params, h["seed"])
    reports = []
    for d in data.decisions:
        st, r = step(st, d, inplace=True)
        reports.append(r)
    return Session(sc, h["seed"], "bench", st, None, None, list(h.get("overrides", [])),
                   reports, list(data.decisions))


def measure(run: Path, base: Path) -> tuple[float, float, float]:
    import pygame

    from sim.ui.app import App, Options
    from sim.ui.scenes.end import EndScene

    app = App(Options(base=base))
    try:
        app.session = _session(run)
        app.push(EndScene(app))
        app.pump()
        frames = app.frames
        t0 = time.perf_counter()
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0,
                                             unicode="", scancode=0))
        app.pump()
        while app.frames == frames:  # the first frame of the debrief
            app.pump()
        opened = time.perf_counter() - t0
        scene = app.scene
        assert scene.name == "debrief"
        while not scene.ready:
            time.sleep(0.005)
            app.pump()
        ready = time.perf_counter() - t0
        while len(scene.charts) < 3 and scene.chart_error is None:
            time.sleep(0.005)
            app.pump()
        charts = time.perf_counter() - t0
        return opened, ready, charts
    finally:
        app.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="0,1,2")
    args = ap.parse_args(argv)
    from debrief import _record

    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for seed in (int(s) for s in args.seeds.split(",")):
            run = _record(Path(tmp) / f"run{seed}.jsonl", seed)
            opened, ready, charts = measure(run, Path(tmp))
            print(f"seed {seed}: first frame {1000 * opened:.0f} ms, analysis shown "
                  f"{ready:.2f} s, charts kept {charts:.2f} s")
            worst = max(worst, opened)
    ok = worst < TARGET_OPEN_S
    print(f"debrief screen of a 52-week game, open to first frame: worst {worst:.3f} s, "
          f"target < {TARGET_OPEN_S:.1f} s: {'OK' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
