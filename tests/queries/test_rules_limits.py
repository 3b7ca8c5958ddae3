"""Rules-file values no real district reaches stop the run, naming the key (issue 19)."""

import pytest
from click.testing import CliRunner

from liangxin.errors import RulesError
from liangxin.queries.rules import load_rules


@pytest.mark.parametrize("value", [2**63, 2**64, 10**12 + 1])
def test_a_capacity_past_the_limit_names_its_key(tmp_path, value):
    path = tmp_path / "rules.toml"
    path.write_text(f"[capacity]\ndepartment = {value}\n", encoding="utf-8")
    with pytest.raises(RulesError) as error:
        load_rules(path)
    assert "capacity.department" in str(error.value)


def test_the_largest_capacity_allowed_is_read(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text("[capacity]\ndepartment = 1000000000000\n", encoding="utf-8")
    assert load_rules(path).capacity_department == 10**12


def test_the_command_exits_2_on_a_wrapping_capacity(tmp_path, handmade_xlsx):
    from liangxin.cli import main

    path = tmp_path / "rules.toml"
    path.write_text(f"[capacity]\ndepartment = {2**63}\n", encoding="utf-8")
    done = CliRunner().invoke(main, ["analyze", str(handmade_xlsx), "--out", str(tmp_path / "o"), "--rules", str(path)])
    assert done.exit_code == 2
    assert not (tmp_path / "o" / "summary.json").exists()
