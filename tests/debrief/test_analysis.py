"""The debrief's analysis on recorded bot runs with planted mistakes."""

from __future__ import annotations

import pytest

from sim.debrief import Change, DebriefError, load_debrief, what_if
from sim.debrief.audit import KEPT, RIGHT, TOO_LATE, WRONG_MANNER, WRONG_TARGET
from sim.debrief.moments import changed_decisions
from sim.engine import Decisions, Terms, TraitKind, carry_over, final_scores, play_weeks
from sim.runs.verify import verify_run

from .planted import clients_of, fire, record


@pytest.fixture(scope="module")
def oracle_fired_loyal(tmp_path_factory):
    """The oracle's run (20 weeks) with its most valuable loyal client let go in week 3."""
    fired: list[int] = []
    path = record(tmp_path_factory.mktemp("runs") / "oracle.jsonl", policy="oracle",
                  plant={3: fire("loyal", out=fired)})
    return load_debrief(path), fired[0]


def test_a_loyal_client_fired_is_the_wrong_target(oracle_fired_loyal):
    db, loyal = oracle_fired_loyal
    j = db.audit.of(loyal)
    assert j is not None and j.trait == "loyal" and j.week == 3
    assert j.verdict == WRONG_TARGET
    # the oracle's own partings (time eaters, non-payers, know-betters at once) are right
    others = [x for x in db.audit.judged if x.client != loyal and x.week is not None]
    assert others and all(x.trait in ("vampire", "dead", "know_better") for x in others)
    assert all(x.verdict in (RIGHT, WRONG_MANNER) for x in others)


def test_a_forwarded_blunt_letter_is_the_wrong_manner(tmp_path):
    fired: list[int] = []
    # seed 0: the letter is forwarded (asserted below)
    path = record(tmp_path / "blunt.jsonl", policy="always-right", seed=0,
                  overrides=("weeks=8",), plant={2: fire("vampire", "blunt", out=fired)})
    db = load_debrief(path, bots=False, moments=False)
    j = db.audit.of(fired[0])
    forwarded = [n for n in db.replay.reports[1].notes if n.key == "let_go_blunt_forwarded"]
    assert forwarded, "seed 0 forwards the letter; pick another seed if the model changed"
    assert j.verdict == WRONG_MANNER and j.reputation == forwarded[0].params["reputation"] > 0


def test_time_eaters_kept_to_the_end_are_kept_should_go(tmp_path):
    path = record(tmp_path / "ar.jsonl", policy="always-right", overrides=("weeks=12",))
    db = load_debrief(path, bots=False, moments=False)
    kept = [j for j in db.audit.judged if j.verdict == KEPT]
    let_go = db.replay.state.traits.of_kind(TraitKind.LET_GO)
    assert set(let_go) == {"vampire", "dead", "know_better"}
    active = [i for t in let_go for i in clients_of(db.replay.state, t)]
    assert sorted(j.client for j in kept) == sorted(active) and kept
    assert {j.trait for j in kept} >= {"vampire", "know_better"}
    for j in kept:
        if j.signal_week is not None:
            assert j.late_weeks == db.replay.weeks - j.signal_week + 1
    assert not db.moments  # always-right decides nothing


def test_the_audit_judges_by_the_scenarios_kinds(tmp_path):
    # the same game, hagglers made a kind to let go and time eaters one to keep
    path = record(tmp_path / "ar.jsonl", policy="always-right",
                  overrides=("weeks=12", "traits.haggler.kind=let_go",
                             "traits.vampire.kind=keep"))
    db = load_debrief(path, bots=False, moments=False)
    kept = {j.client for j in db.audit.judged if j.verdict == KEPT}
    st = db.replay.state
    assert kept == {i for t in ("haggler", "dead", "know_better") for i in clients_of(st, t)}
    assert clients_of(st, "haggler") and clients_of(st, "vampire")


def test_a_late_firing_is_too_late_with_its_cost(tmp_path):
    fired: list[int] = []
    # seed 2: a time eater whose ledger shows a loss from week 4, let go in week 18
    path = record(tmp_path / "late.jsonl", policy="always-right", seed=2,
                  overrides=("weeks=20",), plant={18: fire("vampire", out=fired)})
    db = load_debrief(path, bots=False, moments=False)
    j = db.audit.of(fired[0])
    ledger = db.replay.ledger_of(fired[0])
    assert j.signal_week is not None and 18 - j.signal_week > 3
    assert all(x < 0 for x in ledger[j.signal_week - 1 : 17])
    assert j.verdict == TOO_LATE and j.late_weeks == 18 - j.signal_week
    assert j.late_cost == pytest.approx(ledger[j.signal_week - 1] - ledger[16], abs=0.01)
    assert j.late_cost > 0


