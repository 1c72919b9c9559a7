"""``python -m sim``: see :mod:`sim.cli`."""

import sys

from .cli import main, program

if sys.modules["__main__"].__dict__ is globals():  # the whole program (python -m sim)
    program()
# run from other code (runpy.run_module): exit as a module does, with the interpreter's
# teardown
raise SystemExit(main())
