"""Recording bot games into run files, with a mistake planted in one week if asked."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from sim.engine import Decisions, GameState, final_scores, new_game, observe, state_digest, step
from sim.engine.state import ACTIVE
from sim.policies import make_policy
from sim.runs.runfile import RunWriter, make_header
from sim.scenario import load_scenario

Plant = Callable[[GameState, Decisions], None]


def record(path: Path, *, policy: str = "oracle", seed: int = 0, scenario: str = "agency",
           overrides: Sequence[str] = ("weeks=20",), plant: dict[int, Plant] | None = None,
           lang: str | None = None) -> Path:
    """Play ``policy`` and write the run file; ``plant[week](state, decisions)`` changes
    that week's decisions before they apply."""
    sc = load_scenario(scenario, overrides=list(overrides))
    header = make_header(scenario=sc.id, scenario_sha256=sc.sha256, seed=seed,
                         overrides=overrides, policy=policy, lang=lang)
    bot = make_policy(policy, seed)
    st = new_game(sc.params, seed)
    with RunWriter(path, header, durable=False) as w:
        while not st.over:
            d = bot.decide(observe(st), st if bot.needs_state else None)
            if plant and st.week in plant:
                plant[st.week](st, d)
            st, report = step(st, d, inplace=True)
            w.write_week(report.week, d, state_digest(st))
        w.write_final(final_scores(st))
    return path


def clients_of(st: GameState, trait: str) -> list[int]:
    """Active clients of a type, most valuable (by recent contribution) first."""
    c = st.clients
    t = st.traits.index[trait]
    ids = [i for i in range(c.n) if c.status[i] == ACTIVE and c.trait[i] == t]
    return sorted(ids, key=lambda i: -float(c.contribution_avg[i]))


def fire(trait: str, manner: str = "polite", *, out: list[int] | None = None) -> Plant:
    """A plant that lets go the most valuable active client of ``trait``; his id goes to
    ``out``."""

    def plant(st: GameState, d: Decisions) -> None:
        i = clients_of(st, trait)[0]
        d.let_go[i] = manner
        d.terms.pop(i, None)
        if out is not None:
            out.append(i)

    return plant