def test_the_big_mistake_is_the_first_teachable_moment(tmp_path):
    fired: list[int] = []

    def vip_core(st, d):
        d.terms[clients_of(st, "core")[-1]] = Terms(vip=True)

    # (no order book: in a firm booked beyond its hours any client's leaving frees hours for
    # waiting work, and the loyal client's blunt letter would not be the mistake it is here)
    path = record(tmp_path / "mistake.jsonl", policy="always-right", seed=0,
                  overrides=("weeks=30", "rules.order_book_weeks=0"),
                  plant={2: fire("loyal", "blunt", out=fired), 6: vip_core, 9: vip_core})
    db = load_debrief(path, bots=False)
    first = db.moments[0]
    assert (first.week, first.kind, first.client) == (2, "let_go", fired[0])
    assert first.trait == "loyal" and first.effect < 0
    from sim.debrief.report import moment_lesson

    assert moment_lesson(first, gained=False) == ("let_go_good", "L5")
    assert len(db.moments) == 3


def test_what_if_without_a_change_reproduces_the_scores_exactly(oracle_fired_loyal):
    db, _ = oracle_fired_loyal
    for week in (1, 7, db.replay.weeks):
        cmp = what_if(db.replay, week)
        assert cmp.what_if == db.scores and set(cmp.delta.values()) == {0.0}
        assert cmp.refitted == 0


def test_refitted_counts_the_later_weeks_carried_over_otherwise(tmp_path):
    """Each moment's count of refitted weeks, against carrying every later week over afresh
    and comparing it with the recorded one (the rule-based bot's run, seed 1: its later
    weeks name leads that come in other rows once a client is kept)."""
    path = record(tmp_path / "rb.jsonl", policy="rule-based", seed=1,
                  plant={5: fire("loyal")})
    db = load_debrief(path, bots=False, jobs=1)
    rep = db.replay
    for m in db.moments:
        week, count = m.week, 0

        def decide(now, week=week, change=m.comparison.change):
            nonlocal count
            k = now.week
            if k == week:
                return carry_over(changed_decisions(rep, week, change),
                                  rep.before[week - 1], now)
            if k > len(rep.decisions):
                return Decisions() if rep.state.over else None
            d = rep.decisions[k - 1]
            carried = carry_over(d, rep.before[k - 1], now)
            count += carried != d
            return carried

        st = rep.before[week - 1].copy()
        for _ in play_weeks(st, decide, explain=False):
            pass
        assert m.comparison.refitted == count
        assert m.comparison.what_if == final_scores(st)
    assert sum(m.comparison.refitted > 0 for m in db.moments) >= 2


def test_what_if_undoing_the_mistake_changes_the_scores(oracle_fired_loyal):
    db, loyal = oracle_fired_loyal
    cmp = what_if(db.replay, 3, Change("let_go", loyal))
    assert cmp.what_if != db.scores and cmp.end == "finished"
    again = what_if(db.replay, 3, Change("let_go", loyal, "polite"))
    assert again.what_if == db.scores  # the same decision made again: the same game


def test_scores_match_the_verified_run(oracle_fired_loyal, tmp_path):
    db, _ = oracle_fired_loyal
    assert db.bots is not None
    assert [r.who for r in db.bots.rows] == ["player", "always-right", "rule-based", "oracle"]
    assert db.bots.gap("oracle", "score") == 0.0
    assert db.bots.gap("player", "score") == pytest.approx(
        db.scores["score"] - db.bots.row("oracle").scores["score"], abs=0.01)
    assert db.bots.row("player").scores == db.scores


def test_traits_revealed_score_tags(tmp_path):
    from tests.runs.recording import record as record_tags

    path = record_tags(tmp_path / "tags.jsonl", tags=True, overrides=("weeks=6",))
    db = load_debrief(path, bots=False, moments=False)
    assert verify_run(path).ok
    tagged = [c for c in db.reveal.clients if c.tag is not None]
    assert tagged and db.reveal.tagged == len(tagged)
    for c in tagged:  # the recorder tags even ids right, odd ids wrong
        assert c.tag_right == (c.id % 2 == 0)
        if c.tag_right:
            assert 1 <= c.spotted_week <= c.tag_week
            assert c.spotted_after == c.spotted_week - max(c.joined, 1)
    assert db.reveal.accuracy == pytest.approx(db.reveal.tagged_right / db.reveal.tagged)
    assert sum(t.clients for t in db.reveal.types) == len(db.reveal.clients)


def test_a_bad_file_is_one_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not a run\n", encoding="utf-8")
    with pytest.raises(DebriefError) as exc:
        load_debrief(bad)
    assert exc.value.exit_code == 2 and "\n" not in exc.value.message
