"""The command table (liangxin.cli.COMMANDS) and the command modules of liangxin/commands/.

Every command resolves and explains itself in Chinese; every command that takes an INPUT
takes a saved ``.lxg`` network too; no command module imports the CLI back.
"""

import ast
import importlib
import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import liangxin.commands
from liangxin.cli import COMMANDS, main
from liangxin.graph.store import save_network
from liangxin.inputs import open_input
from tests.fixtures.snapshots import write_pair
from tests.test_handmade import EXPECTED_COUNTS

CJK = re.compile(r"[\u4e00-\u9fff]")
COMMAND_MODULES = sorted(Path(liangxin.commands.__file__).parent.glob("*.py"))


def resolve(name):
    module, attribute = COMMANDS[name].split(":")
    return getattr(importlib.import_module(module), attribute)


def every_command(command, path=()):
    """`command` and its subcommands, each with its path of names."""
    yield (*path, command.name), command
    for sub in getattr(command, "commands", {}).values():
        yield from every_command(sub, (*path, command.name))


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_resolves(name):
    command = resolve(name)
    assert isinstance(command, click.Command) and command.name == name
    with click.Context(main) as ctx:
        assert main.get_command(ctx, name) is command


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_and_option_has_chinese_help(name):
    for path, command in every_command(resolve(name)):
        assert CJK.search(command.help or ""), path
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden:
                assert CJK.search(param.help or ""), (path, param.name)


def test_the_main_help_lists_every_command_in_the_table_s_order():
    done = CliRunner().invoke(main, ["--help"])
    assert done.exit_code == 0, done.output
    listed = re.findall(r"^  (\w+)", done.output.split("命令")[-1], flags=re.MULTILINE)
    assert listed == list(COMMANDS)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_s_help_is_shown_in_chinese(name):
    done = CliRunner().invoke(main, [name, "--help"])
    assert done.exit_code == 0, done.output
    assert "用法：" in done.output and "选项" in done.output


def test_every_command_lives_in_a_command_module():
    modules = {f"liangxin.commands.{path.stem}" for path in COMMAND_MODULES}
    assert {target.split(":")[0] for target in COMMANDS.values()} <= modules


@pytest.mark.parametrize("path", COMMAND_MODULES, ids=lambda p: p.name)
def test_no_command_module_imports_the_cli(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = []
    for node in ast.walk(tree):   # at the top and inside functions
        if isinstance(node, ast.Import):
            imported += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            imported += [base] + [f"{base}.{alias.name}" for alias in node.names]
    for name in imported:
        assert not re.fullmatch(r"(liangxin|\.\.?)\.?cli(\..*)?", name), (path.name, name)
        assert name != "liangxin.cli" and not name.startswith("liangxin.cli."), (path.name, name)


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lxg")
    old, new = write_pair(folder)
    return (save_network(open_input(old), folder / "上期.lxg"), save_network(open_input(new), folder / "本期.lxg"),
            folder)


def invoke(*args):
    done = CliRunner().invoke(main, [str(a) for a in args])
    assert done.exit_code == 0, done.output
    return done


def test_analyze_takes_a_saved_network(saved, tmp_path):
    old, _, _ = saved
    invoke("analyze", old, "--out", tmp_path / "结果")
    summary = json.loads((tmp_path / "结果" / "summary.json").read_text(encoding="utf-8"))
    assert summary["input"] == str(old)
    assert summary["counts"] == EXPECTED_COUNTS       # the hand-made workbook, read back from the .lxg


def test_viz_takes_a_saved_network(saved, tmp_path):
    old, _, _ = saved
    invoke("viz", old, "--street", "平湖", "--out", tmp_path / "平湖.html")
    assert (tmp_path / "平湖.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_diff_takes_saved_networks(saved, tmp_path):
    old, new, _ = saved
    invoke("diff", old, new, "--out", tmp_path / "对比")
    data = json.loads((tmp_path / "对比" / "diff.json").read_text(encoding="utf-8"))
    # tests/queries/test_snapshots.py: A, H and D formed; C removed, R added, E renamed
    counts = data["counts"]
    assert (counts["formed"], counts["removed"], counts["added"], counts["renamed"]) == (3, 1, 1, 1)


def test_bulletin_takes_saved_networks(saved, tmp_path):
    old, new, _ = saved
    invoke("bulletin", new, "--previous", old, "--out", tmp_path / "通报.docx", "--date", "2019-05-10")
    for name in ("通报.docx", "通报.html", "通报_附件名单.xlsx"):
        assert (tmp_path / name).stat().st_size > 0, name
