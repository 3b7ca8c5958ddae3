"""``liangxin neo4j push`` and ``check`` against a real Bolt server, as a user runs them."""

import re

import pytest
from click.testing import CliRunner

from liangxin.cli import main
from tests.fixtures import handmade



def run(arguments, environ):
    environ = {"NEO4J_URI": None, "NEO4J_USER": None, "NEO4J_PASSWORD": None, "NEO4J_DATABASE": None, **environ}
    return CliRunner().invoke(main, arguments, env=environ, catch_exceptions=False)


@pytest.fixture
def district_rules(bolt_server, tmp_path):
    district = bolt_server.district()
    path = tmp_path / "rules.toml"
    path.write_text(f'district = "{district}"\n', encoding="utf-8")
    return str(path)


def test_push_twice_then_check_finds_no_difference(bolt_server, handmade_xlsx, district_rules):
    first = run(["neo4j", "push", str(handmade_xlsx), "--rules", district_rules, "--batch-size", "7"],
                bolt_server.environ)
    assert first.exit_code == 0, first.output
    second = run(["neo4j", "push", str(handmade_xlsx), "--rules", district_rules], bolt_server.environ)
    assert second.exit_code == 0, second.output
    counts = re.compile(r"共 \d+ 个节点、\d+ 条关系")
    assert counts.search(first.output).group() == counts.search(second.output).group() == "共 36 个节点、38 条关系"
    checked = run(["neo4j", "check", str(handmade_xlsx), "--rules", district_rules], bolt_server.environ)
    assert checked.exit_code == 0, checked.output
    assert checked.output.startswith("一致：")


def test_check_lists_every_difference_in_chinese_and_exits_1(bolt_server, handmade_xlsx, district_rules, tmp_path):
    sheets = {name: [list(row) for row in rows] for name, rows in handmade.SHEETS.items()}
    sheets["两新组织"][2][6] = 20  # 甲科技有限公司 now has 20 employees
    changed = handmade.write_xlsx(tmp_path / "变更后.xlsx", sheets)
    assert run(["neo4j", "push", str(changed), "--rules", district_rules], bolt_server.environ).exit_code == 0
    checked = run(["neo4j", "check", str(handmade_xlsx), "--rules", district_rules], bolt_server.environ)
    assert checked.exit_code == 1
    lines = checked.output.strip().splitlines()
    assert all(line.startswith("不一致：") for line in lines[:-1]) and len(lines) > 2
    assert "从 Neo4j 读回的表“organizations”与本地不同" in checked.output
    assert "未覆盖组织" in checked.output and lines[-1].startswith("共 ")


def test_flags_override_the_environment(bolt_server, handmade_xlsx, district_rules):
    settings = bolt_server.settings
    environ = {"NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_USER": "nobody", "NEO4J_PASSWORD": settings.password,
               "NEO4J_DATABASE": "nowhere"}
    arguments = ["neo4j", "push", str(handmade_xlsx), "--rules", district_rules, "--uri", settings.uri,
                 "--user", settings.user]
    if settings.database:
        arguments += ["--database", settings.database]
    result = run(arguments, environ)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("case", ["unreachable", "password", "database", "no-uri"])
def test_connection_problems_exit_2_with_one_chinese_line(arcadedb_server, handmade_xlsx, case):
    environ = dict(arcadedb_server.environ)
    if case == "unreachable":
        environ["NEO4J_URI"] = "bolt://127.0.0.1:1"
        expected = "无法连接"
    elif case == "password":
        environ["NEO4J_PASSWORD"] = "wrong-s3cret-pw"
        expected = "拒绝登录"
    elif case == "database":
        environ["NEO4J_DATABASE"] = "不存在的库"
        expected = "没有数据库“不存在的库”"
    else:
        environ["NEO4J_URI"] = ""
        expected = "未设置 Neo4j 服务器地址"
    result = CliRunner().invoke(main, ["neo4j", "push", str(handmade_xlsx)], env=environ)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：") and expected in lines[0]
    assert "wrong-s3cret-pw" not in result.output and arcadedb_server.settings.password not in result.output


def test_check_of_a_district_never_pushed_says_to_push_first(arcadedb_server, handmade_xlsx, tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text('district = "从未载入的区"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["neo4j", "check", str(handmade_xlsx), "--rules", str(rules)],
                                env=arcadedb_server.environ)
    assert result.exit_code == 2
    assert "请先运行 liangxin neo4j push" in result.output


def test_help_is_chinese():
    result = CliRunner().invoke(main, ["neo4j", "push", "--help"])
    assert result.exit_code == 0
    assert "把台账载入 Neo4j" in result.output and "--batch-size" in result.output and "显示帮助并退出" in result.output
