from __future__ import annotations

import datetime as dt
import json
import socket
import time
from pathlib import Path

import great_expectations as gx
import numpy as np
import pandas as pd
import pytest

from dateline import validate as validate_module
from dateline.validate import (
    SuiteOutcome,
    Validator,
    failures_frame,
    load_suite,
    outcomes_frame,
    suite_json,
    write_suite,
)

E = gx.expectations
FILE_RE = r"^\d+_[0-9a-f]{16}\.txt$"
GOOD = "1_0123456789abcdef.txt"
DUP = "5_0123456789abcdef.txt"


def toy_suite(max_rows: int = 10) -> gx.ExpectationSuite:
    return gx.ExpectationSuite(
        name="toy.critical",
        expectations=[
            E.ExpectColumnValuesToNotBeNull(column="file_name"),
            E.ExpectColumnValuesToMatchRegex(column="file_name", regex=FILE_RE),
            E.ExpectColumnValuesToBeUnique(column="file_name"),
            E.ExpectColumnValuesToBeBetween(
                column="published_date", min_value="2000-01-01", max_value="2030-12-31"
            ),
            E.ExpectTableRowCountToBeBetween(min_value=1, max_value=max_rows),
            E.ExpectColumnPairValuesToBeEqual(column_A="source_id", column_B="name_source_id"),
        ],
        meta={"owner": "tests"},
    )


def toy_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": ["a1", "a2", "a3", "a4", "a5", "a6"],
            "file_name": [GOOD, "bad.txt", None, DUP, DUP, "6_0123456789abcdef.txt"],
            "source_id": ["s1", "s2", "s3", "s4", "s5", "s6"],
            "name_source_id": ["s1", "s2", "s3", "s4", "s5", "XX"],
            "published_date": [
                dt.date(2020, 1, 1),
                dt.date(2000, 1, 1),
                None,
                dt.date(2030, 12, 31),
                dt.date(2021, 6, 1),
                dt.date(1999, 12, 31),
            ],
            "title": ["t"] * 6,
            "body": ["b" * 5000] * 6,
        }
    )


EXPECTED = [
    ("expect_column_values_to_not_be_null", "file_name", False, 6, 1, ("a3",)),
    ("expect_column_values_to_match_regex", "file_name", False, 6, 1, ("a2",)),
    ("expect_column_values_to_be_unique", "file_name", False, 6, 2, ("a4", "a5")),
    ("expect_column_values_to_be_between", "published_date", False, 6, 1, ("a6",)),
    ("expect_table_row_count_to_be_between", None, True, None, None, ()),
    ("expect_column_pair_values_to_be_equal", "source_id,name_source_id", False, 6, 1, ("a6",)),
]


@pytest.fixture
def expectations_dir(tmp_path: Path) -> Path:
    root = tmp_path / "expectations"
    write_suite(toy_suite(), root / "toy" / "critical.json")
    return root


@pytest.fixture
def validator(expectations_dir: Path, tmp_path: Path) -> Validator:
    return Validator(expectations_dir, tmp_path / "reports")


def summary(result: SuiteOutcome) -> list[tuple]:
    return [
        (o.expectation_type, o.column, o.success, o.element_count, o.unexpected_count, o.failed_ids)
        for o in result.outcomes
    ]


def test_outcomes_are_exact(validator: Validator) -> None:
    result = validator.validate("toy", toy_frame(), id_column="article_id", run_name="run-1")
    assert result.suite == "toy.critical"
    assert result.asset == "toy"
    assert result.success is False
    assert summary(result) == EXPECTED
    row_count = result.outcomes[4]
    assert row_count.observed_value == 6
    assert row_count.kwargs == {"min_value": 1, "max_value": 10}
    assert result.outcomes[3].kwargs == {
        "column": "published_date",
        "min_value": "2000-01-01",
        "max_value": "2030-12-31",
    }
    assert result.outcomes[1].kwargs == {"column": "file_name", "regex": FILE_RE}
    assert [o.error for o in result.outcomes] == [None] * 6
    assert [o.suite for o in result.outcomes] == ["toy.critical"] * 6


def test_failed_ids_map_to_reasons(validator: Validator) -> None:
    result = validator.validate("toy", toy_frame(), id_column="article_id", run_name="run-1")
    assert result.failed_ids() == {
        "a3": ["expect_column_values_to_not_be_null(file_name)"],
        "a2": ["expect_column_values_to_match_regex(file_name)"],
        "a4": ["expect_column_values_to_be_unique(file_name)"],
        "a5": ["expect_column_values_to_be_unique(file_name)"],
        "a6": [
            "expect_column_values_to_be_between(published_date)",
            "expect_column_pair_values_to_be_equal(source_id,name_source_id)",
        ],
    }


