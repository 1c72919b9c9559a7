"""The corpus of broken scenarios: one file per kind of mistake in ``broken/``, each with the
exact message an author sees (file name written as ``F``), at the right line and column.

Each file starts with a ``# mistake: ...`` comment naming the mistake, so lines count from 2.
To add a case: write the file, run ``python -m sim validate`` on it, check the message is
right and helpful, and add it to the table.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.scenario import ScenarioError, load_scenario

BROKEN = Path(__file__).parent / "broken"

EXPECTED = {
    "alias.yaml":
        'F:6:7: aliases (*f) are not allowed; write the value out in full',
    "anchor.yaml":
        'F:6:7: anchors (&f) are not allowed; write the value out in full',
    "base-defined-later.yaml":
        "F:7:15: traits.eel.base: unknown base trait 'shark'; expected one of: core, loyal, "
        'haggler, vampire, dead, know_better (a trait defined further down cannot be a base)',
    "base-unknown.yaml":
        "F:7:17: traits.shark.base: unknown base trait 'hagler'; did you mean 'haggler'?",
    "builtin-with-base.yaml":
        "F:7:19: traits.vampire.base: 'vampire' is a built-in trait: override its fields "
        'directly, without base',
    "client-arrives-no-client.yaml":
        'F:7:5: events.0.client: required field is missing',
    "client-missing-trait.yaml":
        'F:7:5: clients.0.trait: required field is missing',
    "client-unknown-trait.yaml":
        "F:7:26: clients.0.trait: unknown trait 'vip'; expected one of: core, loyal, "
        'haggler, vampire, dead, know_better',
    "control-character.yaml":
        'F:2:10: invalid YAML: character #x0007 is not allowed in a YAML file',
    "currency-code.yaml":
        'F:7:13: firm.currency: expected a three-letter currency code such as EUR or RUB, '
        "got the text 'euro'",
    "debrief-number.yaml":
        "F:6:10: debrief: expected text, got the number 42; write it in quotes: '42'",
    "dist-empty.yaml":
        'F:8:12: traits.vampire.voice: give mean, spread or both',
    "dist-list.yaml":
        'F:8:24: traits.vampire.hours_per_request: expected a number or {mean, spread}, got '
        'a list',
    "duplicate-client.yaml":
        "F:8:12: clients.1.name: duplicate client name 'Orion' (also at clients.0)",
    "duplicate-key.yaml":
        "F:6:1: weeks: duplicate key 'weeks' (first at line 3)",
    "duplicate-staff.yaml":
        "F:6:11: staff.1.name: duplicate staff name 'Anna' (also at staff.0)",
    "empty-file.yaml":
        'F:1:1: a scenario is a mapping of keys such as title, weeks, firm, staff; got an '
        'empty file',
    "empty-section.yaml":
        'F:6:6: firm: expected a mapping (key: value lines), got an empty value',
    "empty-staff.yaml":
        'F:4:8: staff: needs at least 1 item',
    "event-after-end.yaml":
        'F:7:12: events.0.week: week 11 is after the end of the game (weeks: 10)',
    "event-extra-field.yaml":
        "F:7:41: events.0.text: unknown key 'text'; expected one of: week, kind, cost, "
        'reputation',
    "event-missing-kind.yaml":
        'F:7:5: events.0.kind: required field is missing; kind is one of: client_arrives, '
        'market, lawsuit, review_storm, staff_leaves, staff_joins, message',
    "event-unknown-kind.yaml":
        "F:7:21: events.0.kind: unknown event kind 'mesage'; did you mean 'message'?",
    "event-week-zero.yaml":
        'F:7:12: events.0.week: must be at least 1, got the number 0',
    "expect-beats-itself.yaml":
        'F:7:5: expect.0: a policy cannot beat itself',
    "expect-bounds-order.yaml":
        'F:7:5: expect.0: median_at_least is above median_at_most',
    "expect-no-form.yaml":
        'F:7:5: expect.0: an expect line is a mapping with one of: beats, '
        'median_at_least_policy, median_at_least, median_at_most or no_dominant_trick',
    "expect-share-as-percent.yaml":
        'F:7:47: expect.0.at_least: must be at most 1, got the number 80',
    "expect-unknown-metric.yaml":
        "F:7:41: expect.0.on: unknown value 'profits'; did you mean 'profit'?",
    "expect-unknown-policy.yaml":
        "F:7:33: expect.0.beats: unknown policy 'always-rite'; did you mean 'always-right'? "
        'expected one of always-right, rule-based, oracle, random, rule-based-keep',
    "extends-itself.yaml":
        'F:2:10: extends: extends makes a cycle: extends-itself.yaml -> extends-itself.yaml',
    "extends-unknown.yaml":
        "F:2:10: extends: no scenario 'nowhere' next to this file or among the shipped ones",
    "fraction-for-whole.yaml":
        'F:3:8: weeks: expected a whole number, got the number 10.5',
    "hours-zero.yaml":
        'F:6:12: staff.0.hours: must be more than 0, got the number 0',
    "id-with-space.yaml":
        "F:6:5: id: an id is letters, digits, '.', '_' and '-', got the text 'my scenario'",
    "initial-mix-unknown.yaml":
        "F:7:17: market.initial_mix.wolf: unknown trait 'wolf'; expected one of: core, "
        'loyal, haggler, vampire, dead, know_better',
    "leading-zero-text.yaml":
        "F:5:11: staff.0.name: YAML reads 010 as the number 8; write it in quotes: '010'",
    "list-for-mapping.yaml":
        'F:6:7: firm: expected a mapping (key: value lines), got a list',
    "mapping-for-list.yaml":
        "F:5:3: staff: expected a list (lines starting with '- '), got a mapping",
    "market-event-empty.yaml":
        'F:7:5: events.0: give at least one of lead_rate, mix, price_per_hour, rate_per_hour',
    "merge-key.yaml":
        'F:7:3: firm: merge keys (<<) are not allowed; use extends to build on another '
        'scenario',
    "missing-field.yaml":
        'F:5:5: staff.0.name: required field is missing',
    "missing-staff.yaml":
        'F:2:1: staff: required field is missing',
    "missing-title.yaml":
        'F:2:1: title: required field is missing',
    "mix-negative.yaml":
        'F:7:27: market.mix.vampire: must be at least 0, got the number -0.1',
    "mix-unknown-trait.yaml":
        "F:7:18: market.mix.vampyre: unknown trait 'vampyre'; did you mean 'vampire'?",
    "mix-zero.yaml":
        'F:7:8: market.mix: the shares must add up to more than 0',
    "money-as-text.yaml":
        'F:7:19: firm.price_per_hour: expected an amount of money such as 75 or 1400.50, got '
        "the text '90 EUR'",
    "money-decimals.yaml":
        'F:7:19: firm.price_per_hour: 80.505 has more than 2 decimals (money is kept to the '
        'cent)',
    "morale-over-100.yaml":
        'F:6:13: staff.0.morale: must be at most 100, got the number 120',
    "negative-price.yaml":
        'F:7:19: firm.price_per_hour: must be between 0.01 and 100000, got -5',
    "no-as-text.yaml":
        "F:2:8: title: YAML reads no as the yes/no value false; write it in quotes: 'no'",
    "not-a-mapping.yaml":
        'F:2:1: a scenario is a mapping of keys such as title, weeks, firm, staff; got a list',
    "not-utf8.yaml":
        'F:2:11: not UTF-8 text (byte 0xe9); save the file as UTF-8',
    "octal-number.yaml":
        'F:6:24: firm.price_per_hour: YAML reads 010 as the octal number 8; write the number '
        "without the leading zero, or '010' in quotes if it is text",
    "pay-shares-over-one.yaml":
        'F:7:39: traits.haggler.pay_never: pay_late + pay_never is 1.1; they are shares of '
        'invoices and must add up to at most 1',
    "probability-over-one.yaml":
        'F:8:23: traits.vampire.signals.polite: must be at most 1, got the number 1.5',
    "python-tag.yaml":
        'F:6:7: firm: the tag !!python/object:os.system is not allowed here',
    "quoted-number.yaml":
        'F:6:24: firm.price_per_hour: expected an amount of money such as 75 or 1400.50, got '
        "the text '90'; write it without quotes",
    "rules-unknown.yaml":
        "F:6:9: rules.max_wait_week: unknown key 'max_wait_week'; did you mean "
        "'max_wait_weeks'?",
    "scoring-negative.yaml":
        'F:6:19: scoring.profit: must be at least 0, got the number -1',
    "share-as-text.yaml":
        "F:8:15: traits.haggler.pay_late: expected a number, got the text '45%'",
    "staff-leaves-before-joining.yaml":
        "F:7:41: events.0.name: no member of staff named 'Boris'; staff by then: Anna",
    "staff-leaves-nobody.yaml":
        "F:7:41: events.0.name: no member of staff named 'Ana'; did you mean 'Anna'?",
    "tab-indent.yaml":
        "F:7:1: invalid YAML: while scanning for the next token, found character '\\t' that "
        'cannot start any token',
    "text-empty.yaml":
        'F:2:13: title.en: must not be empty',
    "text-for-number.yaml":
        "F:3:8: weeks: expected a whole number, got the text 'ten'",
    "text-other-language.yaml":
        "F:2:19: title.de: unknown key 'de'; expected one of: en, ru",
    "text-without-english.yaml":
        'F:2:1: title.en: required field is missing',
    "time-as-text.yaml":
        "F:2:8: title: YAML reads 1:30 as the number 90; write it in quotes: '1:30'",
    "too-deep.yaml":
        'F:6:23: nesting is deeper than 20 levels',
    "trait-name-uppercase.yaml":
        "F:7:3: traits.Shark: 'Shark' is not a valid trait name: use lowercase letters, "
        'digits and _, starting with a letter (at most 32)',
    "trait-unknown-field.yaml":
        "F:7:13: traits.vampire.incivilty: unknown key 'incivilty'; did you mean "
        "'incivility'?",
    "trait-without-base.yaml":
        'F:7:3: traits.shark: a new trait needs base: the existing trait it starts from',
    "unknown-key.yaml":
        "F:7:3: firm.pric_per_hour: unknown key 'pric_per_hour'; did you mean "
        "'price_per_hour'?",
    "unknown-top-key.yaml":
        "F:6:1: evnts: unknown key 'evnts'; did you mean 'events'?",
    "weeks-too-many.yaml":
        'F:3:8: weeks: must be at most 520, got the number 600',
    "yaml-syntax.yaml":
        "F:7:1: invalid YAML: while parsing a flow mapping, expected ',' or '}', but got "
        "'<stream end>'",
    "yes-for-number.yaml":
        'F:7:25: traits.vampire.incivility: expected a number, got yes (YAML reads it as '
        'true)',
}


def _problems(name: str) -> list[str]:
    """The problem lines of a corpus file loaded as the author would, from its folder."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(name)
    lines = [str(p) for p in info.value.problems]
    assert all(line.startswith(f"{name}:") for line in lines)
    return ["F" + line[len(name):] for line in lines]


def test_the_corpus_is_complete_and_labelled():
    files = sorted(p.name for p in BROKEN.glob("*.yaml"))
    assert len(files) >= 40
    assert files == sorted(EXPECTED)
    for name in files:
        first = (BROKEN / name).read_bytes().split(b"\n", 1)[0]
        assert first.startswith(b"# mistake: ") and len(first) > 20, name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_gives_its_exact_message(name, monkeypatch):
    monkeypatch.chdir(BROKEN)
    assert _problems(name) == [EXPECTED[name]]
