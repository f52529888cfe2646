"""The whole ingest flow under prefect_test_harness, on a temporary warehouse."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from conftest import PROJECT, article, write_file
from dateline.ingest import ingest

A = article(
    "2024-03-25",
    "Cambodia and China agreed to expand military cooperation on Monday. Officials met in Phnom Penh.",
    "Deepening Strategic Partnerships",
    "General Mao Sophan said training would begin next month.",
)
B = article("2024-03-27", "Thailand hosted ASEAN defence ministers in Bangkok. The talks lasted two days.", "Analysts expect more meetings.")
C = article("2024-04-02", "Vietnam and the Philippines signed a coast guard agreement. It covers the South China Sea.")

STATE_TABLES = (
    "dim_article",
    "fact_article",
    "dim_date",
    "file_manifest",
    "raw_file",
    "quarantine",
    "file_state",
    "dim_country",
    "dim_theme",
    "dim_entity",
    "fact_mention",
    "fact_article_theme",
    "fact_article_country",
)
KEYS = {
    "dim_article": "article_version_key",
    "fact_article": "article_version_key",
    "dim_date": "date_key",
    "file_manifest": "file_version_key",
    "raw_file": "sha256",
    "quarantine": "file_version_key",
    "run": "run_id",
}


def populate(inbox: Path) -> None:
    write_file(inbox, "001_aaaaaaaaaaaaaaaa.txt", A)
    write_file(inbox, "002_bbbbbbbbbbbbbbbb.txt", b"\xef\xbb\xbf" + B.replace("\n", "\r\n").encode())
    write_file(inbox, "sub/003_cccccccccccccccc.txt", C)
    write_file(inbox, "004_dddddddddddddddd.txt", A)
    write_file(inbox, "005_eeeeeeeeeeeeeeee.txt", "Cambodia and China agreed to talk.")
    write_file(inbox, "006_ffffffffffffffff.txt", " date 2024-13-45 Talks.")
    write_file(inbox, "007_0000000000000007.txt", " date 2999-01-01 Talks.")
    write_file(inbox, "008_0000000000000008.txt", " date 2024-03-25 \n")
    write_file(inbox, "009_0000000000000009.txt", " date 2024-03-25 Caf\xe9 talks.".encode("latin-1"))
    write_file(inbox, "010_0000000000000010.txt", b"")
    write_file(inbox, "011_0000000000000011.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write_file(inbox, "012_0000000000000012.txt", " date 1850-01-01 Old talks.")
    write_file(inbox, "013_0000000000000013.txt", " date 2024-03-25 … — !")
    write_file(inbox, "notes.txt", "remember the milk")
    write_file(inbox, "014_0000000000000014.txt.part", " date 2024-03-25 Half")
    write_file(inbox, "015_0000000000000015.txt", article("2024-03-25", "Still arriving."), age_seconds=0)
    write_file(inbox, "README.md", "not an article")
    write_file(inbox, ".hidden.txt", "editor swap")


EXPECTED_QUARANTINE = [
    ("005_eeeeeeeeeeeeeeee.txt", "no date line"),
    ("006_ffffffffffffffff.txt", "invalid date 2024-13-45"),
    ("007_0000000000000007.txt", "date 2999-01-01 is in the future"),
    ("008_0000000000000008.txt", "empty body"),
    ("009_0000000000000009.txt", "not UTF-8 text (byte 0xe9 at offset 20)"),
    ("010_0000000000000010.txt", "empty file (0 bytes)"),
    ("011_0000000000000011.txt", "binary data (NUL byte at offset 8)"),
    ("012_0000000000000012.txt", "failed expect_column_values_to_be_between(published_date)"),
    ("013_0000000000000013.txt", "failed expect_column_values_to_be_between(word_count)"),
    ("notes.txt", "file name 'notes.txt' does not match NNN_HHHHHHHHHHHHHHHH.txt"),
]


def run(ws: dict[str, Path], **kwargs):
    return ingest(
        inbox=str(ws["inbox"]),
        warehouse_path=str(ws["warehouse"]),
        reports_dir=str(ws["reports"]),
        quarantine_dir=str(ws["quarantine"]),
        settle_seconds=kwargs.pop("settle_seconds", 60),
        **kwargs,
    )


def query(ws: dict[str, Path], sql: str) -> list[tuple]:
    con = duckdb.connect(str(ws["warehouse"]), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def snapshot(ws: dict[str, Path]) -> dict[str, list[tuple]]:
    return {t: query(ws, f"select * from {t} order by all") for t in STATE_TABLES}


def inbox_listing(inbox: Path) -> list[tuple[str, bytes, int]]:
    return sorted((str(p.relative_to(inbox)), p.read_bytes(), p.stat().st_mtime_ns) for p in inbox.rglob("*") if p.is_file())


def counts(summary) -> tuple[int, ...]:
    return (
        summary.files_seen,
        summary.files_new,
        summary.files_loaded,
        summary.files_duplicate,
        summary.files_quarantined,
        summary.files_pending,
    )


@pytest.fixture
def loaded(prefect_server, workspace):
    populate(workspace["inbox"])
    before = inbox_listing(workspace["inbox"])
    summary = run(workspace)
    assert inbox_listing(workspace["inbox"]) == before, "the landing folder must never change"
    return workspace, summary


def test_first_run_loads_good_files_and_quarantines_bad_ones_with_reasons(loaded) -> None:
    ws, summary = loaded
    assert summary.status == "succeeded"
    assert counts(summary) == (14, 14, 3, 1, 10, 2)
    assert query(ws, "select file_name, published_date::varchar, title, version_no from articles order by file_name") == [
        ("001_aaaaaaaaaaaaaaaa.txt", "2024-03-25", "Cambodia and China agreed to expand military cooperation on Monday.", 1),
        ("002_bbbbbbbbbbbbbbbb.txt", "2024-03-27", "Thailand hosted ASEAN defence ministers in Bangkok.", 1),
        ("003_cccccccccccccccc.txt", "2024-04-02", "Vietnam and the Philippines signed a coast guard agreement.", 1),
    ]
    assert query(ws, "select file_name, reason from quarantined_files order by file_name") == EXPECTED_QUARANTINE
    assert query(ws, "select file_name, outcome, reason from ingested_files where outcome <> 'quarantined' order by file_name") == [
        ("001_aaaaaaaaaaaaaaaa.txt", "loaded", None),
        ("002_bbbbbbbbbbbbbbbb.txt", "loaded", "byte-order mark removed; CR line endings converted to LF"),
        ("003_cccccccccccccccc.txt", "loaded", None),
        ("004_dddddddddddddddd.txt", "duplicate", "same text as 001_aaaaaaaaaaaaaaaa.txt"),
    ]


def test_body_is_the_text_after_the_header_without_bom_or_cr(loaded) -> None:
    ws, _ = loaded
    bodies = dict(query(ws, "select file_name, body from articles"))
    assert bodies["001_aaaaaaaaaaaaaaaa.txt"] == A[len(" date 2024-03-25 ") :]
    assert bodies["002_bbbbbbbbbbbbbbbb.txt"] == B[len(" date 2024-03-27 ") :]
    assert query(ws, "select word_count, sentence_count, paragraph_count, heading_count from articles where file_name = '001_aaaaaaaaaaaaaaaa.txt'") == [(27, 3, 2, 1)]


def test_keys_are_unique_and_the_calendar_has_no_gaps(loaded) -> None:
    ws, _ = loaded
    for table, key in KEYS.items():
        assert query(ws, f"select count(*) = count(distinct {key}) and count({key}) = count(*) from {table}") == [(True,)], table
    assert query(ws, "select min(date)::varchar, max(date)::varchar, count(*) from dim_date") == [("2024-03-25", "2024-04-02", 9)]


def test_quarantined_files_are_copied_with_their_reason(loaded) -> None:
    ws, summary = loaded
    copies = sorted(p.relative_to(ws["quarantine"] / summary.run_id).as_posix() for p in ws["quarantine"].rglob("*") if p.is_file())
    assert len(copies) == 20
    assert (ws["quarantine"] / summary.run_id / "006_ffffffffffffffff.txt.reason.txt").read_text() == "invalid date 2024-13-45\n"
    assert (ws["quarantine"] / summary.run_id / "010_0000000000000010.txt").read_bytes() == b""


def test_validation_outcomes_are_in_the_warehouse_and_in_data_docs(loaded) -> None:
    ws, summary = loaded
    assert query(ws, "select suite, expectation_type, column_name, file_name from validation_failure order by file_name") == [
        ("parsed_articles.critical", "expect_column_values_to_be_between", "published_date", "012_0000000000000012.txt"),
        ("parsed_articles.critical", "expect_column_values_to_be_between", "word_count", "013_0000000000000013.txt"),
    ]
    assert query(ws, "select suite, bool_and(success) from validation_result group by suite order by suite") == [
        ("dim_article.critical", True),
        ("dim_country.critical", True),
        ("dim_date.critical", True),
        ("dim_entity.critical", True),
        ("dim_theme.critical", True),
        ("fact_article.critical", True),
        ("fact_article_country.critical", True),
        ("fact_article_theme.critical", True),
        ("fact_mention.critical", True),
        ("file_manifest.critical", True),
        ("parsed_articles.critical", False),
        ("reconcile.critical", True),
    ]
    assert summary.report_path == str(ws["reports"] / "data_docs" / "index.html")
    assert Path(summary.report_path).is_file()
    assert (ws["reports"] / "runs" / f"{summary.run_id}.md").read_text().startswith(f"# Dateline run `{summary.run_id}`: succeeded")
    assert query(ws, "select status, files_loaded, files_quarantined, validation_success from run") == [("succeeded", 3, 10, True)]


def test_a_second_run_changes_nothing(loaded) -> None:
    ws, _ = loaded
    before = snapshot(ws)
    again = run(ws)
    assert counts(again) == (14, 0, 0, 0, 0, 2)
    assert snapshot(ws) == before
    assert query(ws, "select count(*), count(distinct status) from run") == [(2, 1)]
    assert query(ws, "select status, files_new, files_loaded, validation_success from runs") == [
        ("succeeded", 0, 0, True),
        ("succeeded", 14, 3, True),
    ]


def test_a_touched_but_unchanged_file_is_not_new(loaded) -> None:
    ws, _ = loaded
    write_file(ws["inbox"], "001_aaaaaaaaaaaaaaaa.txt", A, age_seconds=120)
    again = run(ws)
    assert counts(again) == (14, 0, 0, 0, 0, 2)
    assert query(ws, "select count(*) from dim_article") == [(3,)]


def test_a_changed_file_becomes_a_new_version(loaded) -> None:
    ws, _ = loaded
    changed = A.replace("on Monday", "on Tuesday")
    write_file(ws["inbox"], "001_aaaaaaaaaaaaaaaa.txt", changed, age_seconds=120)
    again = run(ws)
    assert counts(again) == (14, 1, 1, 0, 0, 2)
    assert query(ws, "select version_no, title from articles where file_name = '001_aaaaaaaaaaaaaaaa.txt'") == [
        (2, "Cambodia and China agreed to expand military cooperation on Tuesday.")
    ]
    assert query(ws, "select article_version_key from dim_article where file_name = '001_aaaaaaaaaaaaaaaa.txt' order by 1") == [
        ("001_aaaaaaaaaaaaaaaa-v1",),
        ("001_aaaaaaaaaaaaaaaa-v2",),
    ]
    assert query(ws, "select count(*) from articles") == [(3,)]


def test_a_broken_new_version_is_quarantined_and_the_good_one_stays_current(loaded) -> None:
    ws, _ = loaded
    write_file(ws["inbox"], "001_aaaaaaaaaaaaaaaa.txt", " date 2024-02-30 Corrupted.", age_seconds=120)
    again = run(ws)
    assert (again.files_loaded, again.files_quarantined) == (0, 1)
    assert query(ws, "select version_no, title from articles where file_name = '001_aaaaaaaaaaaaaaaa.txt'") == [
        (1, "Cambodia and China agreed to expand military cooperation on Monday.")
    ]
    assert query(ws, f"select reason from quarantined_files where run_id = '{again.run_id}'") == [("invalid date 2024-02-30",)]


def test_a_failing_post_load_suite_fails_the_run_and_rolls_everything_back(prefect_server, workspace, tmp_path) -> None:
    populate(workspace["inbox"])
    run(workspace)
    before = snapshot(workspace)
    expectations = tmp_path / "expectations"
    shutil.copytree(PROJECT / "expectations", expectations)
    suite_path = expectations / "fact_article" / "critical.json"
    suite = json.loads(suite_path.read_text())
    suite["expectations"].append(
        {"type": "expect_column_values_to_be_between", "kwargs": {"column": "word_count", "max_value": 20}, "meta": {}}
    )
    suite_path.write_text(json.dumps(suite))
    write_file(workspace["inbox"], "020_0000000000000020.txt", article("2024-04-05", "Laos opened a new bridge. " * 10))

    state = run(workspace, expectations_dir=str(expectations), return_state=True)

    assert state.is_failed()
    summary = state.result(raise_on_failure=False)
    assert summary.status == "failed"
    assert summary.error == "PostLoadValidationError: post-load validation failed (fact_article.critical); the run was rolled back"
    assert snapshot(workspace) == before
    assert query(workspace, f"select status, error from run where run_id = '{summary.run_id}'") == [("failed", summary.error)]
    assert query(
        workspace,
        f"select expectation_type, element_count, unexpected_count from validation_result where run_id = '{summary.run_id}' and not success",
    ) == [("expect_column_values_to_be_between", 1, 1)]  # the post-load suites check what this load wrote: the new article
