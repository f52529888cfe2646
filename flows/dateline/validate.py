"""Validate pandas DataFrames against the JSON expectation suites with Great Expectations 1.x."""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

logging.getLogger("great_expectations").setLevel(logging.WARNING)

import great_expectations as gx  # noqa: E402
from great_expectations.core.batch_definition import BatchDefinition  # noqa: E402
from great_expectations.core.expectation_validation_result import (  # noqa: E402
    ExpectationValidationResult,
)
from great_expectations.data_context.data_context.ephemeral_data_context import (  # noqa: E402
    EphemeralDataContext,
)
from great_expectations.data_context.types.base import (  # noqa: E402
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)
from great_expectations.util import convert_to_json_serializable  # noqa: E402

log = logging.getLogger(__name__)

SITE_NAME = "local_site"
PARTIAL_UNEXPECTED_COUNT = 20
DOCS_SHOW_UNEXPECTED_VALUES = False
_COLUMN_KEYS = ("column", "column_A", "column_B")
_COLUMN_FREE_TYPES = frozenset(
    {"expect_table_row_count_to_be_between", "expect_table_row_count_to_equal"}
)
_BOUND_KEYS = ("min_value", "max_value", "value")


@dataclass(frozen=True)
class ExpectationOutcome:
    suite: str
    expectation_type: str
    column: str | None
    kwargs: dict
    success: bool
    element_count: int | None
    unexpected_count: int | None
    failed_ids: tuple[str, ...]
    observed_value: object | None
    error: str | None = None

    @property
    def reason(self) -> str:
        return f"{self.expectation_type}({self.column})" if self.column else self.expectation_type


