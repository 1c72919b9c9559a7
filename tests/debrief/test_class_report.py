"""The class debrief (``sim leaderboard DIR --report OUT``) over a test class of the tutorial:
every chart is there, the decision map's numbers are those the runs give when recomputed
here from the files, the audit is the sum of the players' own audits, pseudonyms only,
tampered and broken files apart, both languages, hostile names stay text."""

from __future__ import annotations

import math
import re
import shutil
import statistics
import struct
from pathlib import Path

import pytest

from sim.cli import main
from sim.debrief import load_debrief
from sim.debrief.classroom import REPORT_FILES, analyse_class, write_class_report
from sim.debrief.classroom.analysis import AUDIT_FLAGS, MAP_CLIENTS
from sim.debrief.classroom.document import md_text
from sim.engine import Decisions, Terms, new_game, observe, step
from sim.engine.state import CHURNED, DECLINED, LEAD
from sim.i18n.formats import number
from sim.runs.leaderboard import build_leaderboard
from sim.scenario import load_scenario

from ..runs.recording import lines, record
from .classroom_fixture import PLAN, SCENARIO, SEED, SURNAMES, build_class, file_of

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def handins(tmp_path_factory) -> Path:
    return build_class(tmp_path_factory.mktemp("class") / "handins")


@pytest.fixture(scope="module")
def leaderboard(handins):
    return build_leaderboard(handins, jobs=1)


@pytest.fixture(scope="module")
def report(leaderboard):
    return analyse_class(leaderboard, jobs=2)


