"""The quick paths of verification give what the plain ones give: the digest's head written
directly, the opened game copied from a book, and the same verdicts either way."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from sim.engine import GameState, final_scores, new_game, observe, play_weeks, state_digest
from sim.engine import digest as digest_mod
from sim.policies import make_policy
from sim.runs import runfile as runfile_mod
from sim.runs.verify import OK, ScenarioBook, verify_run
from sim.scenario import load_scenario

from .recording import record


@pytest.fixture(scope="module")
def agency():
    return load_scenario("agency", overrides=["weeks=12"])


def _slow_digest(st: GameState, monkeypatch) -> str:
    with monkeypatch.context() as m:
        m.setattr(digest_mod, "_head", digest_mod._head_json)
        return state_digest(st)


@pytest.mark.parametrize("policy", ["rule-based", "random", "always-right"])
def test_the_digest_head_is_the_json_it_always_was(agency, policy, monkeypatch):
    st = new_game(agency.params, 3)
    bot = make_policy(policy, 3)
    weeks = 0
    assert digest_mod._head(st) == digest_mod._head_json(st)
    for _ in play_weeks(st, lambda s: bot.decide(observe(s), s),
                        explain=False):
        assert digest_mod._head(st) == digest_mod._head_json(st)
        assert state_digest(st) == _slow_digest(st, monkeypatch)
        weeks += 1
    assert weeks == 12 and st.over


def test_the_digest_head_of_a_new_game_is_pinned():
    """Run files handed in carry these digests: the head's JSON (keys, order, separators, how
    numbers and names are written) may change only with a new engine version. Pinned for a
    new agency game, whose head holds only integers, plain floats, names and the streams'
    integer states (the same bytes on every platform)."""
    import hashlib

    st = new_game(load_scenario("agency").params, 1)
    head = digest_mod._head_json(st)
    assert head.startswith(b'{"cash":4000000,"clients":["Orion","Vega",')
    assert hashlib.sha256(head).hexdigest() == \
        "4720fe0482402ff468d0686d5c42dbfe1e4403b7ff3a70b8620185db13761715"
    assert digest_mod._head(st) == head


@pytest.mark.parametrize(("field", "value"), [
    ("cash", True), ("cash", np.int64(5)), ("cash", 2**70), ("reputation", float("nan")),
    ("reputation", float("inf")), ("reputation", -0.0), ("reputation", 50),
    ("reputation", np.float64(49.5)), ("lead_rate", 1e-12), ("lead_rate", 3),
    ("over", 1), ("over", True), ("week", 7.0), ("client_names", ("A", "B")),
    ("client_names", ["Zoë", "a\"b\\c\n", "\x1b[31m", "雪"]), ("staff_names", []),
    ("client_names", ["A", 3]), ("client_names", ["A", None]),
])
def test_odd_values_in_the_head_are_written_as_json_writes_them(agency, field, value):
    st = new_game(agency.params, 1)
    setattr(st, field, value)
    try:
        want = digest_mod._head_json(st)
    except (TypeError, ValueError) as exc:  # the generic encoder refuses it: so do both
        with pytest.raises(type(exc)):
            digest_mod._head(st)
        return
    assert digest_mod._head(st) == want


def test_a_book_s_opened_game_is_the_one_new_game_opens(agency, monkeypatch):
    book = ScenarioBook()
    for seed in (0, 1, 0, 0, 1):
        st, fresh = book.start(agency.params, seed), new_game(agency.params, seed)
        assert st is not fresh and state_digest(st) == state_digest(fresh)
        bot_a, bot_b = make_policy("rule-based", seed), make_policy("rule-based", seed)
        digests = [state_digest(p.state) for p in play_weeks(
            st, lambda s, b=bot_a: b.decide(observe(s), s), explain=False)]
        again = [state_digest(p.state) for p in play_weeks(
            fresh, lambda s, b=bot_b: b.decide(observe(s), s), explain=False)]
        assert digests == again and final_scores(st) == final_scores(fresh)
    assert len(book._starts) == 2  # one per seed, each copied, never played itself
    other = load_scenario("agency", overrides=["weeks=12", "firm.cash=123456"])
    assert state_digest(book.start(other.params, 0)) == state_digest(new_game(other.params, 0))
    monkeypatch.setattr(ScenarioBook, "MAX_STARTS", 3)
    for seed in range(10):
        book.start(agency.params, seed)
    assert len(book._starts) <= 3


def test_verdicts_are_the_same_from_a_kept_opened_game(tmp_path: Path):
    paths = [record(tmp_path / f"{p}-{s}.jsonl", overrides=("weeks=8",), policy=p, seed=s)
             for p in ("rule-based", "random") for s in (2, 3)]
    bad = tmp_path / "bad.jsonl"
    text = paths[0].read_text().splitlines(keepends=True)
    obj = json.loads(text[4])
    obj["digest"] = "0" * 64
    text[4] = json.dumps(obj, separators=(",", ":")) + "\n"
    bad.write_text("".join(text))
    book = ScenarioBook()
    for path in [*paths, bad, *paths, bad]:
        v, fresh = verify_run(path, book=book), verify_run(path, keep=True)
        assert (v.status, v.reason, v.week, v.weeks_played, v.scores, v.state_end) == \
            (fresh.status, fresh.reason, fresh.week, fresh.weeks_played, fresh.scores,
             fresh.state_end)
        assert v.status == (OK if path != bad else "mismatch")


# --- reading ---------------------------------------------------------------------------------

_HEX = "ab" * 32


WEEK_LINES = [
    '{"type":"week","week":1,"decisions":{},"digest":"%s"}',
    '{"type":"week","week":1,"decisions": {} ,"digest":"%s"}',
    '{"type":"week","week":1,"decisions":{"hire":2},"digest":"%s"}',
    '{"type":"week","week":1,"decisions":{"hire":2,"hire":3},"digest":"%s"}',
    '{"type":"week","week":1,"decisions":{"overtime":{"0":1e400}},"digest":"%s"}',
    '{"type":"week","week":1,"decisions":{"overtime":{"0":NaN}},"digest":"%s"}',
    '{"type":"week","week":1,"decisions":{"overtime":{"0":-Infinity}},"digest":"%s"}',
    '{"type":"week","week":1,"decisions":{"hire":123456789012345678901234},"digest":"%s"}',
    '{"type":"week","week":1,"decisions":{"hire":true},"digest":"%s"}',
    '{"type":"week","week":1,"decisions":{"hire":1.0},"digest":"%s"}',
    '{"type":"week","week":1,"decisions":{"bonus":{"0":2.5}},"digest":"%s"}',
    '{"type":"week","week":1,"decisions":{"terms":{"3":{"price_factor":1,"vip":true}}},'
    '"digest":"%s"}',
    '{"type":"week","week":1,"decisions":{"terms":{"3":{"price_factor":1,"price_factor":2}}},'
    '"digest":"%s"}',
    '{"type":"week","week":1,"decisions":{"tags":{"4":{"confidence":0.5}}},"digest":"%s"}',
    '{"type":"week","week":1,"decisions":{"tags":{"4":{"trait":"x","confidence":0.5}}},'
    '"digest":"%s"}',
    '{"type":"week","week":1,"decisions":{"let_go":{"5":"polite"},"blacklist":[5,5]},'
    '"digest":"%s"}',
    '{"type":"week","week":1,"decisions":{"requests":{"9":{"action":"serve","staff":1,'
    '"hours":2.5}},"leads":{"07":false,"7":true}},"digest":"%s"}',
    '{"type":"week","week":1,"decisions":{"tags":{"1":{"trait":"\\u00e9\\"digest\\":\\"x",'
    '"confidence":0.5}}},"digest":"%s"}',
    '{"type":"week","week":1,"decisions":{"hire":1},"digest":"%s","digest":"%s"}',
    '{"type":"week","week":1,"decisions":{"hire":1},"digest":"%s"},"digest":"%s"}',
    '{"type":"week","week":2,"decisions":{},"digest":"%s"}',
    '{"type":"week","week":01,"decisions":{},"digest":"%s"}',
    '{"type":"week","week":1,"decisions":[],"digest":"%s"}',
    '{"type":"week","week":1,"decisions":null,"digest":"%s"}',
    '{"type":"week","week":1,"decisions":{"unknown":1},"digest":"%s"}',
    '{"type":"week","week":1,"decisions":{"overtime":{"x":1}},"digest":"%s"}',
    '{"type":"week","week":1,"decisions":{"hire":1}},"digest":"%s"}',
    '{"type":"week","week":1,"decisions":{"hire":1,"digest":"%s"}',
    '{"type":"week","week":1,"decisions":{"blacklist":[1,2,{"a":1}]},"digest":"%s"}',
    '{"type":"week","week":1,"decisions":' + "[" * 5000 + "]" * 5000 + ',"digest":"%s"}',
    '{"type":"week","week":1,"decisions":{"let_go":{"1":"\xff"}},"digest":"%s"}',
]


@pytest.mark.parametrize("line", WEEK_LINES)
def test_an_odd_week_line_is_read_or_refused_with_a_message(tmp_path, line):
    # hostile or odd week lines: read_run gives data or a RunFileError, never anything else
    header = runfile_mod.make_header(scenario="agency", scenario_sha256=_HEX, seed=1,
                                     policy="x")
    text = line.replace("%s", _HEX)
    path = tmp_path / "run.jsonl"
    for body in ([text], [text, text.replace('"week":1,', '"week":2,', 1)],
                 [text, '{"type":"final","scores":{}}'], [text, text]):
        raw = runfile_mod.encode_line(header) + b"".join(
            t.encode("utf-8", "surrogateescape") + b"\n" for t in body)
        path.write_bytes(raw)
        try:
            data = runfile_mod.read_run(path, max_weeks=6)
        except runfile_mod.RunFileError as exc:
            assert exc.message.startswith(str(path))
        else:
            # (a bad last line reads as torn: a game cut off while writing it)
            assert data.torn or data.weeks
            assert all(w.week == k + 1 for k, w in enumerate(data.weeks))


def _from_dict_before(data):
    """Decisions.from_dict as it was written first: every part read, given or not."""
    from sim.engine import Decisions, IllegalDecision, RequestPlan, Tag, Terms

    if not isinstance(data, dict):
        raise IllegalDecision("decisions must be an object", "bad_decisions")
    unknown = set(data) - set(Decisions.__dataclass_fields__)
    if unknown:
        raise IllegalDecision(f"unknown decision field(s): {', '.join(sorted(unknown))}",
                              "bad_decisions")
    try:
        return Decisions(
            requests={int(k): RequestPlan(**v) for k, v in data.get("requests", {}).items()},
            leads={int(k): bool(v) for k, v in data.get("leads", {}).items()},
            terms={int(k): Terms(**v) for k, v in data.get("terms", {}).items()},
            let_go={int(k): str(v) for k, v in data.get("let_go", {}).items()},
            blacklist=[int(x) for x in data.get("blacklist", [])],
            owners={int(k): int(v) for k, v in data.get("owners", {}).items()},
            overtime={int(k): float(v) for k, v in data.get("overtime", {}).items()},
            bonus={int(k): int(v) for k, v in data.get("bonus", {}).items()},
            time_off=[int(x) for x in data.get("time_off", [])],
            hire=int(data.get("hire", 0)),
            tags={int(k): Tag(**v) for k, v in data.get("tags", {}).items()},
        )
    except (TypeError, ValueError, AttributeError) as exc:
        raise IllegalDecision(f"malformed decisions: {exc}", "bad_decisions") from None


FROM_DICT_CASES = [
    {}, {"hire": 3}, {"hire": "3"}, {"hire": None}, {"hire": 2.7}, {"requests": None},
    {"leads": {"1": 0, "2": "x"}}, {"terms": {"1": {"vip": True}}}, {"terms": {"1": {"x": 1}}},
    {"terms": {"x": {}}}, {"let_go": {"1": 3}}, {"blacklist": [1, "2"]}, {"blacklist": 5},
    {"owners": {"1": "a"}}, {"overtime": {"1": "1.5"}}, {"bonus": {"1": 2.5}},
    {"time_off": [None]}, {"tags": {"1": {"trait": "a"}}}, {"tags": {"1": {}}},
    {"tags": {"1": {"trait": "a"}}, "hire": "x", "requests": {"1": {"bad": 1}}},
    {"requests": {"1": {"action": "serve", "hours": 2}}, "terms": {"1": 5}},
    {"nope": 1, "hire": 1}, [], None, "x",
]


@pytest.mark.parametrize("data", FROM_DICT_CASES)
def test_from_dict_reads_what_it_always_read(data):
    from sim.engine import Decisions, IllegalDecision

    def outcome(fn):
        try:
            return repr(fn(data))
        except IllegalDecision as exc:
            return f"refused {exc.reason} {exc.key}"

    assert outcome(Decisions.from_dict) == outcome(_from_dict_before)
