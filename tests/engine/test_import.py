"""The engine is a library: numpy and the standard library only (STYLE habit 1)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_engine_imports_and_plays_with_pygame_and_friends_blocked():
    code = textwrap.dedent("""
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split('.')[0] in {'pygame', 'pygame_gui', 'yaml', 'pydantic',
                                          'matplotlib'}:
                    raise ImportError('blocked: ' + name)
                return None
        sys.meta_path.insert(0, Block())
        import sim.engine as e
        from sim.engine.defaults import agency
        st = e.new_game(agency(), 1)
        while not st.over:
            st, _ = e.step(st, inplace=True)
        bad = [m for m in sys.modules if m.split('.')[0] in
               {'pygame', 'pygame_gui', 'yaml', 'pydantic', 'matplotlib'}]
        assert not bad, bad
        print('ok', e.final_scores(st)['score'])
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("ok")


def test_engine_source_has_no_file_io_or_wall_clock():
    from pathlib import Path

    import sim.engine

    root = Path(sim.engine.__file__).parent
    for path in root.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for word in ("open(", "import time", "datetime", "import random", "np.random.seed",
                     "np.random.rand"):
            assert word not in text, f"{path.name}: {word}"
