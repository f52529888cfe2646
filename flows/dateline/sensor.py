"""A file sensor, as in Airflow: is anything new or changed in the landing folder? Checked against
the file state the warehouse keeps, with a listing and a stat of each file, before Prefect or GX
is imported, so that a run with nothing to do costs almost nothing."""

from __future__ import annotations

import time

import duckdb

from dateline import warehouse
from dateline.discover import Listing, list_inbox
from dateline.settings import RunConfig


def unchanged(con: duckdb.DuckDBPyConnection, config: RunConfig) -> Listing | None:
    """The inbox's listing when no file in it is new or changed since the last run (only pending
    ones, if any); None when a run has work to do."""
    if config.retry_paths:
        return None  # a retry reads its file even if it is unchanged
    listing = list_inbox(config.inbox.resolve(), pattern=config.pattern, settle_seconds=config.settle_seconds, now=time.time())
    changed, _ = warehouse.changed_files(con, listing.files)
    return None if changed else listing
