"""Every note the engine writes has a sentence that renders in both languages."""

from __future__ import annotations

import itertools

import pytest

from sim.engine import Note, new_game, observe, step
from sim.engine.defaults import agency
from sim.i18n import LANGS, has, note_text
from sim.i18n.catalog import CATALOGS, fields
from sim.i18n.notes import note_variant

# what each note carries: (always, optional), as the brief and the engine define them
NOTE_PARAMS = {
    "bankrupt": ({"cash"}, set()),
    "blacklist_declined": ({"client"}, set()),
    "bad_debt": ({"client", "amount"}, set()),
    "bad_debt_blunt": ({"client", "amount"}, set()),
    "bonuses_paid": ({"amount", "points"}, set()),
    "client_blames": ({"client", "reputation"}, set()),
    "client_joined": ({"client"}, {"referrer"}),
    "client_returns": ({"client"}, set()),
    "discounts_granted": ({"amount", "client", "client_amount"}, set()),
    "event_client_arrives": ({"client"}, set()),
    "event_lawsuit": ({"cost", "reputation"}, set()),
    "event_market": ({"lead_rate", "price"}, set()),
    "event_message": ({"text"}, set()),
    "event_review_storm": ({"reputation"}, set()),
    "event_staff_joins": ({"staff"}, set()),
    "event_staff_leaves": ({"staff"}, set()),
    "hire_started": ({"staff", "week"}, set()),
    "idle_hours": ({"idle", "capacity", "billed", "cost"}, set()),
    "left_discount": ({"client"}, set()),
    "left_hard_to_please": ({"client"}, set()),
    "left_list_price": ({"client", "price", "since"}, set()),
    "left_moved_on": ({"client"}, set()),
    "left_price": ({"client", "price", "since"}, set()),
    "left_terms": ({"client"}, set()),
    "price_steep": ({"client", "price"}, set()),
    "price_steep_many": ({"clients", "count", "price"}, set()),
    "left_unhappy": ({"client"}, set()),
    "left_unhappy_declined": ({"client", "count"}, set()),
    "left_unhappy_deferred": ({"client"}, set()),
    "left_unhappy_price": ({"client", "price"}, set()),
    "left_unhappy_refused": ({"client", "count"}, set()),
    "left_unhappy_waiting": ({"client", "weeks"}, {"eater"}),
    "left_waiting": ({"client", "weeks"}, {"staff", "eater"}),  # eater brings eater_hours
    "let_go_blunt": ({"client"}, set()),
    "let_go_blunt_forwarded": ({"client", "reputation"}, set()),
    "let_go_polite": ({"client", "reputation"}, set()),
    "morale_backlog": ({"points"}, set()),
    "morale_drift_down": ({"points", "target"}, set()),
    "morale_drift_up": ({"points", "target"}, set()),
    "morale_incidents": ({"points", "count"}, {"client"}),
    "morale_overtime": ({"points"}, set()),
    "morale_time_off": ({"points"}, set()),
    "overdraft_interest": ({"amount"}, set()),
    "overtime_paid": ({"amount", "hours"}, set()),
    "paid_late": ({"amount"}, set()),
    "paid_later": ({"amount", "client", "client_amount"}, set()),
    "price_out_started": ({"client", "factor"}, set()),
    "priced_out": ({"client"}, set()),
    "referral": ({"client"}, set()),
    "reputation_drift_down": ({"reputation"}, set()),
    "reputation_drift_up": ({"reputation"}, set()),
    "reviews_bad": ({"reputation", "client", "count"}, set()),
    "reviews_good": ({"reputation", "client", "count"}, set()),
    "staff_abused": ({"staff", "count"}, {"client"}),
    "staff_joined": ({"staff"}, set()),
    "staff_quit": ({"staff", "replacement", "cost", "week"}, set()),
    "terms_accepted": ({"client"}, set()),
    "unbilled_time": ({"hours", "cost", "client", "client_hours"}, set()),
    "week_loss": ({"loss", "revenue", "wages", "fixed"}, {"top"}),
    "week_profit": ({"profit", "revenue", "wages", "fixed"}, {"top"}),
    "work_waiting": ({"hours", "client", "client_hours"}, {"eater"}),
}
TOGETHER = {"eater": {"eater_hours"}, "top": {"top_revenue"}}

SAMPLE = {
    "client": "Orion", "clients": "Orion, Kite", "staff": "Anna", "eater": "Vega",
    "eater_hours": 9.5, "weeks": 3,
    "count": 2, "cash": -1520.4, "cost": 2800.0, "reputation": 4.2, "lead_rate": 2.5,
    "price": 95.0, "factor": 1.6, "week": 12, "replacement": "Lev",
    "amount": 360.0, "points": 2.4, "since": 3, "referrer": "Kite", "idle": 112.8,
    "capacity": 192.0, "billed": 41.0, "hours": 38.5, "client_hours": 8.5, "loss": 5810.0,
    "profit": 1250.5, "revenue": 3690.0, "wages": 7000.0, "fixed": 2500.0,
    "top": "Kestrel", "top_revenue": 1125.0, "client_amount": 120.0, "target": 70,
    "text": {"en": "Welcome to the studio.", "ru": "Добро пожаловать в студию."},
}


def param_sets(key: str):
    """The note's params with every combination of its optional ones."""
    always, optional = NOTE_PARAMS[key]
    for k in range(len(optional) + 1):
        for extra in itertools.combinations(sorted(optional), k):
            names = set(always).union(*({e} | TOGETHER.get(e, set()) for e in extra))
            yield {n: SAMPLE[n] for n in sorted(names)}


