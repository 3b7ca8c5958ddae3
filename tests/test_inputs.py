"""liangxin.inputs: one way in for every command — a workbook, a CSV folder or a saved .lxg network.

Also what importing the package costs: ``import liangxin`` and ``liangxin --help`` load no pandas.
"""

import subprocess
import sys

import pytest

import liangxin
from liangxin.errors import GraphFileError, LiangxinInputError
from liangxin.graph.network import ResponsibilityNetwork
from liangxin.graph.store import save_network
from liangxin.inputs import analyze, is_saved_network, load, open_input
from liangxin.queries.analysis import Analysis, summary_object
from liangxin.queries.rules import load_rules
from tests.fixtures import handmade
from tests.test_handmade import EXPECTED_COUNTS, EXPECTED_OVERLOADED


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    xlsx = handmade.write_xlsx(folder / "台账.xlsx")
    csv_folder = handmade.write_csv_folder(folder / "台账")
    saved = save_network(open_input(xlsx), folder / "台账.lxg")
    return {"xlsx": xlsx, "csv": csv_folder, "lxg": saved}


def summary_of(path, files=False):
    """summary.json's object; without `files`, its problems' ``file`` keys are left out (a workbook
    names itself, a CSV folder each CSV)."""
    summary = summary_object(analyze(path), "INPUT")
    if not files:
        for key in ("rejected", "warnings"):
            summary[key] = [{k: v for k, v in entry.items() if k != "file"} for entry in summary[key]]
    return summary


@pytest.mark.parametrize("form", ["csv", "lxg"])
def test_every_form_gives_the_same_analysis(inputs, form):
    expected = summary_of(inputs["xlsx"])
    assert expected["counts"] == EXPECTED_COUNTS and expected["overloaded"] == EXPECTED_OVERLOADED
    assert summary_of(inputs[form]) == expected


def test_each_form_names_the_files_of_its_problems(inputs):
    # The workbook names itself; the CSV folder the CSV of each sheet; a saved network what it was saved with.
    for form, first in (("xlsx", "台账.xlsx"), ("csv", "两新组织.csv"), ("lxg", "台账.xlsx")):
        rejected = summary_of(inputs[form], files=True)["rejected"]
        assert (rejected[0]["sheet"], rejected[0]["row"], rejected[0]["file"]) == ("两新组织", 12, first)
    assert {e["file"] for e in summary_of(inputs["csv"], files=True)["rejected"]} == {
        "两新组织.csv", "挂点促建.csv", "驻街保建.csv", "主管包建.csv", "责任容量.csv"}


def test_a_saved_network_is_the_network_it_was(inputs):
    original, again = open_input(inputs["xlsx"]), open_input(inputs["lxg"])
    assert again.counts() == original.counts()
    assert again.tables.source == original.tables.source
    assert again.district == original.district == "龙岗区"


def test_the_rules_name_the_district_but_a_saved_network_keeps_its_own(inputs, tmp_path):
    rules = load_rules(district="宝安区")
    assert open_input(inputs["xlsx"], rules).district == "宝安区"
    assert open_input(inputs["lxg"], rules).district == "龙岗区"
    saved = save_network(open_input(inputs["xlsx"], rules), tmp_path / "宝安.lxg")
    assert open_input(saved).district == "宝安区"


def test_analyze_takes_a_path_or_a_network_and_rules(inputs):
    network = open_input(inputs["xlsx"])
    result = analyze(network)
    assert isinstance(result, Analysis) and result.network is network
    assert isinstance(analyze(inputs["xlsx"]).network, ResponsibilityNetwork)
    # department capacity 1: 教育局 (2.5) and 发改局 (1.5) join 民政局 (tests/cli/test_cli.py)
    assert len(analyze(network, load_rules(capacity_department=1)).overloaded) == 5


def test_the_notebook_names():
    assert load is open_input
    assert liangxin.load is open_input and liangxin.analyze is analyze and liangxin.open_input is open_input


def test_is_saved_network_reads_the_suffix_only():
    assert is_saved_network("龙岗.lxg") and is_saved_network("D:/台账/龙岗.LXG")
    assert not is_saved_network("台账.xlsx") and not is_saved_network("台账") and not is_saved_network("lxg")


def test_bad_inputs_are_input_errors(tmp_path):
    with pytest.raises(LiangxinInputError):
        open_input(tmp_path / "无.xlsx")
    fake = tmp_path / "假.lxg"
    fake.write_text("不是网络文件", encoding="utf-8")
    with pytest.raises(GraphFileError):
        open_input(fake)


def run_python(code):
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8",
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_import_liangxin_does_not_import_pandas():
    assert run_python("import liangxin, sys; print('pandas' in sys.modules)") == "False"


def test_liangxin_help_does_not_import_pandas():
    code = ("import sys\n"
            "from liangxin.cli import main\n"
            "try:\n"
            "    main(['--help'])\n"
            "except SystemExit as done:\n"
            "    assert done.code in (0, None), done.code\n"
            "print(sorted(name for name in ('pandas', 'numpy', 'networkx') if name in sys.modules))\n")
    lines = run_python(code).splitlines()
    assert "用法：" in lines[0]            # the help was shown ...
    assert lines[-1] == "[]"               # ... without pandas, numpy or networkx


def test_a_command_s_help_does_not_import_pandas():
    code = ("import sys\n"
            "from liangxin.cli import main\n"
            "try:\n"
            "    main(['analyze', '--help'])\n"
            "except SystemExit:\n"
            "    pass\n"
            "print('pandas' in sys.modules)\n")
    assert run_python(code).splitlines()[-1] == "False"
