"""Extraction on Dask through prefect-dask: a real LocalCluster, and a real `dask scheduler` +
`dask worker` pair on loopback, give exactly the warehouse a single-process run gives."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checksums import warehouse_checksums
from conftest import SEEDS
from dateline.ingest import ingest

VENV_BIN = Path(sys.executable).parent


def _run(tmp_path: Path, name: str, **options) -> Path:
    warehouse = tmp_path / name / "warehouse.duckdb"
    summary = ingest(inbox=SEEDS, warehouse_path=warehouse, reports_dir=tmp_path / name / "reports", settle_seconds=0, **options)
    assert (summary.status, summary.files_loaded) == ("succeeded", 28)
    return warehouse


@pytest.fixture(scope="module")
def single(prefect_server, tmp_path_factory) -> dict:
    return warehouse_checksums(_run(tmp_path_factory.mktemp("single"), "single", dask_min_articles=10_000))


def test_a_local_cluster_extracts_what_one_process_extracts(prefect_server, tmp_path, single) -> None:
    warehouse = _run(tmp_path, "local", dask_min_articles=10, chunk_files=14)  # two chunks, each on a LocalCluster
    assert warehouse_checksums(warehouse) == single


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_scheduler_and_a_worker_on_loopback_extract_what_one_process_extracts(prefect_server, tmp_path, single) -> None:
    if not (VENV_BIN / "dask").exists():
        pytest.skip("the dask command is not installed")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    scheduler = subprocess.Popen(
        [str(VENV_BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--dashboard-address", ":0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )
    worker = subprocess.Popen(
        [str(VENV_BIN / "dask"), "worker", address, "--nworkers", "1", "--nthreads", "1", "--host", "127.0.0.1",
         "--dashboard-address", ":0", "--local-directory", str(tmp_path / "worker")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )
    try:
        from distributed import Client

        deadline = time.monotonic() + 120
        with Client(address, timeout=120) as client:
            while not client.scheduler_info()["workers"] and time.monotonic() < deadline:
                time.sleep(0.2)
            assert client.scheduler_info()["workers"], "the worker did not join the scheduler"
        warehouse = _run(tmp_path, "remote", dask_address=address, dask_min_articles=1)
        assert warehouse_checksums(warehouse) == single
    finally:
        for proc in (worker, scheduler):
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    shutil.rmtree(tmp_path / "worker", ignore_errors=True)
