"""Placeholder: filled in by its own change."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction) -> None:
    """Nothing yet."""
