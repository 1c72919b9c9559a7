"""A test class on the tutorial: bots with different settings under pseudonyms, scripted
human-like games (with type tags, partings in each manner, new terms), a bot's own run
file, a tampered file and a broken one."""

from __future__ import annotations

from pathlib import Path

from sim.engine import Decisions, GameState, Tag, Terms
from sim.engine.state import ACTIVE
from sim.policies.oracle import Oracle
from sim.policies.rule_based import RuleBased

from ..runs.recording import record, rewrite

SCENARIO = "tutorial"
SEED = 3
VAMPIRE = "Grand Vortex"  # arrives in week 3 (a scripted event of the tutorial)

# (pseudonym, {week: [(what, client, value)]}): the scripted players, all serving every
# request as the always-right bot does and deciding these things themselves
PLAN: dict[str, dict[int, list[tuple[str, str, object]]]] = {
    "fox": {4: [("tag", VAMPIRE, "vampire"), ("tag", "Birch & Sons", "haggler")],
            5: [("let_go", VAMPIRE, "polite")]},
    "owl": {4: [("tag", VAMPIRE, "core")], 8: [("let_go", VAMPIRE, "blunt")]},
    "elk": {4: [("terms", "Birch & Sons", Terms(prepay=True, scope=True)),
                ("tag", "Birch & Sons", "haggler")],
            6: [("let_go", VAMPIRE, "price_out")]},
    "yak": {5: [("let_go", "Lumen Clinic", "polite"), ("tag", "Lumen Clinic", "vampire")]},
    "cub": {3: [("tag", "Orion Print", "core"), ("tag", "Kite Studio", "haggler")]},
    "hen": {9: [("let_go", VAMPIRE, "polite")]},
}


# the files carry real names (as hand-ins often do); the report must show pseudonyms only
SURNAMES = {"fox": "ivanova", "owl": "petrov", "elk": "sidorova", "yak": "kuznetsov",
            "cub": "smirnova", "hen": "popov", "ant": "volkova", "bee": "sokolov",
            "cat": "lebedeva", "dog": "kozlov", "emu": "novikova", "gnu": "morozov"}


def file_of(player: str) -> str:
    return f"{SURNAMES[player]}-handin.jsonl"


def scripted(plan: dict[int, list[tuple[str, str, object]]]):
    """A ``record`` script doing ``plan``'s decisions in their weeks."""
    def script(st: GameState, d: Decisions) -> None:
        for what, name, value in plan.get(st.week, []):
            i = st.client_names.index(name)
            if int(st.clients.status[i]) != ACTIVE:
                continue
            if what == "let_go":
                d.let_go[i] = str(value)
            elif what == "terms":
                d.terms[i] = value
            else:
                d.tags[i] = Tag(str(value), 0.8)
    return script


def build_class(folder: Path, *, lang: str | None = None) -> Path:
    """Write the test class into ``folder`` (made if missing); returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    common = {"scenario": SCENARIO, "overrides": (), "seed": SEED, "lang": lang}
    for name, plan in PLAN.items():
        record(folder / file_of(name), player=name, policy="always-right",
               script=scripted(plan), **common)
    bots = {"ant": RuleBased(SEED, firing=False), "bee": RuleBased(SEED, screening=False),
            "cat": RuleBased(SEED), "dog": Oracle(SEED), "emu": RuleBased(SEED, terms=False)}
    for name, bot in bots.items():
        record(folder / file_of(name), player=name, bot=bot, **common)
    record(folder / file_of("gnu"), player="gnu", policy="always-right", tags=True, **common)
    record(folder / "bot-rule-based.jsonl", policy="rule-based", **common)  # a bot's file
    rewrite(folder / file_of("fox"), lambda o: (o[-1]["scores"].update(score=250.0),
                                             o[0].update(player="mallory")),
            folder / "tampered.jsonl")
    data = (folder / file_of("owl")).read_bytes()
    (folder / "broken.jsonl").write_bytes(b"{not json at all\n" + data[40:200])
    return folder


__all__ = ["PLAN", "SCENARIO", "SEED", "SURNAMES", "VAMPIRE", "build_class", "file_of",
           "scripted"]
