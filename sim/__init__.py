"""Not Always Right: a turn-based training simulator about when firing a client is right."""

__version__ = "0.1.0"
