"""The pygame front end (``python -m sim play``): scenes on a stack, widgets, theme and saves.

It talks to the engine only through its public API (``new_game``, ``observe``, ``preview``,
``step``, ``final_scores``); the week screen edits a draft :class:`sim.engine.Decisions`, asks
``preview`` what it will do, and only ``step`` changes the game.
"""
