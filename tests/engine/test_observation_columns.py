"""The observation's columns are typed and documented: every column of the state a manager
would see is annotated on its bundle with what it holds, its unit and its enum; a hidden
column never is; the policies page names every annotated column; a policy written only
against the annotations plays."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path
from typing import get_type_hints

import numpy as np
import pytest

from sim.engine import (
    DEFER,
    POLITE,
    ClientColumns,
    Decisions,
    Origin,
    RequestColumns,
    RequestPlan,
    RequestState,
    StaffColumns,
    StaffStatus,
    Status,
    Tag,
    new_game,
    observe,
)
from sim.engine import columns as columns_module
from sim.engine.columns import Cue, Id, LedgerColumn, PriceCue, Signal, columns_of
from sim.engine.tables import ClientTable, RequestTable, StaffTable
from sim.policies.base import FunctionPolicy
from sim.runs.runner import play
from sim.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]
BUNDLES = {"clients": (ClientTable, ClientColumns), "staff": (StaffTable, StaffColumns),
           "requests": (RequestTable, RequestColumns)}
#: columns whose code is an enum's value
ENUMS = {("clients", "status"): Status, ("clients", "origin"): Origin,
         ("staff", "status"): StaffStatus, ("requests", "state"): RequestState}
MONEY = {("clients", k) for k in ("revenue", "discounts", "bad_debt", "credit_cost",
                                  "week_revenue", "hours_cost", "cost_to_serve", "profit")}
MONEY |= {("staff", "wage")}
HOURS = {("clients", k) for k in ("billable_hours", "unbilled_hours", "week_billable",
                                  "week_unbilled")}
HOURS |= {("staff", k) for k in ("hours", "overtime", "week_hours")}
HOURS |= {("requests", k) for k in ("hours", "hours_left")}


@pytest.fixture(scope="module")
def params():
    return load_scenario("agency").params


def _docs(bundle: type) -> dict[str, str]:
    """Each annotated column's ``#:`` comment (the lines right above its annotation)."""
    lines = inspect.getsource(columns_module).splitlines()
    tree = ast.parse("\n".join(lines))
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == bundle.__name__)
    out = {}
    for node in cls.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            assert node.value is None, f"{node.target.id} has a value: the column is never lazy"
            above, k = [], node.lineno - 2
            while k >= 0 and lines[k].strip().startswith("#:"):
                above.insert(0, lines[k].strip()[2:].strip())
                k -= 1
            out[node.target.id] = " ".join(above)
    return out


@pytest.mark.parametrize("bundle", sorted(BUNDLES))
def test_every_column_the_state_shows_is_annotated_and_every_other_is_hidden(bundle):
    table, cols = BUNDLES[bundle]
    shown = set(table.COLUMNS) - table.HIDDEN
    assert set(columns_of(cols, Signal, Id)) == shown
    # the computed columns are not the table's (they would shadow one)
    assert not set(columns_of(cols, PriceCue, LedgerColumn, Cue)) & set(table.COLUMNS)
    assert set(columns_of(cols)) == set(get_type_hints(cols))  # every annotation has a kind


@pytest.mark.parametrize("bundle", sorted(BUNDLES))
def test_a_hidden_column_is_never_annotated_nor_reachable(bundle, params):
    table, cols = BUNDLES[bundle]
    assert not table.HIDDEN & set(get_type_hints(cols))
    st = new_game(params, 3)
    for live in (False, True):
        seen = getattr(observe(st, live=live), bundle)
        for name in table.HIDDEN:
            assert not hasattr(seen, name), name
            assert name not in seen.names()


@pytest.mark.parametrize("bundle", sorted(BUNDLES))
def test_a_live_observation_cannot_change_the_state(bundle, params):
    """The built-in bots read views of the state: each is read-only, so a write by mistake
    fails instead of changing the game; the lists are the observation's own."""
    from sim.engine import state_digest, step
    from sim.policies import make_policy

    st = new_game(params, 3)
    for _ in range(3):  # a few weeks in, so that there are requests and staff overtime
        st, _ = step(st, make_policy("rule-based", 3).decide(observe(st, live=True)),
                     inplace=True)
    before = state_digest(st)
    obs = observe(st, live=True)
    seen = getattr(obs, bundle)
    table = {"clients": st.clients, "staff": st.staff, "requests": st.requests}[bundle]
    assert len(seen)
    for name in columns_of(type(seen), Signal, Id):
        col = getattr(seen, name)
        assert np.shares_memory(col, getattr(table, name))  # a view, not a copy
        with pytest.raises(ValueError, match="read-only"):
            col[0] = col[0]
    obs.client_names.append("x")
    obs.staff_names.append("x")
    obs.weekly["cash"].append(0)
    assert state_digest(st) == before
    assert "x" not in st.client_names and "x" not in st.staff_names


