"""No key the code uses is missing: found by reading the engine's names and the sources."""

from __future__ import annotations

from dataclasses import fields as dc_fields

import pytest

from sim.engine import Terms
from sim.engine.decisions import LET_GO_MANNERS, REQUEST_ACTIONS
from sim.engine.observation import CLIENT_SIGNALS, DERIVED, PRICE_CUES
from sim.engine.params import TRAIT_NAMES_BUILTIN
from sim.engine.state import ORIGIN_NAMES, STATUS_NAMES
from sim.i18n import LANGS, has
from sim.i18n.catalog import CATALOGS, fields

from .scan import ENGINE, ROOT, SIM, _calls, _const, illegal_keys, literal_tr_keys

SCORES = ("cash", "profit", "revenue", "morale", "reputation", "terminal_value",
          "long_term_profit", "score")


def _required() -> list[str]:
    keys = []
    keys += [f"trait.{t}" for t in TRAIT_NAMES_BUILTIN]
    keys += [f"trait.{t}.about" for t in TRAIT_NAMES_BUILTIN]
    keys += [f"status.{s}" for s in STATUS_NAMES]
    keys += [f"origin.{o}" for o in ORIGIN_NAMES]
    for m in LET_GO_MANNERS:
        keys += [f"let_go.{m}", f"let_go.{m}.about"]
    for f in dc_fields(Terms):
        keys += [f"terms.{f.name}", f"terms.{f.name}.about"]
    for s in (*CLIENT_SIGNALS, *PRICE_CUES, *DERIVED):
        keys += [f"signal.{s}", f"signal.{s}.about"]
    for m in ("cash", "profit", "morale", "reputation"):
        keys += [f"meter.{m}", f"meter.{m}.about"]
    keys += [f"score.{s}" for s in SCORES]
    for a in REQUEST_ACTIONS:
        keys += [f"request.{a}", f"request.{a}.about"]
    keys += ["end.finished", "end.bankrupt"]
    keys += [f"count.{c}" for c in ("weeks", "hours", "clients", "requests", "incidents",
                                    "staff")]
    return keys


@pytest.mark.parametrize("lang", LANGS)
def test_every_name_the_player_sees_has_a_text(lang):
    missing = [k for k in _required() if not has(k, lang)]
    assert not missing, f"{lang}: {missing}"


def test_final_scores_are_all_labelled():
    from sim.engine import final_scores, new_game
    from sim.engine.defaults import agency

    assert set(final_scores(new_game(agency(), 1))) == set(SCORES)


def test_every_illegal_decision_has_a_text():
    keys = illegal_keys()
    assert {"no_client", "out_of_range", "bad_manner"} <= keys
    for key in keys:
        for lang in LANGS:
            assert has(f"illegal.{key}", lang), f"illegal.{key} missing in {lang}"


def test_illegal_texts_use_only_the_params_raised():
    raised: dict[str, set[str]] = {}
    for _, call in _calls(sorted(ENGINE.glob("*.py")), "IllegalDecision"):
        key = (_const(call.args[1]) if len(call.args) > 1 else None) or "illegal"
        raised.setdefault(key, set()).update(k.arg for k in call.keywords if k.arg)
    for key, params in raised.items():
        used = fields(CATALOGS["en"][f"illegal.{key}"])
        assert used <= params, f"illegal.{key} uses {used - params}, raised with {params}"


def test_literal_keys_in_the_sources_exist():
    """``tr("x")``, ``has("x")`` and the UI's ``t("x")`` with a literal key: it must exist."""
    uses = set(literal_tr_keys())
    for path, call in _calls(sorted(SIM.rglob("*.py")), "t"):
        key = _const(call.args[0]) if call.args else None
        if key:
            uses.add((str(path.relative_to(ROOT)), key))
    missing = [f"{where}: {key}" for where, key in sorted(uses)
               for lang in LANGS if key not in CATALOGS[lang]]
    assert not missing, missing
