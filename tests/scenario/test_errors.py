"""Broken scenario files: each gives one exact, located message and never a traceback."""

from __future__ import annotations

import time

import pytest

from sim.scenario import (
    Problem,
    ScenarioError,
    load_scenario,
    resolve_scenario,
    shipped_scenarios,
)

# the smallest valid scenario; the cases append to it or replace a line
BASE = """\
title: Test
weeks: 10
staff:
  - name: Anna
"""


def test_problem_format():
    assert str(Problem("a.yaml", 3, 7, "firm.cash", "must be at least 0")) == \
        "a.yaml:3:7: firm.cash: must be at least 0"
    assert str(Problem("a.yaml", message="no such file")) == "a.yaml: no such file"
    assert str(Problem("--set", path="weeks", message="bad")) == "--set: weeks: bad"
    exc = ScenarioError([Problem("a", 1, 1, "", "x"), Problem("a", 2, 1, "", "y")])
    assert str(exc) == "a:1:1: x\na:2:1: y"


CASES = {
    "yaml syntax error": (
        BASE + "firm: {name: x\n",
        "F:6:1: invalid YAML: while parsing a flow mapping, expected ',' or '}', "
        "but got '<stream end>'"),
    "unknown key with did-you-mean": (
        BASE + "firm:\n  pric_per_hour: 80\n",
        "F:6:3: firm.pric_per_hour: unknown key 'pric_per_hour'; "
        "did you mean 'price_per_hour'?"),
    "unknown top-level key": (
        BASE + "evnts: []\n",
        "F:5:1: evnts: unknown key 'evnts'; did you mean 'events'?"),
    "no for a string": (
        BASE.replace("title: Test", "title: no"),
        "F:1:8: title: YAML reads no as the yes/no value false; write it in quotes: 'no'"),
    "010 for a string": (
        BASE.replace("name: Anna", "name: 010"),
        "F:4:11: staff.0.name: YAML reads 010 as the number 8; write it in quotes: '010'"),
    "sexagesimal for a string": (
        BASE.replace("title: Test", "title: 1:30"),
        "F:1:8: title: YAML reads 1:30 as the number 90; write it in quotes: '1:30'"),
    "octal for a number": (
        BASE + "firm: {price_per_hour: 010}\n",
        "F:5:24: firm.price_per_hour: YAML reads 010 as the octal number 8; write the number "
        "without the leading zero, or '010' in quotes if it is text"),
    "unknown trait kind": (
        BASE + "traits:\n  diva:\n    base: core\n    kind: fire\n",
        "F:8:11: traits.diva.kind: unknown value 'fire'; expected one of: keep, mend, let_go"),
    "wrong type": (
        BASE.replace("weeks: 10", "weeks: ten"),
        "F:2:8: weeks: expected a whole number, got the text 'ten'"),
    "yes where a number is expected": (
        BASE + "traits:\n  vampire: {incivility: yes}\n",
        "F:6:25: traits.vampire.incivility: expected a number, got yes (YAML reads it as true)"),
    "missing required field": (
        BASE.replace("name: Anna", "hours: 30"),
        "F:4:5: staff.0.name: required field is missing"),
    "missing top-level field": (
        BASE.replace("title: Test\n", ""),
        "F:1:1: title: required field is missing"),
    "out-of-range value": (
        BASE.replace("weeks: 10", "weeks: 600"),
        "F:2:8: weeks: must be at most 520, got the number 600"),
    "money with three decimals": (
        BASE + "firm:\n  price_per_hour: 80.505\n",
        "F:6:19: firm.price_per_hour: 80.505 has more than 2 decimals "
        "(money is kept to the cent)"),
    "unknown trait in mix": (
        BASE + "market:\n  mix: {core: 1, vampyre: 0.2}\n",
        "F:6:18: market.mix.vampyre: unknown trait 'vampyre'; did you mean 'vampire'?"),
    "mix shares add up to zero": (
        BASE + "market:\n  mix: {core: 0}\n",
        "F:6:8: market.mix: the shares must add up to more than 0"),
    "event week outside the game": (
        BASE + "events:\n  - {week: 11, kind: message, text: hi}\n",
        "F:6:12: events.0.week: week 11 is after the end of the game (weeks: 10)"),
    "unknown event kind": (
        BASE + "events:\n  - {week: 1, kind: mesage, text: hi}\n",
        "F:6:21: events.0.kind: unknown event kind 'mesage'; did you mean 'message'?"),
    "staff_leaves names nobody": (
        BASE + "events:\n  - {week: 2, kind: staff_leaves, name: Ana}\n",
        "F:6:41: events.0.name: no member of staff named 'Ana'; did you mean 'Anna'?"),
    "duplicate staff name": (
        BASE + "  - name: Anna\n",
        "F:5:11: staff.1.name: duplicate staff name 'Anna' (also at staff.0)"),
    "new trait without base": (
        BASE + "traits:\n  shark: {incivility: 2}\n",
        "F:6:3: traits.shark: a new trait needs base: the existing trait it starts from"),
    "text in another language": (
        BASE.replace("title: Test", "title: {en: Test, de: Prüfung}"),
        "F:1:19: title.de: unknown key 'de'; expected one of: en, ru"),
    "expect line of no known form": (
        BASE + "expect:\n  - {policy: oracle}\n",
        "F:6:5: expect.0: an expect line is a mapping with one of: beats, "
        "median_at_least_policy, median_at_least, median_at_most or no_dominant_trick"),
    "expect with unknown policy": (
        BASE + "expect:\n  - {policy: rule-based, beats: always-rite}\n",
        "F:6:33: expect.0.beats: unknown policy 'always-rite'; did you mean 'always-right'? "
        "expected one of always-right, rule-based, oracle, random, rule-based-keep"),
    "duplicate key": (
        BASE + "weeks: 12\n",
        "F:5:1: weeks: duplicate key 'weeks' (first at line 2)"),
    "anchor": (
        BASE + "firm: &f {name: x}\n",
        "F:5:7: anchors (&f) are not allowed; write the value out in full"),
    "alias": (
        BASE + "firm: *f\n",
        "F:5:7: aliases (*f) are not allowed; write the value out in full"),
    "python tag": (
        BASE + "firm: !!python/object:os.system {name: x}\n",
        "F:5:7: firm: the tag !!python/object:os.system is not allowed here"),
    "merge key": (
        BASE + "firm:\n  <<: {name: x}\n",
        "F:6:3: firm: merge keys (<<) are not allowed; use extends to build on another scenario"),
    "too deep nesting": (
        BASE + "x: " + "[" * 25 + "]" * 25 + "\n",
        "F:5:23: nesting is deeper than 20 levels"),
    "not UTF-8": (
        b"title: \xff\xfe\nweeks: 1\n",
        "F:1:8: not UTF-8 text (byte 0xff); save the file as UTF-8"),
    "empty file": ("", "F:1:1: a scenario is a mapping of keys such as title, weeks, firm, staff; "
                   "got an empty file"),
    "a list, not a mapping": (
        "- a\n- b\n",
        "F:1:1: a scenario is a mapping of keys such as title, weeks, firm, staff; got a list"),
    "empty section": (
        BASE + "firm:\n",
        "F:5:6: firm: expected a mapping (key: value lines), got an empty value"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_broken_file_gives_one_located_message(name, problems):
    text, expected = CASES[name]
    assert problems(text) == [expected]


def test_two_problems_are_both_reported_sorted_by_line(problems):
    text = (BASE.replace("title: Test", "title: yes").replace("weeks: 10", "weeks: 0")
            + "market:\n  mix: {wolf: 1}\n")
    assert problems(text) == [
        "F:1:8: title: YAML reads yes as the yes/no value true; write it in quotes: 'yes'",
        "F:2:8: weeks: must be at least 1, got the number 0",
        "F:6:9: market.mix.wolf: unknown trait 'wolf'; expected one of: core, loyal, "
        "haggler, vampire, dead, know_better",
    ]


def test_alias_bomb_is_refused_at_once(problems):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n"
        for i in range(8))
    start = time.perf_counter()
    assert problems(bomb) == ["F:1:4: anchors (&a) are not allowed; write the value out in full"]
    assert time.perf_counter() - start < 0.5


def test_file_too_large_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as f:
        f.truncate(50 * 1024 * 1024)
    start = time.perf_counter()
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert time.perf_counter() - start < 0.5
    assert str(info.value) == f"{path}: file is too large (50.0 MB); the limit is 1 MB"


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ScenarioError) as info:
        load_scenario(tmp_path / "nope.yaml")
    assert str(info.value) == f"{tmp_path / 'nope.yaml'}: no such file"
    with pytest.raises(ScenarioError) as info:
        load_scenario(tmp_path)
    assert str(info.value) == f"{tmp_path}: is a folder, not a scenario file"


