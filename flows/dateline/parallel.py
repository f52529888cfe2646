"""Extraction on Dask, through Prefect's DaskTaskRunner (prefect-dask).

Extraction is the CPU-heavy stage (pure Python, so threads do not help). A run with at least
``dask_min_articles`` changed files extracts every chunk on Dask: the chunk is split into one
part per worker, and the ``extract-part`` task runs on each part through one DaskTaskRunner
for the whole run, on the scheduler at ``--dask-address`` / ``$DATELINE_DASK_ADDRESS`` (its
workers need `dateline` installed and the seeds folder at the same path), or else on a
``LocalCluster`` with one single-threaded worker process per core, started once per run on the
first chunk and closed at its end. Smaller runs extract in their own process, where starting
workers would cost more than it saves.

``submit`` starts a chunk's extraction and returns at once: the flow reads, parses and checks
the next chunk, and loads the one before, while the workers extract this one.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path

import pandas as pd
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from dateline import progress
from dateline.extract.batch import Extracted, extract_batch


class Workers:
    """The Dask scheduler a run's chunks are extracted on (if the run is large enough), started
    when first needed, with one task runner for the run."""

    def __init__(self, address: str | None, min_articles: int, articles: int) -> None:
        self._address = address
        self.on_dask = articles >= min_articles
        self._cluster = None
        self._runner = None
        self._starting: Future | None = None
        self.parts = 1

    def start(self) -> None:
        """Start the local cluster and warm its workers in the background, if the run will use them:
        the run reads and parses its first chunk meanwhile."""
        if self.on_dask and self._address is None and self._starting is None:
            starter = ThreadPoolExecutor(1, thread_name_prefix="dateline-dask-start")
            self._starting = starter.submit(_local_cluster)
            starter.shutdown(wait=False)

    def ready(self) -> bool:
        """Whether the workers can take work now: a scheduler named by address, or a local
        cluster that has started."""
        return self._address is not None or (self._starting is not None and self._starting.done())

    def runner(self):
        """The run's DaskTaskRunner, connected on first use."""
        if self._runner is None:
            from prefect_dask import DaskTaskRunner

            if self._address is None:
                self.start()
                self._cluster = self._starting.result()
                self._address = self._cluster.scheduler_address
            self.parts = _worker_count(self._address)
            logging.getLogger("prefect.task_runner.dask").setLevel(logging.WARNING)  # its dashboard link: there is none
            self._runner = DaskTaskRunner(address=self._address).__enter__()
            get_run_logger().info("extracting on Dask at %s, %d workers", self._address, self.parts)
        return self._runner

    def close(self) -> None:
        logging.getLogger("distributed").setLevel(logging.ERROR)  # a worker killed at close is expected
        if self._runner is not None:
            runner, self._runner = self._runner, None
            runner.__exit__(None, None, None)
        if self._starting is not None and self._cluster is None:
            with suppress(Exception):  # started but never used (the run failed first), or failed to start
                self._cluster = self._starting.result()
        if self._cluster is not None:  # its workers shut down while the run records and publishes (wait_closed)
            cluster, self._cluster = self._cluster, None
            closing = threading.Thread(target=cluster.close, name="dateline-dask-close", daemon=True)
            closing.start()
            _closing.append(closing)


_closing: list[threading.Thread] = []


def wait_closed(timeout: float = 60.0) -> None:
    """Wait for the local clusters this process is closing: a flow leaves no worker behind."""
    while _closing:
        _closing.pop().join(timeout)


def _local_cluster():
    """A LocalCluster of ``local_workers()`` single-threaded worker processes on loopback, each
    with the extractors' imports and word lists loaded."""
    import distributed.scheduler
    from distributed import Client, LocalCluster

    # The scheduler runs in this process. Its GC diagnosis is a gc callback, and a Ctrl-C that
    # arrives during a collection is raised inside that callback, where Python swallows it
    # ("Exception ignored in ... _gc_callback"): the run would not stop. Without it, a signal
    # always reaches the run.
    distributed.scheduler.enable_gc_diagnosis = _no_gc_diagnosis
    logging.getLogger("distributed").setLevel(logging.WARNING)
    # the scheduler's HTTP server on a free port: no "Port 8787 is already in use" warning
    cluster = LocalCluster(
        n_workers=local_workers(), threads_per_worker=1, processes=True, dashboard_address=":0", host="127.0.0.1",
        silence_logs=logging.CRITICAL,  # a worker whose run was interrupted may lose the scheduler first; a real
        # failure reaches the run through its task
        env=progress.worker_environment(),
    )
    with Client(cluster, timeout=30) as client:
        client.run(_warm)
    return cluster


def _no_gc_diagnosis() -> None:
    """In place of distributed's ``enable_gc_diagnosis`` for the scheduler in this process."""


def _warm() -> None:
    from dateline.extract.batch import extract_batch

    extract_batch(pd.DataFrame({"article_version_key": ["warm"], "body": ["Talks went on in Tokyo, Reuters said."]}))


@contextmanager
def workers(address: str | None, min_articles: int, articles: int) -> Iterator[Workers]:
    """The workers of a run that will extract about ``articles`` articles."""
    pool = Workers(address, min_articles, articles)
    try:
        pool.start()
        yield pool
    finally:
        pool.close()


@task(name="extract-part", cache_policy=NO_CACHE)  # no timeout: a Dask worker thread cannot be interrupted
def extract_part(part: pd.DataFrame, seeds: Path) -> Extracted:
    return extract_batch(part, seeds_dir=seeds)


def submit(
    articles: pd.DataFrame, seeds: Path, pool: Workers, here: Callable[[], Extracted], *, wait: bool = True
) -> Callable[[], Extracted]:
    """Start extracting ``articles`` (article_version_key, body) and return the call that waits
    for the result: on the pool's Dask workers, split in one part per worker, or else, when
    the result is asked for, by ``here`` in this process. With ``wait`` False, a local cluster
    that is still starting is not waited for: ``here`` extracts (a run's first chunk, while its
    workers start)."""
    if not pool.on_dask or articles.empty or not (wait or pool.ready()):
        return here
    runner = pool.runner()
    count = max(1, min(len(articles), pool.parts))
    bounds = [round(i * len(articles) / count) for i in range(count + 1)]
    parts = [articles.iloc[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]
    # The parts go to the task runner directly: a subflow would send them to the API as parameters.
    futures = [runner.submit(extract_part, parameters={"part": part, "seeds": seeds}) for part in parts]

    def result() -> Extracted:
        with progress.stage("extract", len(articles)):  # what is left of it: the wait for its parts
            results = []
            for part, future in zip(parts, futures, strict=True):
                results.append(future.result())
                progress.advance(len(part))
            get_run_logger().info("extracted %d articles in %d parts on Dask", len(articles), len(parts))
        return Extracted(
            mentions=pd.concat([r.mentions for r in results], ignore_index=True),
            themes=pd.concat([r.themes for r in results], ignore_index=True),
            countries=pd.concat([r.countries for r in results], ignore_index=True),
            tone=pd.concat([r.tone for r in results]),
        )

    return result


def local_workers() -> int:
    """One worker per core but the one the run's own process reads, loads and checks on: the
    chunks overlap, so that process is busy while the workers extract."""
    return max(1, (os.cpu_count() or 1) - 1)


def _worker_count(address: str) -> int:
    from distributed import Client

    with Client(address, timeout=30) as client:
        return max(1, len(client.scheduler_info()["workers"]))