def test_what_a_client_is_stays_hidden():
    for name in ("trait", "satisfaction", "budget", "voice", "req_rate"):
        assert name in ClientTable.HIDDEN
        assert name not in get_type_hints(ClientColumns)


@pytest.mark.parametrize("bundle", sorted(BUNDLES))
def test_every_annotated_column_is_documented_with_its_unit_and_enum(bundle):
    _, cols = BUNDLES[bundle]
    docs = _docs(cols)
    assert list(docs) == list(get_type_hints(cols))  # no annotation outside the class body
    for name, text in docs.items():
        assert len(text) > 10, f"{bundle}.{name} has no doc comment"
        if (bundle, name) in ENUMS:
            assert ENUMS[bundle, name].__name__ in text, f"{bundle}.{name} names no enum"
        if (bundle, name) in MONEY:
            assert "cents" in text, f"{bundle}.{name} says no unit"
        if (bundle, name) in HOURS:
            assert "(hours)" in text, f"{bundle}.{name} says no unit"


def _page_tables() -> dict[str, list[tuple[set[str], str]]]:
    """The rows of the tables of "What `obs` holds" in docs/policies.md, by bundle."""
    text = (ROOT / "docs" / "policies.md").read_text(encoding="utf-8")
    section = text.split("## What `obs` holds", 1)[1].split("\n## ", 1)[0]
    out: dict[str, list[tuple[set[str], str]]] = {}
    current = None
    for line in section.splitlines():
        head = re.match(r"\| `obs\.(\w+)\.` \|", line)
        if head:
            current = head.group(1)
            out[current] = []
        elif current and line.startswith("| `"):
            names, meaning = line.strip("|").split("|", 1)
            out[current].append((set(re.findall(r"`(\w+)`", names)), meaning))
        elif not line.startswith("|"):
            current = None
    return out


def test_the_policies_page_names_every_column_and_no_other():
    page = _page_tables()
    assert set(page) == set(BUNDLES)
    for bundle, (_, cols) in BUNDLES.items():
        named = [n for names, _ in page[bundle] for n in names]
        assert sorted(named) == sorted(get_type_hints(cols)), bundle
        for names, meaning in page[bundle]:
            for name in names:
                if (bundle, name) in ENUMS:
                    assert ENUMS[bundle, name].__name__ in meaning
                if (bundle, name) in MONEY:
                    assert "cents" in meaning, f"{bundle}.{name}"


def test_the_accessors_give_enums(params):
    st = new_game(params, 5)
    obs = observe(st)
    assert len(obs.clients) and len(obs.staff)
    for i in range(len(obs.clients)):
        assert obs.status_of(i) is Status(int(obs.clients.status[i]))
        assert obs.status_of(i).key == obs.status_name(i)
        assert obs.origin_of(i) is Origin(int(obs.clients.origin[i]))
    for j in range(len(obs.staff)):
        assert isinstance(obs.staff_status_of(j), StaffStatus)
    assert list(obs.leads()) == [i for i in range(len(obs.clients))
                                 if obs.status_of(i) is Status.LEAD]


def _student(obs) -> Decisions:
    """A policy that knows nothing of the engine but the annotations and the enums."""
    d = Decisions()
    for bundle in BUNDLES:
        cols = getattr(obs, bundle)
        for name in get_type_hints(type(cols)):
            assert len(getattr(cols, name)) == len(cols), f"{bundle}.{name}"
    c = obs.clients
    for i in range(len(c)):
        status = obs.status_of(i)
        if status is Status.LEAD:
            d.leads[i] = not bool(c.sig_discount[i])
        elif status is Status.ACTIVE:
            if obs.week >= 8 and c.profit[i] < 0 and c.complaints[i] > 1:
                d.let_go[i] = POLITE
            elif c.tag[i] < 0 and c.unbilled_hours[i] > c.billable_hours[i]:
                d.tags[i] = Tag(obs.trait_names[0], 0.4)
    r = obs.requests
    for k in range(len(r)):
        if RequestState(int(r.state[k])) is RequestState.QUEUED and r.hours_left[k] > 20:
            d.requests[int(r.rid[k])] = RequestPlan(DEFER)
    return d


def test_a_policy_written_against_the_annotations_plays(params):
    result = play(params, FunctionPolicy(_student, "student"), 11)
    assert result.state.over
    assert np.isfinite(float(result.state.cash))
