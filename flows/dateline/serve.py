"""`dateline serve`: run the ingest flow on a schedule (not yet implemented)."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction) -> None:
    """Add the `serve` subcommand to the `dateline` parser (none yet)."""
