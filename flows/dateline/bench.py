"""`make bench`: time `dateline run` over a corpus, cold, then with nothing new, then with one new
file in another inbox (a run's fixed cost); then `dateline backfill --all` over everything it loaded,
and the publication of the snapshot. Whole-process wall time and peak RSS."""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

TARGETS = {"cold": 60.0, "nothing_new": 3.0, "one_file": 8.0}
RSS_TARGET_MB = 1536


def _timed_run(args: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB and exit code of one `dateline run`."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, proc.returncode


def _last_run(warehouse: Path) -> dict:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        row = con.execute(
            "select files_seen, files_new, files_loaded, files_duplicate, files_quarantined, stage_seconds_json, articles_rederived "
            "from run order by started_at desc limit 1"
        ).fetchone()
        articles = con.execute("select count(*) from articles").fetchone()[0]
    finally:
        con.close()
    keys = ("files_seen", "files_new", "files_loaded", "files_duplicate", "files_quarantined")
    return {
        **dict(zip(keys, row[:5], strict=True)),
        "articles": articles,
        "stages": json.loads(row[5] or "{}"),
        "rederived": row[6],
    }


def _time_snapshot(warehouse: Path) -> tuple[float, float, float]:
    """Seconds to publish the snapshot of ``warehouse`` again (a whole copy), then as a nothing-new
    run does (only ``run`` changed), and the snapshot's size in MB."""
    from dateline.snapshot import publish

    con = duckdb.connect(str(warehouse))
    try:
        start = time.perf_counter()
        target = publish(con, warehouse)
        whole = time.perf_counter() - start
        start = time.perf_counter()
        publish(con, warehouse, changed=("run",))
        return whole, time.perf_counter() - start, target.stat().st_size / 2**20
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, required=True)
    options = parser.parse_args(argv)
    if not options.corpus.is_dir():
        print(f"bench: corpus {options.corpus} not found; nothing to measure")
        return 0
    dateline = str(Path(sys.executable).with_name("dateline"))
    failures = 0
    with tempfile.TemporaryDirectory(prefix="dateline-bench-") as tmp:
        warehouse = Path(tmp) / "warehouse.duckdb"
        env = {**os.environ, "PREFECT_HOME": str(Path(tmp) / "prefect")}
        args = [dateline, "run", "--inbox", str(options.corpus), "--warehouse", str(warehouse), "--reports", str(Path(tmp) / "reports")]
        _timed_run([dateline, "sql", "--warehouse", str(warehouse), "select 1"], env)  # warm the imports
        print(f"corpus: {options.corpus}")
        print(f"{'run':<12} {'wall s':>7} {'peak MB':>8} {'loaded':>7} {'dup':>5} {'quar':>5}  stages (s)")
        one = Path(tmp) / "one"
        one.mkdir()
        (one / "99999_00000000000000aa.txt").write_text(" date 1987-10-20 ONE MORE STORY\n\nTalks went on in Tokyo.\n", encoding="utf-8")
        os.utime(one / "99999_00000000000000aa.txt", (time.time() - 3600, time.time() - 3600))
        runs = {"cold": args, "nothing_new": args, "one_file": [*args[:3], str(one), *args[4:]]}
        for label, run_args in runs.items():
            wall, rss, code = _timed_run(run_args, env)
            if code != 0:
                print(f"{label}: dateline run exited {code}")
                return 1
            run = _last_run(warehouse)
            stages = " ".join(f"{k}={v:.2f}" for k, v in run["stages"].items())
            other = wall - sum(run["stages"].values())
            print(
                f"{label:<12} {wall:>7.1f} {rss:>8.0f} {run['files_loaded']:>7} {run['files_duplicate']:>5} "
                f"{run['files_quarantined']:>5}  {stages} prefect+startup={other:.2f}"
            )
            ok = wall <= TARGETS[label] and rss <= RSS_TARGET_MB
            failures += not ok
            print(f"{'':<12} target: wall <= {TARGETS[label]:.0f} s, peak <= {RSS_TARGET_MB} MB: {'met' if ok else 'MISSED'}")
        print(f"articles in the warehouse: {run['articles']}")
        wall, rss, code = _timed_run([dateline, "backfill", "--all", *args[4:]], env)
        if code != 0:
            print(f"backfill: dateline backfill exited {code}")
            return 1
        run = _last_run(warehouse)
        stages = " ".join(f"{k}={v:.2f}" for k, v in run["stages"].items())
        print(f"backfill --all: {wall:.1f} s wall, {rss:.0f} MB peak, {run['rederived']} article versions re-derived; {stages}")
        whole, run_only, size = _time_snapshot(warehouse)
        print(f"snapshot: {size:.0f} MB written in DuckDB 1.5's format and renamed in {whole:.2f} s; "
              f"a nothing-new run's (its run table only) in {run_only:.2f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