def test_clean_frame_passes(validator: Validator) -> None:
    df = toy_frame().iloc[[0, 3]]
    result = validator.validate("toy", df, id_column="article_id", run_name="run-ok")
    assert result.success is True
    assert [o.success for o in result.outcomes] == [True] * 6
    assert [o.unexpected_count for o in result.outcomes] == [0, 0, 0, 0, None, 0]
    assert result.outcomes[4].observed_value == 2
    assert result.failed_ids() == {}


@pytest.mark.parametrize("unit", ["ns", "us", "s"])
def test_datetime64_dates_behave_like_date_objects(validator: Validator, unit: str) -> None:
    df = toy_frame()
    df["published_date"] = pd.to_datetime(df["published_date"]).astype(f"datetime64[{unit}]")
    result = validator.validate("toy", df, id_column="article_id", run_name="run-dt64")
    assert summary(result) == EXPECTED
    assert str(df["published_date"].dtype) == f"datetime64[{unit}]"


def test_failed_ids_when_docs_show_unexpected_values(
    validator: Validator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(validate_module, "DOCS_SHOW_UNEXPECTED_VALUES", True)
    result = validator.validate("toy", toy_frame(), id_column="article_id", run_name="run-v")
    assert summary(result) == EXPECTED
    page = next((validator.docs_index().parent / "validations").rglob("*.html"))
    assert "a6" in page.read_text(encoding="utf-8")


def test_empty_frame_fails_only_row_count(validator: Validator) -> None:
    result = validator.validate("toy", toy_frame().iloc[0:0], id_column="article_id", run_name="r")
    assert [o.success for o in result.outcomes] == [True, True, True, True, False, True]
    assert [o.unexpected_count for o in result.outcomes] == [0, 0, 0, 0, None, 0]
    assert result.outcomes[4].observed_value == 0
    assert result.success is False


def test_row_count_failure_reports_observed_value(tmp_path: Path) -> None:
    root = tmp_path / "expectations"
    write_suite(toy_suite(max_rows=3), root / "toy" / "critical.json")
    validator = Validator(root, tmp_path / "reports")
    result = validator.validate("toy", toy_frame(), id_column="article_id", run_name="r")
    row_count = result.outcomes[4]
    assert (row_count.success, row_count.observed_value, row_count.failed_ids) == (False, 6, ())


def test_without_id_column_counts_but_no_ids(validator: Validator) -> None:
    result = validator.validate("toy", toy_frame(), id_column=None, run_name="run-noid")
    assert [o.unexpected_count for o in result.outcomes] == [1, 1, 2, 1, None, 1]
    assert [o.failed_ids for o in result.outcomes] == [()] * 6
    assert result.failed_ids() == {}


def test_integer_ids_and_named_index_are_stringified(validator: Validator) -> None:
    df = toy_frame()
    df["article_id"] = [10, 20, 30, 40, 50, 60]
    df.index = pd.Index([f"r{i}" for i in range(6)], name="row")
    result = validator.validate("toy", df, id_column="article_id", run_name="run-int")
    assert [o.failed_ids for o in result.outcomes] == [
        ("30",),
        ("20",),
        ("40", "50"),
        ("60",),
        (),
        ("60",),
    ]


def test_missing_column_is_a_failed_outcome_with_error(validator: Validator) -> None:
    df = toy_frame().drop(columns=["name_source_id"])
    result = validator.validate("toy", df, id_column="article_id", run_name="run-miss")
    pair = result.outcomes[5]
    assert (pair.success, pair.unexpected_count, pair.failed_ids) == (False, None, ())
    assert isinstance(pair.error, str) and "name_source_id" in pair.error
    assert [o.success for o in result.outcomes[:5]] == [False, False, False, False, True]


def test_unknown_asset_and_missing_id_column_raise(validator: Validator) -> None:
    with pytest.raises(KeyError, match="nope.critical"):
        validator.validate("nope", toy_frame(), id_column="article_id", run_name="r")
    with pytest.raises(KeyError, match="missing_id"):
        validator.validate("toy", toy_frame(), id_column="missing_id", run_name="r")


def test_data_docs_written_to_reports_dir_and_show_run_name(
    validator: Validator, tmp_path: Path
) -> None:
    validator.validate("toy", toy_frame(), id_column="article_id", run_name="run-20240501-xyz")
    index = validator.docs_index()
    assert index == tmp_path / "reports" / "data_docs" / "index.html"
    assert index.is_file()
    assert "run-20240501-xyz" in index.read_text(encoding="utf-8")
    pages = list((tmp_path / "reports" / "data_docs" / "validations").rglob("*.html"))
    assert len(pages) == 1
    assert "run-20240501-xyz" in pages[0].parts
    page = pages[0].read_text(encoding="utf-8")
    assert "Unsuccessful Expectations" in page
    assert page.count("1 unexpected values found") == 4
    assert page.count("2 unexpected values found") == 1


def test_docs_index_builds_without_a_validation(validator: Validator, tmp_path: Path) -> None:
    index = validator.docs_index()
    assert index == tmp_path / "reports" / "data_docs" / "index.html"
    assert index.is_file()
    assert "toy.critical" in index.read_text(encoding="utf-8")


def test_suite_json_round_trips(expectations_dir: Path, validator: Validator) -> None:
    path = expectations_dir / "toy" / "critical.json"
    on_disk = json.loads(path.read_text(encoding="utf-8"))
    assert on_disk["name"] == "toy.critical"
    assert on_disk["meta"]["owner"] == "tests"
    assert on_disk["expectations"][1] == {
        "type": "expect_column_values_to_match_regex",
        "kwargs": {"column": "file_name", "regex": FILE_RE},
        "meta": {},
        "severity": "critical",
    }
    assert suite_json(load_suite(path)) == on_disk
    assert suite_json(validator.suite("toy.critical")) == on_disk
    assert load_suite(path) == toy_suite()


def test_suite_file_written_by_gx_itself_loads(tmp_path: Path) -> None:
    root = tmp_path / "expectations"
    path = root / "raw" / "critical.json"
    path.parent.mkdir(parents=True)
    context = gx.get_context(mode="ephemeral")
    suite = context.suites.add(
        gx.ExpectationSuite(name="raw.critical", expectations=toy_suite().expectations)
    )
    path.write_text(json.dumps(suite.to_json_dict()), encoding="utf-8")
    assert json.loads(path.read_text())["expectations"][0]["id"] is not None
    validator = Validator(root, tmp_path / "reports")
    assert validator.suite_names() == ["raw.critical"]
    assert len(validator.suite("raw.critical").expectations) == 6


def test_suite_names_cover_every_json(expectations_dir: Path, tmp_path: Path) -> None:
    other = gx.ExpectationSuite(
        name="other.critical",
        expectations=[E.ExpectTableRowCountToBeBetween(min_value=0, max_value=1)],
    )
    write_suite(other, expectations_dir / "other" / "critical.json")
    validator = Validator(expectations_dir, tmp_path / "reports")
    assert validator.suite_names() == ["other.critical", "toy.critical"]
    result = validator.validate("other", toy_frame(), id_column=None, run_name="r")
    assert (result.success, result.outcomes[0].observed_value) == (False, 6)


def test_unknown_expectation_type_is_rejected(tmp_path: Path) -> None:
    root = tmp_path / "expectations"
    bad = suite_json(toy_suite())
    bad["expectations"].append({"type": "expect_column_to_be_shiny", "kwargs": {"column": "x"}})
    (root / "toy").mkdir(parents=True)
    (root / "toy" / "critical.json").write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(ValueError, match="rejected"):
        Validator(root, tmp_path / "reports")


def test_suite_name_must_match_path(tmp_path: Path) -> None:
    root = tmp_path / "expectations"
    write_suite(toy_suite(), root / "elsewhere" / "critical.json")
    with pytest.raises(ValueError, match="elsewhere.critical"):
        Validator(root, tmp_path / "reports")


def test_frames_for_the_warehouse(validator: Validator) -> None:
    result = validator.validate("toy", toy_frame(), id_column="article_id", run_name="run-7")
    outcomes = outcomes_frame([result], "run-7")
    assert list(outcomes.columns) == [
        "run_id",
        "suite",
        "asset",
        "expectation_type",
        "column_name",
        "kwargs_json",
        "success",
        "element_count",
        "unexpected_count",
        "observed_value_json",
    ]
    assert len(outcomes) == 6
    assert set(outcomes["run_id"]) == {"run-7"}
    assert set(outcomes["asset"]) == {"toy"}
    assert outcomes["success"].tolist() == [False, False, False, False, True, False]
    assert outcomes["unexpected_count"].tolist() == [1, 1, 2, 1, pd.NA, 1]
    assert outcomes["element_count"].tolist() == [6, 6, 6, 6, pd.NA, 6]
    assert json.loads(outcomes["kwargs_json"][3]) == {
        "column": "published_date",
        "min_value": "2000-01-01",
        "max_value": "2030-12-31",
    }
    assert outcomes["observed_value_json"][4] == "6"
    assert outcomes["observed_value_json"].isna().tolist() == [True] * 4 + [False, True]
    assert outcomes["column_name"].isna().tolist() == [False] * 4 + [True, False]

    failures = failures_frame([result], "run-7")
    assert list(failures.columns) == [
        "run_id",
        "suite",
        "expectation_type",
        "column_name",
        "failed_id",
    ]
    assert failures[["expectation_type", "column_name", "failed_id"]].values.tolist() == [
        ["expect_column_values_to_not_be_null", "file_name", "a3"],
        ["expect_column_values_to_match_regex", "file_name", "a2"],
        ["expect_column_values_to_be_unique", "file_name", "a4"],
        ["expect_column_values_to_be_unique", "file_name", "a5"],
        ["expect_column_values_to_be_between", "published_date", "a6"],
        ["expect_column_pair_values_to_be_equal", "source_id,name_source_id", "a6"],
    ]
    assert set(failures["run_id"]) == {"run-7"}


def test_empty_frames_keep_their_columns() -> None:
    assert outcomes_frame([], "r").shape == (0, 10)
    assert failures_frame([], "r").shape == (0, 5)


def test_offline_and_writes_only_to_reports_dir(
    expectations_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    validator = Validator(expectations_dir, tmp_path / "reports")
    result = validator.validate("toy", toy_frame(), id_column="article_id", run_name="r")
    assert summary(result) == EXPECTED
    assert not (tmp_path / "reports").exists()  # Data Docs are built once, at the end of a run
    assert validator.docs_index() == (tmp_path / "reports" / "data_docs" / "index.html").resolve()
    assert list(cwd.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cwd", "expectations", "reports"]
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["data_docs"]


def test_two_validators_keep_their_own_docs(expectations_dir: Path, tmp_path: Path) -> None:
    first = Validator(expectations_dir, tmp_path / "one")
    second = Validator(expectations_dir, tmp_path / "two")
    first.validate("toy", toy_frame(), id_column="article_id", run_name="run-first")
    second.validate("toy", toy_frame(), id_column="article_id", run_name="run-second")
    assert "run-first" in first.docs_index().read_text(encoding="utf-8")
    assert "run-second" not in first.docs_index().read_text(encoding="utf-8")
    assert "run-second" in second.docs_index().read_text(encoding="utf-8")


def test_twenty_thousand_rows_validate_quickly(tmp_path: Path) -> None:
    n = 20_000
    rng = np.random.default_rng(0)
    root = tmp_path / "expectations"
    suite = gx.ExpectationSuite(
        name="articles.critical",
        expectations=[
            E.ExpectColumnValuesToNotBeNull(column="file_name"),
            E.ExpectColumnValuesToMatchRegex(column="file_name", regex=FILE_RE),
            E.ExpectColumnValuesToBeUnique(column="file_name"),
            E.ExpectColumnValuesToMatchRegex(column="source_id", regex=r"^[0-9a-f]{16}$"),
            E.ExpectColumnValuesToNotBeNull(column="title"),
            E.ExpectColumnValuesToNotBeNull(column="body"),
            E.ExpectColumnValuesToBeBetween(
                column="published_date", min_value="2000-01-01", max_value="2030-12-31"
            ),
            E.ExpectColumnValuesToBeBetween(column="word_count", min_value=1, max_value=100_000),
            E.ExpectTableRowCountToBeBetween(min_value=1, max_value=1_000_000),
            E.ExpectColumnPairValuesToBeEqual(column_A="source_id", column_B="name_source_id"),
        ],
    )
    write_suite(suite, root / "articles" / "critical.json")
    sources = [f"{v:016x}" for v in rng.integers(0, 2**62, n)]
    df = pd.DataFrame(
        {
            "file_name": [f"{i}_{s}.txt" for i, s in enumerate(sources)],
            "source_id": sources,
            "name_source_id": sources,
            "published_date": [
                dt.date(2020, 1, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 1500, n)
            ],
            "title": [f"title {i}" for i in range(n)],
            "body": ["x" * 5000] * n,
            "word_count": rng.integers(1, 2000, n),
        }
    )
    df.loc[[7, 70, 700], "file_name"] = "bad.txt"
    validator = Validator(root, tmp_path / "reports")
    start = time.perf_counter()
    result = validator.validate("articles", df, id_column="file_name", run_name="bench")
    elapsed = time.perf_counter() - start
    assert elapsed < 3.0
    assert [o.unexpected_count for o in result.outcomes] == [0, 3, 3, 0, 0, 0, 0, 0, None, 0]
    assert result.failed_ids() == {
        "bad.txt": [
            "expect_column_values_to_match_regex(file_name)",
            "expect_column_values_to_be_unique(file_name)",
        ]
    }
