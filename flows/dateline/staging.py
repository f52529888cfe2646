"""Assemble what a run loads: the stage outputs as one LoadBatch of staging frames. Pure."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd

from dateline import quarantine, triage
from dateline.discover import FileVersion
from dateline.extract.batch import Extracted, country_rows, theme_rows
from dateline.warehouse import LoadBatch

FILE_STATE_COLUMNS = ["path", "size_bytes", "mtime_ns", "sha256", "checked_at"]


def file_state(versions: list[FileVersion], at: datetime) -> pd.DataFrame:
    """The stat cache rows of every file a run read: the next run reads only files that changed."""
    rows = [(v.state.path, v.state.size, v.state.mtime_ns, v.sha256, at) for v in versions]
    return pd.DataFrame(rows, columns=FILE_STATE_COLUMNS)


def raw_files(new: pd.DataFrame, versions: list[FileVersion]) -> pd.DataFrame:
    """The bytes of each new article version, kept for backfills."""
    by_path = {v.state.path: v for v in versions}
    rows = [(sha, size, by_path[path].raw) for sha, size, path in zip(new["sha256"], new["size_bytes"], new["path"], strict=True)]
    return pd.DataFrame(rows, columns=["sha256", "size_bytes", "content"])


def derived(articles: pd.DataFrame, extracted: Extracted, seeds: Path) -> dict[str, pd.DataFrame]:
    """The dimension and fact rows derived from parsed articles: what a backfill replaces."""
    return {
        "article": pd.concat([articles, extracted.tone], axis=1),
        "mention": extracted.mentions,
        "article_theme": extracted.themes,
        "article_country": extracted.countries,
        "theme": theme_rows(seeds),
        "country": country_rows(seeds),
    }


def ingest_batch(
    *,
    run_id: str,
    seen_at: datetime,
    read: list[FileVersion],
    new: pd.DataFrame,
    duplicates: pd.DataFrame,
    rejected: list[triage.Rejected],
    copies: dict[str, str | None],
    extracted: Extracted,
    seeds: Path,
) -> LoadBatch:
    """Everything an ingest run loads, landing-folder bookkeeping included."""
    rows = derived(new, extracted, seeds)
    rows["article"] = rows["article"].assign(run_id=run_id, loaded_at=seen_at)
    return LoadBatch(
        **rows,
        raw=raw_files(new, read),
        manifest=triage.manifest_rows(run_id=run_id, seen_at=seen_at, loaded=new, duplicates=duplicates, rejected=rejected),
        quarantine=quarantine.rows(rejected, copies, run_id=run_id, at=seen_at),
        file_state=file_state(read, seen_at),
    )