def test_unknown_shipped_name_lists_the_shipped_ones():
    with pytest.raises(ScenarioError) as info:
        resolve_scenario("agenc")
    names = ", ".join(p.stem for p in shipped_scenarios())
    assert str(info.value) == ("agenc: no such scenario; did you mean 'agency'? "
                               f"shipped scenarios: {names}")
    assert len(info.value.problems) == 1


def test_extends_cycle(write):
    a = write("extends: b\ntitle: A\n", "a.yaml")
    b = write("extends: a.yaml\nweeks: 3\n", "b.yaml")
    with pytest.raises(ScenarioError) as info:
        load_scenario(a)
    assert str(info.value) == \
        f"{b}:1:10: extends: extends makes a cycle: a.yaml -> b.yaml -> a.yaml"


def test_extends_unknown_target(write):
    path = write("extends: nowhere\n" + BASE)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(info.value) == (f"{path}:1:10: extends: no scenario 'nowhere' next to this file "
                               "or among the shipped ones")


def test_inherited_problem_names_the_parent_file(write):
    parent = write(BASE + "firm: {cash: 100.001}\n", "parent.yaml")
    child = write("extends: parent\nweeks: 600\n", "child.yaml")
    with pytest.raises(ScenarioError) as info:
        load_scenario(child)
    assert [str(p) for p in info.value.problems] == [
        f"{child}:2:8: weeks: must be at most 520, got the number 600",
        f"{parent}:5:14: firm.cash: 100.001 has more than 2 decimals (money is kept to the cent)",
    ]


def test_fuzzed_files_never_raise_anything_else(write):
    import random

    text = (BASE + "firm: {name: X, price_per_hour: 80}\n"
            "events:\n  - {week: 2, kind: client_arrives, client: {name: V, trait: vampire}}\n"
            "traits:\n  shark: {base: vampire, voice: {mean: 2}}\n")
    rng = random.Random(7)
    for _ in range(200):
        b = bytearray(text.encode())
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(b))
            if rng.random() < 0.5:
                b.insert(i, rng.choice(b" :-[]{}&*!|>'\"\n\t#,?0y"))
            else:
                del b[i]
        try:
            load_scenario(write(bytes(b)))
        except ScenarioError as exc:
            assert exc.problems and all(p.message for p in exc.problems)
