"""Dateline's own reports: every run's validation page and the run report with its charts, built
from a real warehouse after real runs, and rendered by a real headless Chromium with no network."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from conftest import article, write_file
from dateline.cli import main
from dateline.ingest import ingest

A = article("2024-03-25", "Cambodia and China agreed to expand military cooperation. Officials met in Phnom Penh.")
B = article("2024-03-27", "Thailand hosted ASEAN defence ministers in Bangkok. The talks lasted two days.")
C = article("2024-03-28", "Vietnam and the Philippines signed a coast guard agreement. It covers the South China Sea.")
TOO_OLD = article("1850-01-01", "Old news from the archive.")  # parses, then fails parsed_articles.critical
CHARTS = (
    "chart-runs",
    "chart-quarantine",
    "chart-articles-per-day",
    "chart-top-entities",
    "chart-top-countries",
    "chart-theme-trend",
    "chart-tone-by-country",
    "chart-validation",
)
POST_LOAD_SUITES = 11


class _Tables(HTMLParser):
    """The text of every cell of every table with an id: id -> rows -> cells."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "table":
            self._table = dict(attrs).get("id")
            if self._table:
                self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None
        elif tag in ("td", "th") and self._table and self._cell is not None:
            self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def query(warehouse: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def two_runs(prefect_server, tmp_path_factory) -> dict[str, object]:
    """A run that loads 3 files, finds 1 duplicate and quarantines 2 (one by the parser, one by the
    pre-load suite), then a `dateline run` with nothing new."""
    root = tmp_path_factory.mktemp("report")
    inbox, warehouse, reports = root / "inbox", root / "data" / "warehouse.duckdb", root / "data" / "reports"
    write_file(inbox, "001_aaaaaaaaaaaaaaaa.txt", A)
    write_file(inbox, "002_bbbbbbbbbbbbbbbb.txt", B)
    write_file(inbox, "003_cccccccccccccccc.txt", C)
    write_file(inbox, "004_dddddddddddddddd.txt", A)
    write_file(inbox, "005_eeeeeeeeeeeeeeee.txt", TOO_OLD)
    write_file(inbox, "006_ffffffffffffffff.txt", "no date here")
    first = ingest(inbox=inbox, warehouse_path=warehouse, reports_dir=reports, settle_seconds=0)
    assert (first.status, first.files_loaded, first.files_duplicate, first.files_quarantined) == ("succeeded", 3, 1, 2)
    code = main(["run", "--inbox", str(inbox), "--warehouse", str(warehouse), "--reports", str(reports), "--settle", "0"])
    assert code == 0
    ((second,),) = query(warehouse, "select run_id from run where status = 'nothing_new'")
    return {"inbox": inbox, "warehouse": warehouse, "reports": reports, "first": first.run_id, "second": second, "root": root}


def test_a_run_that_quarantined_a_file_failed_validation_and_a_nothing_new_run_was_not_run(two_runs) -> None:
    assert query(two_runs["warehouse"], "select run_id, status, validation_success, validation from runs") == [
        (two_runs["second"], "nothing_new", None, "not run"),
        (two_runs["first"], "succeeded", False, "failed"),
    ]
    assert query(
        two_runs["warehouse"],
        "select suite, expectation_type, column_name, failed_value, file_name from validation_failure",
    ) == [
        (
            "parsed_articles.critical", "expect_column_values_to_be_between", "published_date", "1850-01-01",
            "005_eeeeeeeeeeeeeeee.txt",
        )
    ]
    assert query(two_runs["warehouse"], "select file_name, reason from quarantined_files order by file_name") == [
        ("005_eeeeeeeeeeeeeeee.txt",
         "failed expect_column_values_to_be_between(published_date): 1850-01-01 not in [1900-01-01, 2100-12-31]"),
        ("006_ffffffffffffffff.txt", "no date line"),
    ]


def test_the_validation_index_lists_every_run_newest_first(two_runs) -> None:
    page = (two_runs["reports"] / "validation" / "index.html").read_text(encoding="utf-8")
    rows = tables(page)["runs"]
    assert [row[1:] for row in rows] == [
        ["run", "flow", "status", "validation", "expectations", "failed", "quarantined"],
        [two_runs["second"], "ingest", "nothing_new", "not run", "0", "0", "0"],
        [two_runs["first"], "ingest", "succeeded", "failed", "95", "1", "2"],
    ]
    for run_id in (two_runs["first"], two_runs["second"]):
        assert f'href="{run_id}.html"' in page
        assert (two_runs["reports"] / "validation" / f"{run_id}.html").is_file()
    assert "<script" not in page and "http" not in page


def test_a_failed_expectation_shows_its_parameters_the_failing_value_and_its_file(two_runs) -> None:
    page = (two_runs["reports"] / "validation" / f"{two_runs['first']}.html").read_text(encoding="utf-8")
    found = tables(page)
    assert found["run-counts"] == [
        ["flow", "dateline-ingest"], ["started", found["run-counts"][1][1]], ["finished", found["run-counts"][2][1]],
        ["status", "succeeded"], ["new or changed files", "6"], ["loaded", "3"], ["duplicate", "1"], ["quarantined", "2"],
        ["expectations evaluated", "95"], ["expectations failed", "1"],
    ]
    assert found["quarantined"] == [
        ["file", "stage", "reason"],
        ["005_eeeeeeeeeeeeeeee.txt", "validate",
         "failed expect_column_values_to_be_between(published_date): 1850-01-01 not in [1900-01-01, 2100-12-31]"],
        ["006_ffffffffffffffff.txt", "parse", "no date line"],
    ]
    failure_tables = [name for name in found if name.startswith("failures-")]
    assert failure_tables == ["failures-parsed_articles.critical-8"]
    assert found["failures-parsed_articles.critical-8"][1][:2] == ["1850-01-01", "005_eeeeeeeeeeeeeeee.txt"]
    assert len(found["failures-parsed_articles.critical-8"]) == 2
    assert "Failed: expect_column_values_to_be_between(published_date)" in page
    assert 'max_value=&quot;2100-12-31&quot;, min_value=&quot;1900-01-01&quot;' in page
    assert "; 1 of 5 rows failed" in page
    assert page.count('class="failed">failed</span></h2>') == 1  # parsed_articles.critical only
    assert page.count('class="passed">passed</span></h2>') == POST_LOAD_SUITES


def test_a_nothing_new_run_has_a_page_that_says_not_run(two_runs) -> None:
    page = (two_runs["reports"] / "validation" / f"{two_runs['second']}.html").read_text(encoding="utf-8")
    assert 'Validation: <span class="not-run">not run</span> (no expectation was evaluated)' in page
    assert "<p>No expectation was evaluated in this run.</p>" in page


def test_the_run_report_holds_every_chart_as_inline_svg_and_links_each_run(two_runs) -> None:
    page = (two_runs["reports"] / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<svg id="([^"]+)"', page) == list(CHARTS)
    assert "<script" not in page and "<link" not in page and "<img" not in page
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert f'xlink:href="validation/{two_runs["first"]}.html"' in page  # the run's bar links to its page
    suites = tables(page)["suite-outcomes"]
    assert suites[0] == ["suite", "runs passed", "runs failed", "last failing run"]
    assert ["parsed_articles.critical", "0", "1", two_runs["first"]] in suites
    assert ["dim_article.critical", "1", "0", "-"] in suites
    assert len(suites) == 1 + 1 + POST_LOAD_SUITES
    assert "3 current articles." in page
    assert "1 run when this report was built" in page  # the nothing-new run left the charts as they were


