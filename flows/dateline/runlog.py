"""Runs recorded without Prefect: a run that found nothing new, or one that could not start.
Each is a row of `run` like any other, so the history shows every scheduled tick."""

from __future__ import annotations

import uuid
from datetime import datetime

import duckdb

from dateline import reports, warehouse
from dateline.parse import PARSER_VERSION
from dateline.summary import RunSummary, now


def record(con: duckdb.DuckDBPyConnection, summary: RunSummary, *, flow_name: str, started_at: datetime, inbox: str | None) -> None:
    """Insert ``summary`` as a finished run (the caller holds the writer lock)."""
    with warehouse.transaction(con):
        con.execute(warehouse.sql("state/abandon_runs"))
        con.execute(
            warehouse.sql("state/run_start"),
            {
                "run_id": summary.run_id,
                "flow_name": flow_name,
                "logical_date": started_at,
                "started_at": started_at,
                "inbox": inbox,
                "parser_version": PARSER_VERSION,
                "backfill_start": None,
                "backfill_end": None,
            },
        )
        reports.finish(con, summary, finished_at=now())


def new_run_id() -> str:
    return str(uuid.uuid4())
