"""Print the calibration numbers of DESIGN §1 for a scenario, over many seeds.

    python bench/calibrate.py [SCENARIO] [--seeds 100]
    python bench/calibrate.py --write-docs      # rewrite the figures block of docs/model.md

Used while tuning trait parameters; the same quantities are asserted in
tests/engine/test_calibration.py and tests/engine/test_lessons.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sim.engine import final_scores  # noqa: E402
from sim.engine.defaults import agency  # noqa: E402
from sim.policies import make_policy  # noqa: E402
from sim.runs.runner import client_records, play  # noqa: E402


def whale(st) -> tuple[float, float]:
    """(share of total client profit made by the top 20%, share destroyed by the bottom 15%)."""
    profits = np.array(sorted((r["profit"] for r in client_records(st)), reverse=True))
    total = profits.sum()
    k = len(profits)
    top = profits[: max(1, round(0.2 * k))].sum()
    bottom = profits[k - max(1, round(0.15 * k)):].sum()
    return top / total, -bottom / total


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario", nargs="?", default="agency")
    ap.add_argument("--seeds", type=int, default=100)
    ap.add_argument("--policies", default="always-right,rule-based,oracle")
    ap.add_argument("--write-docs", action="store_true",
                    help="write the figures of docs/model.md from the 100-seed sweeps of "
                    "tests/engine (tests/engine/test_doc_figures.py checks them)")
    a = ap.parse_args()
    if a.write_docs:
        write_docs()
        return
    if a.scenario == "agency":
        params = agency()
    else:
        from sim.scenario import load_scenario

        params = load_scenario(a.scenario).params
    res = {}
    for pol in a.policies.split(","):
        rows = []
        for seed in range(a.seeds):
            r = play(params, make_policy(pol, seed), seed)
            st = r.state
            f = final_scores(st)
            c = st.clients
            n = c.n
            f["bankrupt"] = st.end_reason == "bankrupt"
            f["rev4"] = sum(st.weekly["revenue"][:4]) / 100
            if pol == "always-right":
                f["whale_top"], f["whale_bottom"] = whale(st)
                tn = st.traits.names
                seen = c.status[:n] > 0
                for t in ("core", "vampire", "haggler", "loyal"):
                    m = seen & (c.trait[:n] == tn.index(t))
                    hrs = (c.billable_hours[:n][m] + c.unbilled_hours[:n][m]).sum()
                    f[f"hpr_{t}"] = hrs / max(1, c.revenue[:n][m].sum() / 100) * 1000
                f["late_share"] = c.late_invoices[:n].sum() / max(1, c.invoices[:n].sum())
                f["clients_end"] = int((c.status[:n] == 1).sum())
            rows.append(f)
        res[pol] = rows
        keys = rows[0].keys()
        print(f"== {pol}")
        for k in keys:
            v = np.array([float(r[k]) for r in rows])
            print(f"  {k:16s} median {np.median(v):10.2f}  p10 {np.percentile(v, 10):10.2f}"
                  f"  p90 {np.percentile(v, 90):10.2f}  mean {v.mean():10.2f}")
    pols = list(res)
    if "always-right" in res:
        base = np.array([r["score"] for r in res["always-right"]])
        for p in pols:
            if p == "always-right":
                continue
            s = np.array([r["score"] for r in res[p]])
            mor = np.array([r["morale"] for r in res[p]])
            bm = np.array([r["morale"] for r in res["always-right"]])
            print(f"{p} beats always-right on score in {np.mean(s > base):.0%}, "
                  f"on morale in {np.mean(mor > bm):.0%}")
        if "oracle" in res:
            o = np.array([r["rev4"] for r in res["oracle"]])
            b = np.array([r["rev4"] for r in res["always-right"]])
            print(f"oracle earns less in weeks 1-4 in {np.mean(o < b):.0%}")


def write_docs() -> None:
    """Replace the generated block of docs/model.md with freshly computed figures."""
    from tests.engine import doc_figures

    doc_figures.sweeps_used()
    page = Path(__file__).resolve().parents[1] / "docs" / "model.md"
    doc_figures.write(page)
    print(f"wrote the figures of {page}")


if __name__ == "__main__":
    main()
