"""Recording short games into run files for the tests of verify, compare and leaderboard."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

from sim.engine import (
    Decisions,
    GameState,
    Tag,
    final_scores,
    new_game,
    observe,
    state_digest,
    step,
)
from sim.policies import Policy, make_policy
from sim.runs.runfile import RunWriter, encode_line, make_header
from sim.scenario import load_scenario

SHORT = ("weeks=4",)  # a month of agency: every line type, few bytes, quick replays


def record(path: Path, *, scenario: str = "agency", overrides: Sequence[str] = SHORT,
           seed: int = 0, policy: str = "rule-based", player: str | None = None,
           lang: str | None = None, tags: bool = False, bot: Policy | None = None,
           script: Callable[[GameState, Decisions], None] | None = None) -> Path:
    """Play ``policy`` and write the run file. With ``player`` the header names a player
    (the bot still decides); ``tags`` adds type tags, right for even client ids only.
    ``bot`` plays instead of ``policy`` (a bot with its own settings); ``script(state,
    decisions)`` may change each week's decisions before they are played (a scripted
    human-like game)."""
    sc = load_scenario(scenario, overrides=list(overrides))
    header = make_header(scenario=sc.id, scenario_sha256=sc.sha256, seed=seed,
                         overrides=overrides, policy=None if player else policy,
                         player=player, lang=lang)
    bot = bot or make_policy(policy, seed)
    st = new_game(sc.params, seed)
    with RunWriter(path, header, durable=False) as w:
        while not st.over:
            d = bot.decide(observe(st), st if bot.needs_state else None)
            if tags:
                active = st.active_mask().nonzero()[0][:6]
                d.tags = {int(i): Tag(st.traits.names[int(st.clients.trait[i])] if i % 2 == 0
                                      else ("core" if st.clients.trait[i] else "loyal"), 0.7)
                          for i in active}
            if script is not None:
                script(st, d)
            st, report = step(st, d, inplace=True)
            w.write_week(report.week, d, state_digest(st))
        w.write_final(final_scores(st))
    return path


def lines(path: Path) -> list[dict]:
    """The run file's lines as JSON objects."""
    return [json.loads(x) for x in path.read_bytes().splitlines()]


def rewrite(path: Path, change: Callable[[list[dict]], None], out: Path | None = None) -> Path:
    """Apply ``change`` to the lines and write them back (to ``out`` if given)."""
    objs = lines(path)
    change(objs)
    target = out or path
    target.write_bytes(b"".join(encode_line(o) for o in objs))
    return target
