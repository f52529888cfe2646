"""`make bench`: the speed-up of parse + extract on a local Dask cluster of 2 workers over 1.

The corpus is read once in this process; then, on a ``LocalCluster`` of N single-threaded worker
processes (started before the clock starts), each chunk of ``CHUNK`` files is parsed and
extracted by N parts, one per worker, as a run's chunks are, and the results are gathered here.
The same work in this process, without Dask, is the baseline."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from dateline.discover import list_inbox, read_files
from dateline.extract.batch import extract_batch
from dateline.settings import CHUNK_FILES, MAX_BYTES, SEEDS_DIR
from dateline.triage import parse_versions


def parse_and_extract(versions: list, seeds: Path) -> int:
    """Parse the file versions and extract their articles; the number of mentions."""
    parsed, _ = parse_versions(versions, run_id="bench", today=datetime.now(UTC).date(), max_bytes=MAX_BYTES)
    articles = pd.DataFrame({"article_version_key": parsed["file_version_key"], "body": parsed["body"]})
    return len(extract_batch(articles, seeds_dir=seeds).mentions)


def _chunks(versions: list, size: int) -> list[list]:
    return [versions[i : i + size] for i in range(0, len(versions), size)]


def on_cluster(versions: list, workers: int, seeds: Path = SEEDS_DIR, chunk: int = CHUNK_FILES) -> tuple[float, int]:
    """Wall seconds and mentions of parse + extract of ``versions`` on ``workers`` local workers."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1", silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        client.run(parse_and_extract, versions[:10], seeds)  # warm the workers: imports, gazetteer, lexicons
        start = time.perf_counter()
        mentions = 0
        for part_list in _chunks(versions, chunk):
            size = -(-len(part_list) // workers)
            futures = [client.submit(parse_and_extract, part, seeds, pure=False) for part in _chunks(part_list, size)]
            mentions += sum(client.gather(futures))
        return time.perf_counter() - start, mentions


def in_process(versions: list, seeds: Path = SEEDS_DIR) -> tuple[float, int]:
    parse_and_extract(versions[:10], seeds)  # warm: imports, gazetteer, lexicons
    start = time.perf_counter()
    mentions = sum(parse_and_extract(part, seeds) for part in _chunks(versions, CHUNK_FILES))
    return time.perf_counter() - start, mentions


def measure(corpus: Path) -> list[tuple[str, float, int]]:
    """(label, wall seconds, mentions) in this process, then on 1 and 2 local workers."""
    listing = list_inbox(corpus, pattern="*.txt", settle_seconds=0, now=time.time())
    versions, _ = read_files(listing.files, max_bytes=MAX_BYTES)
    rows = [("in this process", *in_process(versions))]
    rows += [(f"Dask, {n} worker{'s' if n > 1 else ''}", *on_cluster(versions, n)) for n in (1, 2)]
    return rows