def test_dateline_report_rebuilds_every_page(two_runs, capsys) -> None:
    reports = two_runs["root"] / "rebuilt"
    code = main(["report", "--warehouse", str(two_runs["warehouse"]), "--reports", str(reports), "--live"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert out == (
        f"Run report:        {reports / 'index.html'}\n"
        f"Validation report: {reports / 'validation' / 'index.html'} (2 runs, one page each)\n"
    )
    assert sorted(p.name for p in (reports / "validation").iterdir()) == sorted(
        ["index.html", f"{two_runs['first']}.html", f"{two_runs['second']}.html"]
    )
    page = (reports / "validation" / f"{two_runs['first']}.html").read_text(encoding="utf-8")
    assert page == (two_runs["reports"] / "validation" / f"{two_runs['first']}.html").read_text(encoding="utf-8")


def test_a_report_that_cannot_be_built_is_logged_and_the_run_succeeds(prefect_server, workspace, caplog) -> None:
    (workspace["reports"] / "index.html").mkdir(parents=True)  # the report cannot replace a folder
    write_file(workspace["inbox"], "001_aaaaaaaaaaaaaaaa.txt", A)
    summary = ingest(inbox=workspace["inbox"], warehouse_path=workspace["warehouse"], reports_dir=workspace["reports"], settle_seconds=0)
    assert (summary.status, summary.files_loaded) == ("succeeded", 1)
    assert query(workspace["warehouse"], "select status, validation from runs") == [("succeeded", "passed")]
    assert any(r.getMessage().startswith("the run report was not built: IsADirectoryError") for r in caplog.records)


# --- a real browser, no network ----------------------------------------------------------------


def _chromium() -> str:
    """Debian's chromium, installed when missing (as root); the test is skipped when it cannot be."""
    for name in ("chromium", "chromium-browser"):
        if found := shutil.which(name):
            return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("chromium is not installed and cannot be (apt-get as root)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
        if done.returncode != 0:
            pytest.skip(f"chromium could not be installed: {' '.join(command)}: {done.stderr.strip()[-300:]}")
    return shutil.which("chromium") or pytest.skip("chromium installed, but not found on PATH")


def render(page: Path, tmp: Path, name: str) -> str:
    """The DOM of ``page`` after Chromium rendered it with no network (in a network namespace of
    its own where one can be made), and a screenshot saved as ``tmp/<name>.png``."""
    browser = _chromium()
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
        f"--user-data-dir={tmp / 'chromium'}", "--window-size=1200,4200",
    ]
    offline = ["unshare", "--net"] if shutil.which("unshare") and subprocess.run(
        ["unshare", "--net", "true"], capture_output=True, check=False
    ).returncode == 0 else []
    shot = subprocess.run(
        [*offline, browser, *flags, f"--screenshot={tmp / f'{name}.png'}", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert shot.returncode == 0, shot.stderr[-1000:]
    assert (tmp / f"{name}.png").stat().st_size > 10_000
    dom = subprocess.run([*offline, browser, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120, check=False)
    assert dom.returncode == 0, dom.stderr[-1000:]
    return dom.stdout


def test_chromium_offline_renders_the_run_report_with_every_chart_and_the_validation_index(two_runs, tmp_path) -> None:
    code = main(["report", "--warehouse", str(two_runs["warehouse"]), "--reports", str(tmp_path / "reports"), "--live"])
    assert code == 0
    dom = render(tmp_path / "reports" / "index.html", tmp_path, "report")
    assert re.findall(r'<svg id="([^"]+)"', dom) == list(CHARTS)
    for chart in CHARTS:
        assert f'<figure data-chart="{chart}"><figcaption>' in dom
    assert "2 runs when this report was built; the latest started" in dom
    assert "3 current articles." in dom
    assert ">no date line<" in dom  # a reason of the quarantine chart
    assert ">failed expect_column_values_to_be_between(published_date)<" in dom
    assert ["parsed_articles.critical", "0", "1", two_runs["first"]] in tables(dom)["suite-outcomes"]

    dom = render(tmp_path / "reports" / "validation" / "index.html", tmp_path, "validation")
    runs = tables(dom)["runs"]
    assert [row[1] for row in runs[1:]] == [two_runs["second"], two_runs["first"]]
    assert [row[4] for row in runs[1:]] == ["not run", "failed"]


def test_the_readme_report_example_is_what_dateline_report_prints(two_runs, capsys, monkeypatch) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    (shown,) = re.findall(r"```console\n\$ \.venv/bin/dateline report\n(.*?)```", readme, re.S)
    for name in ("DATELINE_WAREHOUSE", "DATELINE_REPORTS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(two_runs["root"])  # data/warehouse.duckdb and data/reports, the defaults
    assert main(["report"]) == 0
    assert capsys.readouterr().out == shown
