"""Extraction on Dask, through Prefect's DaskTaskRunner (prefect-dask).

Extraction is the CPU-heavy stage (pure Python, so threads do not help). A chunk with at least
``dask_min_articles`` new articles is split into one part per worker, and the ``extract-part``
task runs on each part through a DaskTaskRunner on a Dask cluster: the scheduler at ``--dask-address`` /
``$DATELINE_DASK_ADDRESS`` (its workers need `dateline` installed and the seeds folder at the
same path), or else a ``LocalCluster`` with one single-threaded worker process per core, started
once per run, on the first chunk that needs it, and closed at its end. Smaller chunks are
extracted in the run's own process, where starting workers would cost more than it saves.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from dateline import progress
from dateline.extract.batch import Extracted, extract_batch


class Workers:
    """The Dask scheduler a run's chunks are extracted on, started when first needed."""

    def __init__(self, address: str | None, min_articles: int) -> None:
        self._address = address
        self.min_articles = min_articles
        self._cluster = None

    def wanted(self, articles: int) -> bool:
        return articles >= self.min_articles

    def address(self) -> str:
        if self._address is None:
            from distributed import LocalCluster

            # the scheduler's HTTP server on a free port: no "Port 8787 is already in use" warning
            self._cluster = LocalCluster(
                n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True, dashboard_address=":0", host="127.0.0.1",
                silence_logs=logging.WARNING, env=progress.worker_environment(),
            )
            self._address = self._cluster.scheduler_address
        return self._address

    def close(self) -> None:
        if self._cluster is not None:
            logging.getLogger("distributed").setLevel(logging.ERROR)  # a worker killed at close is expected
            self._cluster.close()
            self._cluster = None


@contextmanager
def workers(address: str | None, min_articles: int) -> Iterator[Workers]:
    pool = Workers(address, min_articles)
    try:
        yield pool
    finally:
        pool.close()


@task(name="extract-part", cache_policy=NO_CACHE)  # no timeout: a Dask worker thread cannot be interrupted
def extract_part(part: pd.DataFrame, seeds: Path) -> Extracted:
    return extract_batch(part, seeds_dir=seeds)


def extract_parallel(articles: pd.DataFrame, seeds: Path, pool: Workers) -> Extracted:
    """``extract_batch`` of ``articles`` (article_version_key, body), split over the pool's workers."""
    with progress.stage("extract", len(articles)):
        return _extract_parts(articles, seeds, pool)


def _extract_parts(articles: pd.DataFrame, seeds: Path, pool: Workers) -> Extracted:
    from prefect_dask import DaskTaskRunner

    address = pool.address()
    parts_count = max(1, min(len(articles), _worker_count(address)))
    bounds = [round(i * len(articles) / parts_count) for i in range(parts_count + 1)]
    parts = [articles.iloc[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]
    get_run_logger().info("extracting %d articles in %d parts on Dask at %s", len(articles), len(parts), address)
    # The parts go to the task runner directly: a subflow would send them to the API as parameters.
    logging.getLogger("distributed").setLevel(logging.WARNING)
    with DaskTaskRunner(address=address) as runner:
        futures = [runner.submit(extract_part, parameters={"part": part, "seeds": seeds}) for part in parts]
        results = []
        for part, future in zip(parts, futures, strict=True):  # the display counts each part as it comes back
            results.append(future.result())
            progress.advance(len(part))
    return Extracted(
        mentions=pd.concat([r.mentions for r in results], ignore_index=True),
        themes=pd.concat([r.themes for r in results], ignore_index=True),
        countries=pd.concat([r.countries for r in results], ignore_index=True),
        tone=pd.concat([r.tone for r in results]),
    )


def _worker_count(address: str) -> int:
    from distributed import Client

    with Client(address, timeout=30) as client:
        return max(1, len(client.scheduler_info()["workers"]))
