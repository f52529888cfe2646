"""The README stays true: its SQL examples give the output it shows, its commands exist."""

from __future__ import annotations

import re
import shlex

import pytest

from conftest import PROJECT
from dateline.cli import build_parser, main

README = (PROJECT / "README.md").read_text(encoding="utf-8")
EXAMPLE_RE = re.compile(r"```console\n\$ \.venv/bin/dateline (sql .+?)\n(.*?)```", re.S)
EXAMPLES = EXAMPLE_RE.findall(README)


def test_the_readme_has_sql_examples() -> None:
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize(("command", "output"), EXAMPLES, ids=[c[:60] for c, _ in EXAMPLES])
def test_readme_sql_example_output(capsys, monkeypatch, seeded, command: str, output: str) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)  # output to a pipe, as in the README
    args = shlex.split(command)
    assert main([*args, "--warehouse", str(seeded)]) == 0
    assert capsys.readouterr().out == output


DOCS_RE = re.compile(r"```console\n\$ COLUMNS=(\d+) \.venv/bin/dateline (docs .+?)\n(.*?)```", re.S)
DOCS_EXAMPLES = DOCS_RE.findall(README)


def test_the_readme_data_dictionary_example_is_what_dateline_docs_prints(capsys, monkeypatch, seeded) -> None:
    assert len(DOCS_EXAMPLES) == 1
    (columns, command, output), = DOCS_EXAMPLES
    monkeypatch.setenv("COLUMNS", columns)
    assert main([*shlex.split(command), "--warehouse", str(seeded)]) == 0
    assert capsys.readouterr().out == output


def test_every_subcommand_is_documented_and_has_help() -> None:
    parser = build_parser()
    subcommands = parser._subparsers._group_actions[0]
    helps = {action.dest: action.help for action in subcommands._choices_actions}
    for name, sub in subcommands.choices.items():
        assert f"`dateline {name}" in README, name
        assert helps[name], f"{name} has no help"
        for action in sub._actions:
            if action.option_strings and action.dest != "help":
                assert action.help, f"{name} {action.option_strings} has no help"