@pytest.fixture(scope="module")
def written(report, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report")
    files, warnings = write_class_report(report, out)
    assert warnings == []
    assert {f.name for f in files} >= set(REPORT_FILES)
    return out


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data.startswith(PNG), f"{path.name} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_class_has_twelve_players_and_two_bad_files(leaderboard, report):
    assert len(list(leaderboard.folder.iterdir())) >= 12
    [(group, study)] = report.groups
    assert {r.player for r in study.runs} == set(SURNAMES)  # the bot's own file is not one
    assert all(not r.bot for r in study.runs)
    assert {e.file for e in leaderboard.problems} == {"tampered.jsonl", "broken.jsonl"}
    assert report.dropped == []
    assert [r.who for r in study.bots.rows] == ["always-right", "rule-based", "oracle"]
    band = study.bots.band
    assert band is not None and band.on_seed == {r.who: r.scores["score"]
                                                  for r in study.bots.rows}


def test_every_chart_is_drawn_and_linked(written, report):
    study = report.groups[0][1]
    expected = {"profit.png", "morale.png", "reputation.png",
                *(f"map{k}.png" for k in range(1, len(study.decision_map) + 1))}
    assert study.decision_map, "the test class handles clients differently: a map to draw"
    pngs = {p.name for p in written.glob("*.png")}
    assert pngs == expected
    for name in pngs:
        width, height = _png_size(written / name)
        assert width >= 800 and height >= 400
    page = (written / "class.html").read_text(encoding="utf-8")
    md = (written / "class.md").read_text(encoding="utf-8")
    assert set(re.findall(r'<img src="([^"]+)"', page)) == expected
    assert set(re.findall(r"\]\(([^)]+)\)", md)) == expected


def test_the_page_opens_offline(written):
    page = (written / "class.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "<script" not in page.lower()
    assert not re.search(r"(https?:)?//[a-z0-9]", page.replace("file:", ""), re.I), \
        "no external address"
    assert "[class." not in page and "[debrief." not in page, "a missing catalog key"


def test_pseudonyms_only(written, handins):
    for name in REPORT_FILES:
        text = (written / name).read_text(encoding="utf-8")
        for player, surname in SURNAMES.items():
            assert surname not in text, f"{name}: a file name ({surname}) is shown"
            assert md_text(player) in text
        assert "mallory" not in text  # the tampered file's pseudonym is never ranked


def test_tampered_and_broken_files_are_listed_apart_with_their_reason(written, leaderboard):
    md = (written / "class.md").read_text(encoding="utf-8")
    ranking, _, problems = md.partition("## Files not ranked")
    assert problems, "a section of its own"
    for e in leaderboard.problems:
        assert md_text(e.reason) in problems
        assert e.file not in ranking
    assert "final score: recorded 250" in problems and "not valid JSON" in problems


# --- the decision map, recomputed from the files --------------------------------------------


def _handled(path: Path) -> tuple[str, float, dict[int, tuple[str, str, str, int | None]]]:
    """``(player, score, {client key: (name, trait, action, week)})`` read from the file's
    own lines and an engine replay of its decisions."""
    objs = lines(path)
    header, weeks, final = objs[0], [o for o in objs if o["type"] == "week"], objs[-1]
    params = load_scenario(header["scenario"], overrides=header["overrides"]).params
    st = new_game(params, header["seed"])
    let_go, terms, declined = {}, {}, {}
    for o in weeks:
        d = Decisions.from_dict(o["decisions"])
        for i, manner in d.let_go.items():
            let_go.setdefault(i, (o["week"], manner))
        for i, t in d.terms.items():
            if t != Terms():
                terms.setdefault(i, o["week"])
        for i, ok in d.leads.items():
            if not ok:
                declined.setdefault(i, o["week"])
        st, _ = step(st, d)
    keys = observe(st).clients.uid.tolist()  # the engine's stable ids
    c = st.clients
    out = {}
    for i in range(c.n):
        status = int(c.status[i])
        if status == LEAD and i not in let_go:
            continue
        if i in let_go:
            action, week = let_go[i][1], let_go[i][0]
        elif status == DECLINED:
            action = "declined"  # by the player, or by his blacklist when he came back
            week = declined.get(i, int(c.left[i]) if c.left[i] >= 0 else None)
        elif i in terms:
            action, week = "terms", terms[i]
        elif status == CHURNED:
            action, week = "left", int(c.left[i])
        else:
            action, week = "kept", None
        out[keys[i]] = (st.client_names[i], st.traits.names[int(c.trait[i])], action, week)
    return header["player"], float(final["scores"]["score"]), out


@pytest.fixture(scope="module")
def recomputed(handins):
    """The decision map computed here, from the players' files alone."""
    games = [_handled(handins / file_of(p)) for p in SURNAMES]
    clients = {k for _, _, h in games for k in h}
    found = []
    for key in clients:
        by: dict[str, list[tuple[str, int | None, float]]] = {}
        for player, score, h in games:
            if key in h:
                by.setdefault(h[key][2], []).append((player, h[key][3], score))
        if len(by) < 2:
            continue
        n = sum(len(v) for v in by.values())
        overall = statistics.fmean(s for v in by.values() for _, _, s in v)
        means = {a: statistics.fmean(s for _, _, s in v) for a, v in by.items()}
        # over the whole class: a client few players met accounts for little of its spread
        spread = math.sqrt(sum(len(by[a]) * (means[a] - overall) ** 2 for a in by)
                           / len(games))
        name = next(h[key][0] for _, _, h in games if key in h)
        trait = next(h[key][1] for _, _, h in games if key in h)
        found.append((round(spread, 2), n, name, trait, key, by, means))
    found.sort(key=lambda f: (-f[0], -f[1], f[2]))
    return found[:MAP_CLIENTS]


def test_the_decision_map_equals_the_runs_recomputed(report, recomputed):
    study = report.groups[0][1]
    assert len(study.decision_map) == len(recomputed) == MAP_CLIENTS
    for m, (spread, n, name, trait, key, by, means) in zip(study.decision_map, recomputed,
                                                           strict=True):
        assert (m.key, m.name, m.trait, m.players) == (key, name, trait, n)
        assert m.spread == pytest.approx(spread, abs=0.01)
        assert m.gap == pytest.approx(max(means.values()) - min(means.values()), abs=0.01)
        assert {c.action for c in m.choices} == set(by)
        for c in m.choices:
            assert sorted(c.players) == sorted(by[c.action]), (name, c.action)
            assert c.mean == pytest.approx(means[c.action], abs=0.005)
        assert [c.mean for c in m.choices] == sorted((c.mean for c in m.choices), reverse=True)
        everyone = {p for v in by.values() for p, _, _ in v}
        assert set(m.absent) == set(SURNAMES) - everyone


def test_the_map_tables_show_those_numbers(written, recomputed):
    md = (written / "class.md").read_text(encoding="utf-8")
    section = md.split("## The decision map", 1)[1].split("## Class curves", 1)[0]
    parts = section.split("\n### ")[1:]
    assert len(parts) == len(recomputed)
    for part, (_, _, name, _, _, by, means) in zip(parts, recomputed, strict=True):
        assert part.startswith(f"{md_text(name)} (")
        for action, players in by.items():
            row = next(r for r in part.splitlines() if r.startswith("| ")
                       and f"| {len(players)} |" in r and r.rstrip().endswith(
                           f"| {number(means[action], 'en', 1)} |"))
            shown = set()  # (player, week) read back from the "Who" cell
            for cell in row.split(" | ")[3].split("; "):
                week, _, names = cell.rpartition(": ")
                for player in names.split(", "):
                    shown.add((player, int(week.removeprefix("week ")) if week else None))
            assert shown == {(md_text(p), wk) for p, wk, _ in players}, row


def test_the_scripted_partings_are_in_the_runs_as_planned(report):
    """The fixture's scripted players did what their plan says (else the map tests prove
    little): each planned parting shows in their game with its manner and week."""
    runs = {r.player: r for r in report.groups[0][1].runs}
    for player, plan in PLAN.items():
        for week, acts in plan.items():
            for what, client, manner in acts:
                if what == "let_go":
                    got = [h for h in runs[player].clients.values() if h.name == client
                           and h.action == manner]
                    assert got and got[0].week == week, (player, client)


# --- audit, tags, talking points ------------------------------------------------------------


def test_the_class_audit_is_the_sum_of_the_players_audits(report, handins):
    study = report.groups[0][1]
    own = {p: load_debrief(handins / file_of(p), bots=False, moments=False) for p in SURNAMES}
    for line in study.audit:
        flagged = {p for p, db in own.items()
                   if any(line.flag in (j.flags or ("right",)) for j in db.audit.judged)}
        assert line.players == len(flagged), line.flag
        assert line.clients == sum(sum(line.flag in (j.flags or ("right",))
                                       for j in own[p].audit.judged) for p in flagged)
        scores = [own[p].scores["score"] for p in flagged]
        assert line.mean == (pytest.approx(statistics.fmean(scores), abs=0.005) if scores
                             else None)
    assert [a.flag for a in study.audit] == list(AUDIT_FLAGS)
    for t in study.tags:
        spotted = [s for db in own.values() for s in db.reveal.types if s.trait == t.trait]
        assert (t.clients, t.tagged, t.right) == (sum(s.clients for s in spotted),
                                                  sum(s.tagged for s in spotted),
                                                  sum(s.right for s in spotted))


def _points(x: float) -> str:
    x = round(abs(x), 1)
    return f"{number(x, 'en', 1)} point{'' if x == 1 else 's'}"


def test_talking_points_come_from_the_class(written, report, recomputed):
    study = report.groups[0][1]
    md = (written / "class.md").read_text(encoding="utf-8")
    points = re.findall(r"^\d\. (.+)$", md.split("## Talking points", 1)[1].split("\n## ")[0],
                        re.M)
    assert 3 <= len(points) <= 5
    # the first: the decision map's top client, from the numbers recomputed here
    _, n, name, _, _, by, means = recomputed[0]
    everyone = [(a in ("polite", "blunt", "price_out"), wk, sc)
                for a, v in by.items() for _, wk, sc in v]
    weeks = [wk for gone, wk, _ in everyone if gone and wk is not None]
    first = None
    if len(weeks) > 1:
        week = statistics.median_low(weeks)
        early = [sc for gone, wk, sc in everyone if gone and wk is not None and wk <= week]
        rest = [sc for gone, wk, sc in everyone if not (gone and wk is not None and wk <= week)]
        if early and rest:
            diff = statistics.fmean(early) - statistics.fmean(rest)
            first = (f"{len(weeks)} of {n} let {name} go; those who did it by week {week} "
                     f"scored {_points(diff)} {'more' if diff >= 0 else 'less'} on average")
    if first is None:
        shared = [a for a, v in by.items() if len(v) > 1] or list(by)
        best = max(shared, key=lambda a: means[a])
        others = [sc for a, v in by.items() if a != best for _, _, sc in v]
        diff = means[best] - statistics.fmean(others)
        first = f"{name}: {len(by[best])} of {n} chose “"
        assert f"and scored {_points(diff)} {'more' if diff >= 0 else 'less'}" in points[0]
    assert points[0].startswith(md_text(first)), (points[0], first)
    # the bots': how many beat each bot on this seed
    rb, ar = study.bots.score("rule-based"), study.bots.score("always-right")
    scores = [r.scores["score"] for r in study.runs]
    assert any(p.startswith(f"{sum(x > rb for x in scores)} of {len(scores)} beat the "
                            f"rule-based bot") and f"; {sum(x > ar for x in scores)} beat "
               "always-right" in p for p in points)


# --- languages, hostile names, the command --------------------------------------------------


def test_the_russian_report(report, tmp_path):
    report_ru = type(report)(report.leaderboard, report.groups, report.dropped, "ru")
    write_class_report(report_ru, tmp_path, charts=False)
    md = (tmp_path / "class.md").read_text(encoding="utf-8")
    page = (tmp_path / "class.html").read_text(encoding="utf-8")
    assert '<html lang="ru">' in page
    assert "## Карта решений" in md and "## Тезисы для обсуждения" in md
    assert "[class." not in md and "[debrief." not in md and "[count." not in md
    study = report.groups[0][1]
    top = study.decision_map[0].choices[0].mean
    assert number(round(top, 1), "ru", 1) in md  # a decimal comma, not a point
    assert "Графиков нет" in md


def test_text_from_run_files_stays_text(tmp_path):
    d = tmp_path / "handins"
    d.mkdir()
    record(d / "a.jsonl", scenario=SCENARIO, overrides=(), seed=SEED,
           player="<img src=x onerror=alert(1)>", policy="always-right")
    record(d / "b.jsonl", scenario=SCENARIO, overrides=(), seed=SEED,
           player="[a](http://x) *b*")
    (d / "<b>bad<i>.jsonl").write_text("{}", encoding="utf-8")
    rep = analyse_class(build_leaderboard(d, jobs=1), jobs=1, band=False)
    write_class_report(rep, tmp_path / "out", charts=False)
    page = (tmp_path / "out" / "class.html").read_text(encoding="utf-8")
    md = (tmp_path / "out" / "class.md").read_text(encoding="utf-8")
    assert "<img src=x" not in page and "<b>bad" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;b&gt;bad&lt;i&gt;.jsonl" in page
    assert not re.search(r"(?<!\\)<img", md) and "\\<img" in md
    assert not re.search(r"(?<!\\)\]\(http", md), "a pseudonym is not a link"


def test_the_command_writes_the_report(handins, tmp_path, capsys):
    out = tmp_path / "debrief"
    assert main(["leaderboard", str(handins), "--report", str(out), "--lang", "ru",
                 "--jobs", "1"]) == 1  # a tampered and a broken file: exit 1, as ever
    err = capsys.readouterr().err
    assert f"wrote {out / 'class.html'}" in err and f"wrote {out / 'profit.png'}" in err
    assert "Разбор группы" in (out / "class.html").read_text(encoding="utf-8")


def test_an_unwritable_report_folder_is_exit_2(handins, tmp_path, capsys):
    clean = tmp_path / "clean"
    clean.mkdir()
    shutil.copy(handins / file_of("cat"), clean)
    blocker = tmp_path / "taken"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    assert main(["leaderboard", str(clean), "--report", str(blocker), "--jobs", "1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"sim: error: cannot write the class debrief in {blocker}")
    assert "Traceback" not in err


def test_one_process_and_two_agree(leaderboard, report):
    one = analyse_class(leaderboard, jobs=1, band=False)
    assert one.groups[0][1].runs == report.groups[0][1].runs


def test_a_run_changed_after_verification_is_left_out(handins, tmp_path):
    d = tmp_path / "class"
    shutil.copytree(handins, d)
    lb = build_leaderboard(d, jobs=1)
    victim = d / file_of("owl")
    victim.write_bytes((d / file_of("fox")).read_bytes())  # swapped between the two passes
    rep = analyse_class(lb, jobs=1, band=False)
    assert [x.file for x in rep.dropped] == [file_of("owl")]
    assert "changed after it was verified" in rep.dropped[0].reason
    assert "owl" not in {r.player for r in rep.groups[0][1].runs}


def test_one_section_per_group(handins, tmp_path):
    d = tmp_path / "handins"
    shutil.copytree(handins, d)
    for name, policy in (("ray", "rule-based"), ("sky", "always-right")):
        record(d / f"{name}.jsonl", scenario=SCENARIO, overrides=(), seed=SEED + 1,
               player=name, policy=policy)
    rep = analyse_class(build_leaderboard(d, jobs=1), jobs=1, band=False)
    assert [(s.seed, len(s.runs)) for _, s in rep.groups] == [(SEED, 12), (SEED + 1, 2)]
    files, _ = write_class_report(rep, tmp_path / "out", jobs=1)
    md = (tmp_path / "out" / "class.md").read_text(encoding="utf-8")
    assert md.startswith("# Class debrief\n")
    first = md.index(f"## {SCENARIO}, seed {SEED}\n")
    second = md.index(f"## {SCENARIO}, seed {SEED + 1}\n")
    assert first < second < md.index("## Files not ranked")
    names = {f.name for f in files}
    for k in (1, 2):
        assert {f"group{k}-{c}.png" for c in ("profit", "morale", "reputation")} <= names
        assert f"](group{k}-profit.png)" in md
    assert "| ray |" in md[second:] and "| ray |" not in md[first:second]


def test_an_empty_folder_gets_a_page_that_says_so(tmp_path):
    (tmp_path / "empty").mkdir()
    rep = analyse_class(build_leaderboard(tmp_path / "empty", jobs=1), jobs=1)
    write_class_report(rep, tmp_path / "out")
    md = (tmp_path / "out" / "class.md").read_text(encoding="utf-8")
    assert "no run file" in md and "Files not ranked" not in md
    assert not list((tmp_path / "out").glob("*.png"))
