"""Several districts in one dataset: ``liangxin neo4j push`` writes each district under its own
name, and ``check`` compares each with the embedded queries (tests/fixtures/two_districts.py)."""

from click.testing import CliRunner

from liangxin.cli import main
from liangxin.graph.neo4j import district_counts
from tests.fixtures import two_districts


def run(arguments, environ):
    environ = {"NEO4J_URI": None, "NEO4J_USER": None, "NEO4J_PASSWORD": None, "NEO4J_DATABASE": None, **environ}
    return CliRunner().invoke(main, arguments, env=environ, catch_exceptions=False)


def test_each_district_pushed_under_its_own_name_and_checked(bolt_server, tmp_path):
    first, second = bolt_server.district(), bolt_server.district()
    path = two_districts.write(tmp_path / "city.xlsx", longgang=first, luohu=second)
    pushed = run(["neo4j", "push", str(path)], bolt_server.environ)
    assert pushed.exit_code == 0, pushed.output
    assert f"区“{first}”" in pushed.output and f"区“{second}”" in pushed.output
    counts = {name: district_counts(bolt_server.connection, name)[0] for name in (first, second)}
    # 龙岗: organizations 1 2 3 4 10, streets 平湖 布吉 坂田; 罗湖: 5 6 7 8, streets 东门 桂园 平湖
    assert [counts[first]["organization"], counts[second]["organization"]] == [5, 4]
    assert [counts[first]["street"], counts[second]["street"]] == [3, 3]
    checked = run(["neo4j", "check", str(path)], bolt_server.environ)
    assert checked.exit_code == 0, checked.output
    assert [line.startswith("一致：") for line in checked.output.strip().splitlines()] == [True, True]
