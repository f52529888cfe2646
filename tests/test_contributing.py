"""CONTRIBUTING.md stays true: each "where to change what" answer, followed on a throwaway copy,
changes what the flow does."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import yaml

from conftest import PROJECT, article, write_file
from dateline.cli import build_parser
from dateline.ingest import ingest
from dateline.settings import ENVIRONMENT, RunConfig

VENV_BIN = Path(sys.executable).parent
GUIDE = (PROJECT / "CONTRIBUTING.md").read_text(encoding="utf-8")
SHORT = article("2024-03-25", "Cambodia and Japan held talks in Phnom Penh.")
LONG = article(
    "2024-03-26",
    "Thailand hosted defence ministers from across the region in Bangkok on Tuesday, and the talks lasted two full days.",
)


def _copy(tmp_path: Path, *folders: str) -> Path:
    home = tmp_path / "home"
    for folder in folders:
        shutil.copytree(PROJECT / folder, home / folder)
    return home


def _answer(title: str) -> str:
    return GUIDE.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_guide_answers_the_five_questions() -> None:
    for title in ("A new validation rule", "A new column on `articles`", "A new entity type", "A new CLI option", "The schedule"):
        assert _answer(title).strip(), title


def test_a_new_expectation_in_the_batch_suite_quarantines_the_files_it_rejects(prefect_server, workspace, tmp_path) -> None:
    assert "expectations/<asset>/critical.json" in _answer("A new validation rule")
    home = _copy(tmp_path, "expectations")
    path = home / "expectations" / "parsed_articles" / "critical.json"
    suite = json.loads(path.read_text(encoding="utf-8"))
    suite["expectations"].append({"type": "expect_column_values_to_be_between", "kwargs": {"column": "word_count", "max_value": 10}, "meta": {}})
    path.write_text(json.dumps(suite, indent=2), encoding="utf-8")
    write_file(workspace["inbox"], "001_aaaaaaaaaaaaaaaa.txt", SHORT)
    write_file(workspace["inbox"], "002_bbbbbbbbbbbbbbbb.txt", LONG)
    summary = ingest(
        inbox=workspace["inbox"], warehouse_path=workspace["warehouse"], reports_dir=workspace["reports"],
        settle_seconds=0, expectations_dir=home / "expectations",
    )
    assert (summary.status, summary.files_loaded) == ("succeeded", 1)
    assert summary.quarantined == [("002_bbbbbbbbbbbbbbbb.txt", "failed expect_column_values_to_be_between(word_count): 19 not in […, 10]")]


def test_a_new_column_on_articles_reaches_an_old_warehouse_through_its_migration(workspace, tmp_path) -> None:
    answer = _answer("A new column on `articles`")
    for named in ("sql/tables/dim_article.sql", "sql/load/dim_article.sql", "sql/migrations/NNN_<what>.sql", "sql/views/articles.sql"):
        assert named in answer, named
    home = _copy(tmp_path, "sql", "expectations", "seeds")
    sql = home / "sql"
    table = sql / "tables" / "dim_article.sql"
    table.write_text(table.read_text().replace("    parser_version varchar not null\n", "    parser_version varchar not null,\n    title_length integer\n"))
    load = sql / "load" / "dim_article.sql"
    load.write_text(load.read_text().replace("    parser_version\nfrom stg_article", "    parser_version,\n    length(title) as title_length\nfrom stg_article"))
    view = sql / "views" / "articles.sql"
    view.write_text(view.read_text().replace("        a.title,\n", "        a.title,\n        a.title_length,\n"))
    (sql / "migrations" / "999_title_length.sql").write_text("alter table dim_article add column title_length integer;\n")
    # a warehouse made by the code as it was, with one article already in it
    write_file(workspace["inbox"], "001_aaaaaaaaaaaaaaaa.txt", SHORT)
    env = {**os.environ, "PREFECT_LOGGING_LEVEL": "ERROR"}
    args = [str(VENV_BIN / "dateline"), "run", "--inbox", str(workspace["inbox"]), "--warehouse", str(workspace["warehouse"]),
            "--reports", str(workspace["reports"]), "--settle", "0"]
    assert subprocess.run(args, env=env, capture_output=True, text=True, timeout=300).returncode == 0
    write_file(workspace["inbox"], "002_bbbbbbbbbbbbbbbb.txt", LONG)
    done = subprocess.run(args, env={**env, "DATELINE_HOME": str(home)}, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    con = duckdb.connect(str(workspace["warehouse"]), read_only=True)
    try:
        rows = con.execute("select file_name, title_length from articles order by file_name").fetchall()
        version = con.execute("select max(version) from schema_version").fetchone()[0]
    finally:
        con.close()
    assert rows == [("001_aaaaaaaaaaaaaaaa.txt", None), ("002_bbbbbbbbbbbbbbbb.txt", len(LONG.split(" ", 3)[3].split(".")[0]) + 1)]
    assert version == 999


def test_a_new_entity_type_is_allowed_by_the_contracts_named() -> None:
    answer = _answer("A new entity type")
    for named in ("flows/dateline/extract/entities.py", "expectations/dim_entity/critical.json", "expectations/fact_mention/critical.json"):
        assert named in answer, named
    for suite in ("dim_entity", "fact_mention"):
        text = (PROJECT / "expectations" / suite / "critical.json").read_text(encoding="utf-8")
        assert '"person"' in text and '"organization"' in text, suite


def test_every_run_setting_with_a_variable_has_one_option_that_names_it() -> None:
    answer = _answer("A new CLI option")
    assert "flows/dateline/settings.py" in answer and "flows/dateline/cli/common.py" in answer
    run = build_parser()._subparsers._group_actions[0].choices["run"]
    dests = {action.dest: action for action in run._actions}
    for field, variable in ENVIRONMENT.items():
        assert field in dests, field
        assert f"${variable}" in dests[field].help, field
        assert hasattr(RunConfig(), field)


def test_a_setting_from_its_environment_variable_reaches_the_run(workspace, tmp_path) -> None:
    write_file(workspace["inbox"], "001_aaaaaaaaaaaaaaaa.txt", SHORT)
    env = {**os.environ, "PREFECT_LOGGING_LEVEL": "ERROR", "DATELINE_INBOX": str(workspace["inbox"]),
           "DATELINE_WAREHOUSE": str(workspace["warehouse"]), "DATELINE_REPORTS": str(workspace["reports"])}
    done = subprocess.run([str(VENV_BIN / "dateline"), "run", "--settle", "0"], env=env, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[3] == "  loaded                1"
    assert f"Warehouse:         {workspace['warehouse']}" in done.stdout.splitlines()


def test_a_changed_schedule_in_prefect_yaml_is_one_prefect_accepts(tmp_path) -> None:
    from prefect.cli.deploy._models import PrefectYamlModel

    from dateline.serve.options import valid_cron, valid_timezone

    assert "prefect.yaml" in _answer("The schedule") and "--cron" in _answer("The schedule")
    config = yaml.safe_load((PROJECT / "prefect.yaml").read_text(encoding="utf-8"))
    config["deployments"][0]["schedules"][0].update({"cron": "30 6 * * 1-5", "timezone": "Asia/Phnom_Penh"})
    (tmp_path / "prefect.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    model = PrefectYamlModel.model_validate(yaml.safe_load((tmp_path / "prefect.yaml").read_text(encoding="utf-8")))
    (schedule,) = model.deployments[0].schedules
    schedule = schedule if isinstance(schedule, dict) else schedule.model_dump()
    assert (schedule["cron"], schedule["timezone"]) == ("30 6 * * 1-5", "Asia/Phnom_Penh")
    assert valid_cron(schedule["cron"]) and valid_timezone(schedule["timezone"])
