"""The pygame front end (``python -m sim play``): scenes on a stack, widgets, theme and saves.

It talks to the engine only through its public API (``new_game``, ``observe``, ``step``,
``final_scores``); the scenes build a :class:`sim.engine.Decisions` and only ``step`` changes
the game.
"""