@dataclass(frozen=True)
class SuiteOutcome:
    suite: str
    asset: str
    success: bool
    outcomes: tuple[ExpectationOutcome, ...]

    def failed_ids(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for outcome in self.outcomes:
            for failed_id in outcome.failed_ids:
                reasons = out.setdefault(failed_id, [])
                if outcome.reason not in reasons:
                    reasons.append(outcome.reason)
        return out


def load_suite(path: Path) -> gx.ExpectationSuite:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    data.pop("id", None)
    expectations = [
        {k: v for k, v in exp.items() if k not in ("id", "rendered_content")}
        for exp in data.get("expectations", [])
    ]
    suite = gx.ExpectationSuite(
        name=data["name"],
        expectations=expectations,
        suite_parameters=data.get("suite_parameters") or None,
        meta=data.get("meta"),
        notes=data.get("notes"),
    )
    if len(suite.expectations) != len(expectations):
        raise ValueError(f"{path}: GX rejected some expectations (unknown type or bad kwargs)")
    return suite


def suite_json(suite: gx.ExpectationSuite) -> dict[str, Any]:
    data = suite.to_json_dict()
    data["id"] = None
    for exp in data["expectations"]:
        exp.pop("id", None)
        exp.pop("rendered_content", None)
    return data


def write_suite(suite: gx.ExpectationSuite, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(suite_json(suite), indent=2) + "\n", encoding="utf-8")


def _context(docs_dir: Path) -> EphemeralDataContext:
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
        data_docs_sites={
            SITE_NAME: {
                "class_name": "SiteBuilder",
                "show_how_to_buttons": False,
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(docs_dir),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            }
        },
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def _column_label(kwargs: Mapping[str, Any]) -> str | None:
    if "column" in kwargs:
        return str(kwargs["column"])
    names = [str(kwargs[k]) for k in ("column_A", "column_B") if k in kwargs]
    names += [str(c) for c in kwargs.get("column_list", [])]
    return ",".join(names) or None


def _needed_columns(suite: gx.ExpectationSuite) -> list[str] | None:
    cols: list[str] = []
    for exp in suite.expectations:
        kwargs = exp.configuration.kwargs
        if kwargs.get("row_condition"):
            return None
        named = [kwargs[k] for k in _COLUMN_KEYS if k in kwargs]
        named += list(kwargs.get("column_list", []))
        if not named and exp.expectation_type not in _COLUMN_FREE_TYPES:
            return None
        cols += [c for c in named if c not in cols]
    return cols


def _date_bound_columns(suite: gx.ExpectationSuite) -> set[str]:
    out: set[str] = set()
    for exp in suite.expectations:
        kwargs = exp.configuration.kwargs
        bounds = [kwargs.get(k) for k in _BOUND_KEYS]
        if "column" in kwargs and any(
            isinstance(b, dt.date) and not isinstance(b, dt.datetime) for b in bounds
        ):
            out.add(kwargs["column"])
    return out


def _as_dates(series: pd.Series) -> pd.Series:
    dates = series.dt.date.astype(object)
    return dates.where(series.notna(), None)


def _prepare(
    df: pd.DataFrame, needed: list[str] | None, date_cols: set[str], id_column: str | None
) -> pd.DataFrame:
    if needed is None:
        frame = df
    else:
        keep = [c for c in [*needed, id_column] if c is not None and c in df.columns]
        frame = df[list(dict.fromkeys(keep))]
    frame = frame.reset_index(drop=True)
    for col in date_cols:
        if col in frame.columns and pd.api.types.is_datetime64_any_dtype(frame[col].dtype):
            if getattr(frame[col].dtype, "tz", None) is None:
                frame[col] = _as_dates(frame[col])
    return frame


def _json_safe(value: object) -> Any:
    return json.loads(json.dumps(convert_to_json_serializable(value), default=str))


def _failed_ids(result: Mapping[str, Any], id_column: str | None) -> tuple[str, ...]:
    if id_column is None:
        return ()
    out: list[str] = []
    for entry in result.get("unexpected_index_list") or []:
        if isinstance(entry, Mapping) and id_column in entry:
            value = entry[id_column]
            values = value if isinstance(value, list) else [value]
            out += [str(v) for v in values]
    return tuple(out)


def _error(res: ExpectationValidationResult) -> str | None:
    info = res.exception_info or {}
    if info.get("raised_exception"):
        return str(info.get("exception_message"))
    messages = [
        str(v.get("exception_message"))
        for v in info.values()
        if isinstance(v, Mapping) and v.get("raised_exception")
    ]
    return "; ".join(messages) or None


def _outcome(
    suite: str, res: ExpectationValidationResult, id_column: str | None
) -> ExpectationOutcome:
    config = res.expectation_config
    kwargs = {k: v for k, v in config.kwargs.items() if k not in ("result_format", "batch_id")}
    result = res.result or {}
    error = _error(res)
    if error:
        log.warning("%s: %s raised: %s", suite, config.type, error)
    observed = result.get("observed_value")
    return ExpectationOutcome(
        suite=suite,
        expectation_type=config.type,
        column=_column_label(kwargs),
        kwargs=_json_safe(kwargs),
        success=bool(res.success) and error is None,
        element_count=result.get("element_count"),
        unexpected_count=result.get("unexpected_count"),
        failed_ids=_failed_ids(result, id_column),
        observed_value=None if observed is None else _json_safe(observed),
        error=error,
    )


class Validator:
    def __init__(self, expectations_dir: Path, reports_dir: Path) -> None:
        self._docs_dir = Path(reports_dir).resolve() / "data_docs"
        self._context = _context(self._docs_dir)
        self._suites: dict[str, gx.ExpectationSuite] = {}
        for path in sorted(Path(expectations_dir).glob("*/*.json")):
            suite = load_suite(path)
            expected = f"{path.parent.name}.{path.stem}"
            if suite.name != expected:
                raise ValueError(f"{path}: suite name {suite.name!r} should be {expected!r}")
            self._suites[suite.name] = self._context.suites.add(suite)
        self._datasource = self._context.data_sources.add_pandas("dateline")
        self._batches: dict[str, BatchDefinition] = {}
        self._checkpoints: dict[tuple[str, str | None], gx.Checkpoint] = {}
        self._lock = threading.Lock()

    def suite_names(self) -> list[str]:
        return sorted(self._suites)

    def suite(self, name: str) -> gx.ExpectationSuite:
        return self._suites[name]

    def _batch(self, asset: str) -> BatchDefinition:
        if asset not in self._batches:
            data_asset = self._datasource.add_dataframe_asset(asset)
            self._batches[asset] = data_asset.add_batch_definition_whole_dataframe(asset)
        return self._batches[asset]

    def _checkpoint(
        self, asset: str, suite: gx.ExpectationSuite, id_column: str | None
    ) -> gx.Checkpoint:
        key = (suite.name, id_column)
        if key not in self._checkpoints:
            name = f"{suite.name}:{id_column or '-'}"
            definition = self._context.validation_definitions.add(
                gx.ValidationDefinition(name=name, data=self._batch(asset), suite=suite)
            )
            result_format: dict[str, Any] = {
                "result_format": "COMPLETE",
                "partial_unexpected_count": PARTIAL_UNEXPECTED_COUNT,
                "return_unexpected_index_query": False,
                "exclude_unexpected_values": not DOCS_SHOW_UNEXPECTED_VALUES,
            }
            if id_column is not None:
                result_format["unexpected_index_column_names"] = [id_column]
            self._checkpoints[key] = self._context.checkpoints.add(
                gx.Checkpoint(
                    name=name,
                    validation_definitions=[definition],
                    actions=[],  # Data Docs are built once per run, by docs_index()
                    result_format=result_format,
                )
            )
        return self._checkpoints[key]

    def validate(
        self, asset: str, df: pd.DataFrame, *, id_column: str | None, run_name: str
    ) -> SuiteOutcome:
        name = f"{asset}.critical"
        if name not in self._suites:
            raise KeyError(f"no expectation suite {name!r}; have {self.suite_names()}")
        if id_column is not None and id_column not in df.columns:
            raise KeyError(f"id column {id_column!r} not in DataFrame for {asset}")
        suite = self._suites[name]
        frame = _prepare(df, _needed_columns(suite), _date_bound_columns(suite), id_column)
        run_id = gx.RunIdentifier(run_name=run_name, run_time=dt.datetime.now(dt.UTC))
        with self._lock:
            result = self._checkpoint(asset, suite, id_column).run(
                batch_parameters={"dataframe": frame}, run_id=run_id
            )
        (suite_result,) = result.run_results.values()
        order = {exp.id: i for i, exp in enumerate(suite.expectations)}
        ordered = sorted(
            suite_result.results, key=lambda r: order.get(r.expectation_config.id, len(order))
        )
        outcomes = tuple(_outcome(name, r, id_column) for r in ordered)
        success = bool(suite_result.success) and all(o.success for o in outcomes)
        return SuiteOutcome(suite=name, asset=asset, success=success, outcomes=outcomes)

    def docs_index(self) -> Path:
        """Build the Data Docs of this run's validations, once, at the end of the run."""
        with self._lock:
            self._context.build_data_docs(site_names=[SITE_NAME])
        return self._docs_dir / "index.html"


_OUTCOME_COLUMNS = [
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
_FAILURE_COLUMNS = ["run_id", "suite", "expectation_type", "column_name", "failed_id"]


def _dumps(value: object) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def outcomes_frame(results: Iterable[SuiteOutcome], run_id: str) -> pd.DataFrame:
    rows = [
        {
            "run_id": run_id,
            "suite": o.suite,
            "asset": r.asset,
            "expectation_type": o.expectation_type,
            "column_name": o.column,
            "kwargs_json": _dumps(o.kwargs),
            "success": o.success,
            "element_count": o.element_count,
            "unexpected_count": o.unexpected_count,
            "observed_value_json": None if o.observed_value is None else _dumps(o.observed_value),
        }
        for r in results
        for o in r.outcomes
    ]
    frame = pd.DataFrame(rows, columns=_OUTCOME_COLUMNS)
    return frame.astype(
        {
            "success": "bool",
            "element_count": "Int64",
            "unexpected_count": "Int64",
        }
    )


def failures_frame(results: Iterable[SuiteOutcome], run_id: str) -> pd.DataFrame:
    rows = [
        {
            "run_id": run_id,
            "suite": o.suite,
            "expectation_type": o.expectation_type,
            "column_name": o.column,
            "failed_id": failed_id,
        }
        for r in results
        for o in r.outcomes
        for failed_id in o.failed_ids
    ]
    return pd.DataFrame(rows, columns=_FAILURE_COLUMNS)
