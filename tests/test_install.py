"""`pip install` of the built wheel gives a `dateline` that works from any folder: sql/, expectations/
and the default seeds ship inside the package."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import PROJECT, article, write_file

VENV_BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv outside the repository with only the wheel installed; its dependencies are
    borrowed from the test venv by path (a .pth line), so nothing is downloaded."""
    root = tmp_path_factory.mktemp("install")
    wheels = root / "wheels"
    build = subprocess.run(
        [str(VENV_BIN / "pip"), "wheel", "--no-deps", "-q", "-w", str(wheels), str(PROJECT)],
        capture_output=True, text=True, timeout=600, cwd=root,
    )
    if build.returncode != 0:
        pytest.skip(f"cannot build the wheel here: {build.stderr.strip().splitlines()[-1:]}")
    (wheel,) = wheels.glob("dateline-*.whl")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    site = Path(subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip())
    (site / "borrowed-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    (root / "packaged").symlink_to(site / "dateline" / "_project")
    (venv / "bin" / "dateline").write_text(
        f"#!{venv / 'bin' / 'python'}\nimport sys\nfrom dateline.cli import entry\nentry()\n", encoding="utf-8"
    )
    (venv / "bin" / "dateline").chmod(0o755)
    return venv


def test_the_wheel_carries_the_project_files(installed) -> None:
    packaged = installed.parent / "packaged"
    for name in ("sql/tables/run.sql", "sql/migrations/001_run_backfill_columns.sql", "expectations/parsed_articles/critical.json",
                 "seeds/themes.csv", "seeds/articles/001_7b111cd465cf5e84.txt"):
        assert (packaged / name).is_file(), name


def test_an_installed_dateline_runs_from_an_empty_folder(installed, tmp_path) -> None:
    work = tmp_path / "empty"
    work.mkdir()
    inbox = tmp_path / "landing"
    write_file(inbox, "001_aaaaaaaaaaaaaaaa.txt", article("2024-03-25", "Cambodia and Japan held talks in Phnom Penh."))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATELINE_", "PREFECT_HOME"))}
    env["PREFECT_LOGGING_LEVEL"] = "ERROR"
    dateline = str(installed / "bin" / "dateline")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([dateline, *args], capture_output=True, text=True, timeout=600, cwd=work, env=env)

    where = subprocess.run(
        [str(installed / "bin" / "python"), "-c", "import dateline.settings as s; print(s.PROJECT_ROOT)"],
        capture_output=True, text=True, cwd=work, env=env,
    )
    assert where.stdout.strip().endswith("site-packages/dateline/_project")
    done = run("run", "--inbox", str(inbox), "--settle", "0")
    assert done.returncode == 0, done.stderr
    assert "  loaded                1" in done.stdout.splitlines()
    assert (work / "data" / "warehouse.duckdb").is_file()
    done = run("sql", "--format", "csv", "select file_name, published_date from articles")
    assert (done.returncode, done.stdout, done.stderr) == (0, "file_name,published_date\n001_aaaaaaaaaaaaaaaa.txt,2024-03-25\n", "")
    done = run("status")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "Warehouse:  data/warehouse.duckdb"
    done = run("backfill", "--all")
    assert done.returncode == 0, done.stderr
    assert "  re-derived            1" in done.stdout.splitlines()
    shutil.rmtree(work / "data")
