"""Short names of things the player sees: traits and client statuses."""

from __future__ import annotations

from .catalog import CATALOGS, DEFAULT_LANG, tr


def _known(key: str) -> bool:
    return key in CATALOGS[DEFAULT_LANG]


def trait_label(name: str, lang: str) -> str:
    """The player-facing name of a trait.

    Args:
        name: The trait's name in the model (``"vampire"``).
        lang: ``"en"`` or ``"ru"``.

    Returns:
        ``"time eater"`` / ``"вампир"`` for the built-in traits; a scenario-defined trait's
        name as it is.
    """
    key = f"trait.{name}"
    return tr(key, lang) if _known(key) else name


def status_label(status: str, lang: str) -> str:
    """The player-facing name of a client status (``"fired_polite"`` → "let go politely").

    Args:
        status: One of the engine's status names (``sim.engine.STATUS_NAMES``).
        lang: ``"en"`` or ``"ru"``.

    Returns:
        The label, or ``status`` as it is if it has none.
    """
    key = f"status.{status}"
    return tr(key, lang) if _known(key) else status
