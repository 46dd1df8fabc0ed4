"""Exceptions raised by the spatial core."""

from __future__ import annotations


class SourceError(ValueError):
    """A source file is missing, unreadable or malformed; the message names the file."""
