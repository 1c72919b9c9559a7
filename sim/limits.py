"""Bounds on what a command line, a run file or a settings file may ask for.

One place for the numbers, so that ``--seed`` on the command line and ``seed`` in a run
file's header, or ``--set`` and a header's ``overrides``, are held to the same limits. This
module imports nothing: the command line reads it before anything heavy is loaded.
"""

#: the largest seed (numpy's SeedSequence takes any, a run file stores it as JSON)
MAX_SEED = 2**63 - 1
#: seeds in one ``--seeds A:B`` (a class sweep is hundreds; more is a typo)
MAX_SEEDS = 100_000
#: ``--jobs``: worker processes
MAX_JOBS = 64
#: ``--set`` items in one command or run file, characters in one, parts of its path
MAX_OVERRIDES = 100
MAX_OVERRIDE_CHARS = 1000
MAX_SET_DEPTH = 8
#: weeks of a game (a scenario's ``weeks``, ``sim run --reports``)
MAX_WEEKS = 520
#: a player's pseudonym, in characters
MAX_PSEUDONYM = 40