def assert_clean(text: str, where: str) -> None:
    assert text and text.strip(), f"{where}: empty"
    assert "[" not in text and "{" not in text and "}" not in text, f"{where}: {text!r}"


def test_the_scan_finds_the_notes_the_brief_lists(note_keys):
    assert set(note_keys) == set(NOTE_PARAMS), "update NOTE_PARAMS with the engine's notes"


def test_literal_params_match_the_table(note_keys):
    for key, params in note_keys.items():
        always, optional = NOTE_PARAMS[key]
        allowed = always | optional | set().union(*TOGETHER.values())
        assert params <= allowed, f"{key}: the engine sends {params - allowed}"


def test_every_engine_note_has_a_sentence(note_keys):
    for key in note_keys:
        if key == "event_message":
            continue  # the scenario writes its own text
        for lang in LANGS:
            assert has(f"note.{key}", lang), f"note.{key} missing in {lang}"


@pytest.mark.parametrize("key", sorted(NOTE_PARAMS))
@pytest.mark.parametrize("lang", LANGS)
def test_every_variant_renders_cleanly(key, lang):
    for params in param_sets(key):
        for currency in (None, "EUR"):
            text = note_text(Note(key, params), lang, currency=currency)
            assert_clean(text, f"{lang}: {key} {sorted(params)}")


@pytest.mark.parametrize("key", sorted(k for k in NOTE_PARAMS if k != "event_message"))
def test_the_sentence_uses_every_param_the_note_has(key):
    """The most specific variant is picked: nothing the engine says is left out."""
    for params in param_sets(key):
        cat_key = note_variant(key, params, "en")
        assert fields(CATALOGS["en"][cat_key]) == set(params), (key, sorted(params), cat_key)


def test_variant_rule():
    base = {"client": "Orion", "weeks": 3}
    assert note_variant("left_waiting", base, "en") == "note.left_waiting"
    assert note_variant("left_waiting", {**base, "staff": "Anna"}, "ru") == \
        "note.left_waiting.staff"
    eater = {**base, "eater": "Vega", "eater_hours": 9.5}
    assert note_variant("left_waiting", {**eater, "staff": "Anna"}, "en") == \
        "note.left_waiting.eater"
    assert note_variant("left_waiting", eater, "en") == "note.left_waiting.eater_no_staff"
    assert note_variant("left_waiting", {**base, "staff": None}, "en") == "note.left_waiting"
    assert note_variant("no_such_note", base, "en") is None


def test_sentences_name_the_people_and_the_reason():
    params = {"client": "Orion", "weeks": 3, "staff": "Anna", "eater": "Vega",
              "eater_hours": 9.5}
    en = note_text(Note("left_waiting", params), "en")
    ru = note_text(Note("left_waiting", params), "ru")
    for text in (en, ru):
        assert all(name in text for name in ("Orion", "Anna", "Vega")), text
    assert "3 weeks" in en and "9.5 hours" in en
    assert "3 недели" in ru and "9,5 часа" in ru
    one = note_text(Note("left_waiting", {"client": "Orion", "weeks": 1}), "ru")
    assert "1 неделю" in one
    five = note_text(Note("staff_abused", {"staff": "Anna", "count": 5}), "ru")
    assert "5 инцидентов" in five


def test_money_params_use_the_currency():
    note = Note("staff_quit", {"staff": "Anna", "replacement": "Lev", "cost": 2800.0,
                               "week": 12})
    assert "€2,800.00" in note_text(note, "en", currency="EUR")
    assert "2\u00a0800,00\u00a0€" in note_text(note, "ru", currency="EUR")
    assert "2,800.00" in note_text(note, "en")


def test_event_message_is_the_scenarios_text():
    text = {"en": "Hello.", "ru": "Привет."}
    assert note_text(Note("event_message", {"text": text}), "ru") == "Привет."
    assert note_text(Note("event_message", {"text": {"en": "Hello."}}), "ru") == "Hello."
    assert note_text(Note("event_message", {"text": text}), "xx") == "Hello."


def test_unknown_note_and_dict_notes():
    assert note_text(Note("no_such_note", {}), "en") == "[note.no_such_note]"
    d = {"key": "referral", "params": {"client": "Orion"}, "client": 3}
    assert "Orion" in note_text(d, "ru")


def _play(params, policy_name: str, seed: int):
    from sim.policies import make_policy

    policy = make_policy(policy_name, seed)
    st = new_game(params, seed)
    notes = []
    while not st.over:
        obs = observe(st, live=True)
        notes += obs.notes
        st, report = step(st, policy.decide(obs))
        notes += report.notes
    return notes, st.params.firm.currency


def test_notes_of_real_games_render_cleanly():
    from sim.scenario import SCENARIOS_DIR, load_scenario

    games = [(agency(), "random", 1), (agency(), "rule-based", 2)]
    games += [(load_scenario(p.stem).params, "rule-based", 1)
              for p in sorted(SCENARIOS_DIR.glob("*.yaml"))]
    seen = set()
    for params, policy, seed in games:
        notes, currency = _play(params, policy, seed)
        for note in notes:
            seen.add(note.key)
            for lang in LANGS:
                text = note_text(note, lang, currency=currency)
                if note.key == "event_message":  # the scenario's own words, anything goes
                    assert text.strip(), note
                else:
                    assert_clean(text, f"{lang}: {note}")
    assert len(seen) >= 10, seen
