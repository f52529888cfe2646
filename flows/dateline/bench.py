"""`make bench`: time `dateline run` over a corpus, cold, then with nothing new, then with one new
file in another inbox (a run's fixed cost), beside the peer floor (``bench_floor``: read, parse the
header, pandas -> DuckDB) on the same files; then three `dateline backfill --all` over everything
it loaded, with the warehouse file's size after each, and the publication of the snapshot.
``--quick`` skips the backfills; ``--scale`` also runs the floor and a cold run on a 10x corpus
(``bench_corpus``). Wall time and the peak RSS of the process tree; parse + extract on 1 and 2
local Dask workers (``bench_dask``)."""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from dateline import bench_dask

TARGETS = {"cold": 60.0, "nothing_new": 3.0, "one_file": 8.0}
RSS_TARGET_MB = 1536
SCALE_TARGETS = {"wall": 240.0, "rss_mb": 1229.0, "rss_ratio": 1.3, "new_ratio": 1.3}  # issue 11: 4 min, 1.2 GB, 1.3x
BACKFILLS = 3


OWN_PEAKS: dict[str, float] = {}  # the command's own peak RSS (MB), by the command line's first arguments


def _timed_run(args: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB and exit code of one command. The peak is the process tree's:
    the command, its Dask workers and its Prefect server, summed, sampled every 50 ms (and never
    below the command's own peak as the kernel counts it, which is kept in OWN_PEAKS)."""
    import psutil

    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tree_peak, root = 0, psutil.Process(proc.pid)
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        total = 0
        with contextlib.suppress(psutil.Error):
            for member in [root, *root.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += member.memory_info().rss
        tree_peak = max(tree_peak, total)
        time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    own_peak = usage.ru_maxrss * 1024
    OWN_PEAKS["last"] = own_peak / 2**20
    return time.perf_counter() - start, max(tree_peak, own_peak) / 2**20, proc.returncode


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


def _floor(corpus: Path, warehouse: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS of the peer floor over ``corpus``."""
    wall, rss, code = _timed_run([sys.executable, "-m", "dateline.bench_floor", "--inbox", str(corpus), "--warehouse", str(warehouse)], env)
    if code != 0:
        raise SystemExit(f"bench: the floor script exited {code}")
    return wall, rss


def _row(label: str, wall: float, rss: float, run: dict | None = None) -> None:
    if run is None:
        print(f"{label:<12} {wall:>7.1f} {rss:>8.0f}")
        return
    stages = " ".join(f"{k}={v:.2f}" for k, v in run["stages"].items())
    other = wall - sum(run["stages"].values())
    print(
        f"{label:<12} {wall:>7.1f} {rss:>8.0f} {run['files_loaded']:>7} {run['files_duplicate']:>5} "
        f"{run['files_quarantined']:>5}  {stages} other={other:.2f} (own peak {OWN_PEAKS.get('last', 0):.0f} MB)"
    )


def _megabytes(path: Path) -> float:
    return path.stat().st_size / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--quick", action="store_true", help="skip the backfills")
    parser.add_argument("--scale", action="store_true", help="also run the floor and a cold run on a 10x copy of the corpus")
    parser.add_argument(
        "--scale-corpus", type=Path, default=None, metavar="DIR",
        help="where the 10x corpus is written, or reused if complete (default: a temporary folder, removed after)",
    )
    options = parser.parse_args(argv)
    if not options.corpus.is_dir():
        print(f"bench: corpus {options.corpus} not found; nothing to measure")
        return 0
    dateline = str(Path(sys.executable).with_name("dateline"))
    failures = 0
    print(
        "figures are wall time and peak RSS of the whole process tree (the run, its Dask workers, its Prefect server) "
        "on this machine as it is now: compare ratios when it is busy; 'other' is the wall time outside the stages the "
        "run's own process timed (start-up, Prefect, reports, snapshot), and stages overlap when extraction is on Dask"
    )
    with tempfile.TemporaryDirectory(prefix="dateline-bench-") as tmp:
        warehouse = Path(tmp) / "warehouse.duckdb"
        env = {**os.environ, "PREFECT_HOME": str(Path(tmp) / "prefect")}
        args = [dateline, "run", "--inbox", str(options.corpus), "--warehouse", str(warehouse), "--reports", str(Path(tmp) / "reports")]
        _timed_run([dateline, "sql", "--warehouse", str(warehouse), "select 1"], env)  # warm the imports
        print(f"corpus: {options.corpus}")
        print(f"{'run':<12} {'wall s':>7} {'peak MB':>8} {'loaded':>7} {'dup':>5} {'quar':>5}  stages (s)")
        floor_wall, floor_rss = _floor(options.corpus, Path(tmp) / "floor.duckdb", env)
        _row("floor", floor_wall, floor_rss)
        one = Path(tmp) / "one"
        one.mkdir()
        (one / "99999_00000000000000aa.txt").write_text(" date 1987-10-20 ONE MORE STORY\n\nTalks went on in Tokyo.\n", encoding="utf-8")
        os.utime(one / "99999_00000000000000aa.txt", (time.time() - 3600, time.time() - 3600))
        runs = {"cold": args, "nothing_new": args, "one_file": [*args[:3], str(one), *args[4:]]}
        measured = {}
        for label, run_args in runs.items():
            wall, rss, code = _timed_run(run_args, env)
            if code != 0:
                print(f"{label}: dateline run exited {code}")
                return 1
            run = _last_run(warehouse)
            measured[label] = (wall, rss, run["files_loaded"])
            _row(label, wall, rss, run)
            ok = wall <= TARGETS[label] and rss <= RSS_TARGET_MB
            failures += not ok
            print(f"{'':<12} target: wall <= {TARGETS[label]:.0f} s, peak <= {RSS_TARGET_MB} MB: {'met' if ok else 'MISSED'}")
        cold_wall, cold_rss, cold_loaded = measured["cold"]
        articles = run["articles"]
        hundred = _hundred_new(options.corpus, Path(tmp) / "hundred", [*args[:3], "INBOX", *args[4:]], env)
        if hundred is None:
            return 1
        print(f"cold / floor: {cold_wall / floor_wall:.1f}x the wall time, {cold_rss / floor_rss:.1f}x the peak RSS")
        print(f"articles in the warehouse: {articles}; warehouse file {_megabytes(warehouse):.1f} MB")
        if not options.quick:
            for number in range(1, BACKFILLS + 1):
                wall, rss, code = _timed_run([dateline, "backfill", "--all", *args[4:]], env)
                if code != 0:
                    print(f"backfill: dateline backfill exited {code}")
                    return 1
                run = _last_run(warehouse)
                stages = " ".join(f"{k}={v:.2f}" for k, v in run["stages"].items())
                print(
                    f"backfill --all #{number}: {wall:.1f} s wall, {rss:.0f} MB peak, {run['rederived']} article versions "
                    f"re-derived; warehouse file {_megabytes(warehouse):.1f} MB; {stages}"
                )
        whole, run_only, size = _time_snapshot(warehouse)
        print(f"snapshot: {size:.0f} MB written in DuckDB 1.5's format and renamed in {whole:.2f} s; "
              f"a nothing-new run's (its run table only) in {run_only:.2f} s")
        for label, wall, mentions in bench_dask.measure(options.corpus):
            print(f"parse + extract, {label}: {wall:.1f} s ({mentions} mentions)")
        if options.scale:
            failures += _scale(options, dateline, Path(tmp), env, (cold_wall, cold_rss, articles, cold_loaded), hundred)
    return 1 if failures else 0


def _hundred_new(corpus: Path, inbox: Path, args: list[str], env: dict[str, str]) -> tuple[Path, float, float] | None:
    """Time a run of 100 new files (the first 100 of the corpus as a copy of their own) into the
    warehouse of ``args``; the folder, wall seconds and peak RSS, or None if the run failed."""
    from dateline.bench_corpus import sample

    if not inbox.is_dir():
        sample(corpus, inbox, 100, copy=11)
    wall, rss, code = _timed_run([inbox.as_posix() if a == "INBOX" else a for a in args], env)
    if code != 0:
        print(f"100 new files: dateline run exited {code}")
        return None
    warehouse = Path(args[args.index("--warehouse") + 1])
    _row("100 new", wall, rss, _last_run(warehouse))
    return inbox, wall, rss


def _scale(
    options: argparse.Namespace, dateline: str, tmp: Path, env: dict[str, str], base: tuple[float, float, int, int],
    hundred: tuple[Path, float, float],
) -> int:
    """The floor and a cold run on the 10x corpus; 1 if a target is missed."""
    from dateline.bench_corpus import generate

    corpus = options.scale_corpus or tmp / "x10"
    start = time.perf_counter()
    files = generate(options.corpus, corpus)
    print(f"scale corpus: {files} files under {corpus} (ready in {time.perf_counter() - start:.0f} s)")
    floor_wall, floor_rss = _floor(corpus, tmp / "floor10.duckdb", env)
    _row("floor 10x", floor_wall, floor_rss)
    warehouse = tmp / "warehouse10.duckdb"
    run_args = [dateline, "run", "--inbox", str(corpus), "--warehouse", str(warehouse), "--reports", str(tmp / "reports10")]
    wall, rss, code = _timed_run(run_args, env)
    if code != 0:
        print(f"cold 10x: dateline run exited {code}")
        return 1
    run = _last_run(warehouse)
    _row("cold 10x", wall, rss, run)
    base_wall, base_rss, base_articles, base_loaded = base
    ok = wall <= SCALE_TARGETS["wall"] and rss <= SCALE_TARGETS["rss_mb"] and rss <= SCALE_TARGETS["rss_ratio"] * base_rss
    inbox, small_wall, small_rss = hundred
    again = _hundred_new(options.corpus, inbox, [*run_args[:3], "INBOX", *run_args[4:]], env)
    if again is None:
        return 1
    _, big_wall, big_rss = again
    ok_new = big_wall <= SCALE_TARGETS["new_ratio"] * small_wall
    print(
        f"{'':<12} 100 new files into the 10x warehouse: {big_wall / small_wall:.2f}x the time and {big_rss / small_rss:.2f}x "
        f"the peak RSS of the same files into the 1x warehouse (target <= {SCALE_TARGETS['new_ratio']}x the time): "
        f"{'met' if ok_new else 'MISSED'}"
    )
    ok = ok and ok_new
    print(
        f"{'':<12} target: wall <= {SCALE_TARGETS['wall']:.0f} s, peak <= {SCALE_TARGETS['rss_mb']:.0f} MB and "
        f"<= {SCALE_TARGETS['rss_ratio']}x the cold peak: {'met' if ok else 'MISSED'}"
    )
    print(
        f"cold 10x / cold: {wall / base_wall:.1f}x the wall time for {run['articles'] / max(base_articles, 1):.1f}x the articles, "
        f"{rss / base_rss:.2f}x the peak RSS; cold 10x / floor 10x: {wall / floor_wall:.1f}x"
    )
    # the marginal cost of a file: the slopes between the two cold runs (their fixed costs cancel)
    extra_files = run["files_loaded"] - base_loaded
    slope = (wall - base_wall) / extra_files if extra_files > 0 else wall / max(run["files_loaded"], 1)
    rss_slope = (rss - base_rss) / extra_files if extra_files > 0 else 0.0  # MB per file
    million = base_wall + slope * (1_000_000 - base_loaded)
    flat = rss <= SCALE_TARGETS["rss_ratio"] * base_rss
    at_million = (base_rss + rss_slope * (1_000_000 - base_loaded)) / 1024
    memory = (
        f"flat ({rss / base_rss:.2f}x the 1x peak), so about {rss:.0f} MB"
        if flat else f"growing {rss_slope * 1024:.1f} KB per file, so about {at_million:.1f} GB"
    )
    print(
        f"1M files, extrapolated (not measured) from the slopes between the two cold runs: {slope * 1000:.2f} ms per file, "
        f"{million / 60:.0f} min; peak RSS {memory}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
