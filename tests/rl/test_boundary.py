"""Gymnasium is an optional extra: only ``sim.rl`` imports it (DESIGN §7).

These tests need no Gymnasium, so they run in every environment."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=120)


def test_the_game_and_its_commands_never_import_gymnasium():
    out = _run("""
        import sys
        import sim, sim.engine, sim.cli, sim.policies, sim.runs.runner, sim.scenario
        from sim.engine import new_game, step
        from sim.scenario import load_scenario
        st = new_game(load_scenario("tutorial").params, 1)
        while not st.over:
            st, _ = step(st, inplace=True)
        bad = [m for m in sys.modules if m.split('.')[0] == 'gymnasium']
        assert not bad, bad
        print('ok')
    """)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_without_gymnasium_sim_rl_says_how_to_install_it():
    out = _run("""
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split('.')[0] == 'gymnasium':
                    raise ImportError('blocked: ' + name)
        sys.meta_path.insert(0, Block())
        try:
            import sim.rl
        except ImportError as exc:
            print(exc)
    """)
    assert out.returncode == 0, out.stderr
    assert 'pip install "not-always-right[rl]"' in out.stdout
