"""queries.rules: the shipped defaults, an analyst's override file, and what a bad file raises."""

import dataclasses
import datetime

import pytest

from liangxin.errors import RulesError
from liangxin.graph.schema import UNIT_ROLES
from liangxin.queries.rules import DEFAULT_RULES_PATH, Rules, load_rules

#: RULES.md, "Scope" and "Overloaded responsible units", as queries/default_rules.toml ships them.
DEFAULTS = {
    "district": "龙岗区",
    "members_required_min_employees": 50,
    "party_org_required_min_employees": 100,
    "party_org_required_above_scale": True,
    "entity_social_org_min_employees": 30,
    "standalone_min_members": 3,
    "union_required_min_employees": 100,
    "capacity_leader": 5,
    "capacity_department": 20,
    "capacity_supervisory_unit": 15,
    "capacity_instructor": 8,
    # the seed plan's phases: preparation to mid-April, push to 20 June, summary to 30 June; targets 100%
    "campaign_preparation_end": datetime.date(2019, 4, 15),
    "campaign_push_end": datetime.date(2019, 6, 20),
    "campaign_summary_end": datetime.date(2019, 6, 30),
    "campaign_target": 1.0,
    # what the reader refuses (issue 19): far beyond any real district
    "limits_max_cells": 10_000_000, "limits_max_columns": 1_000, "limits_max_unpacked_mb": 500,
    "limits_max_unpack_ratio": 100, "limits_max_cell_chars": 32_767,
}


def write(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "rules.toml"
    path.write_bytes(text.encode(encoding))
    return path


def test_defaults():
    rules = load_rules()
    assert dataclasses.asdict(rules) == DEFAULTS
    assert [rules.capacity(kind) for kind in UNIT_ROLES] == [5, 20, 15, 8]
    assert DEFAULT_RULES_PATH.name == "default_rules.toml" and DEFAULT_RULES_PATH.is_file()


def test_rules_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        load_rules().capacity_leader = 1


def test_an_override_file_changes_only_the_keys_it_names(tmp_path):
    path = write(tmp_path, 'district = "宝安区"\n[scope]\nmembers_required_min_employees = 60\n'
                           "party_org_required_above_scale = false\n[capacity]\ndepartment = 1\n")
    rules = load_rules(path)
    assert dataclasses.asdict(rules) == {**DEFAULTS, "district": "宝安区", "members_required_min_employees": 60,
                                         "party_org_required_above_scale": False, "capacity_department": 1}
    assert rules.capacity("department") == 1


def test_keyword_overrides_win_over_the_file(tmp_path):
    path = write(tmp_path, "[capacity]\nleader = 3\n")
    assert load_rules(path).capacity_leader == 3
    assert load_rules(path, capacity_leader=7).capacity_leader == 7
    assert load_rules(capacity_leader=0).capacity_leader == 0   # 0 is a capacity: nothing may be carried


def test_a_file_saved_with_a_bom_is_read(tmp_path):
    # Notepad and WPS save UTF-8 with a byte-order mark, which TOML itself does not allow.
    path = write(tmp_path, "[capacity]\ninstructor = 2\n", encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert load_rules(path).capacity_instructor == 2


@pytest.mark.parametrize("text, key", [
    ("[capacity]\nleaders = 10\n", "capacity.leaders"),                   # unknown key in a section
    ("[scopes]\nx = 1\n", "scopes"),                                       # unknown top-level table
    ("colour = 1\n", "colour"),                                            # unknown top-level key
    ("[scope]\nmembers_required_min_employees = -5\n", "scope.members_required_min_employees"),
    ("[scope]\nmembers_required_min_employees = 5.5\n", "scope.members_required_min_employees"),
    ("[scope]\nmembers_required_min_employees = true\n", "scope.members_required_min_employees"),
    ('[capacity]\nleader = "5"\n', "capacity.leader"),
    ("[scope]\nparty_org_required_above_scale = 1\n", "scope.party_org_required_above_scale"),
    ('district = ""\n', "district"),
    ("scope = 1\n", "scope"),                                              # a section that is not a table
])
def test_an_unknown_key_or_a_bad_value_is_a_rules_error_naming_it(tmp_path, text, key):
    with pytest.raises(RulesError) as error:
        load_rules(write(tmp_path, text))
    assert key in str(error.value)


def test_every_problem_of_a_file_is_named_at_once(tmp_path):
    with pytest.raises(RulesError) as error:
        load_rules(write(tmp_path, "[capacity]\nleaders = 10\ndepartment = -1\n"))
    assert "capacity.leaders" in str(error.value) and "capacity.department" in str(error.value)


def test_a_bad_keyword_override_is_a_rules_error():
    with pytest.raises(RulesError) as error:
        load_rules(capacity_leaders=3)
    assert "capacity_leaders" in str(error.value)
    with pytest.raises(RulesError):
        load_rules(capacity_leader=-1)


@pytest.mark.parametrize("case", ["missing", "folder", "not-toml", "not-utf8"])
def test_an_unreadable_file_is_a_rules_error_naming_it(tmp_path, case):
    if case == "missing":
        path = tmp_path / "无.toml"
    elif case == "folder":
        path = tmp_path / "文件夹.toml"
        path.mkdir()
    elif case == "not-toml":
        path = write(tmp_path, "[capacity\nleader = 3\n")
    else:
        path = write(tmp_path, "# 规则\n[capacity]\nleader = 3\n", encoding="gbk")
    with pytest.raises(RulesError) as error:
        load_rules(path)
    assert str(path) in str(error.value)


def test_rules_compare_by_value():
    assert load_rules() == load_rules() == Rules(**DEFAULTS)
    assert load_rules(capacity_leader=4) != load_rules()


def test_campaign_dates_and_target(tmp_path):
    rules = load_rules(write(tmp_path, "[campaign]\npush_end = 2019-07-15\nsummary_end = 2019-07-31\ntarget = 0.9\n"))
    assert (rules.campaign_push_end, rules.campaign_target) == (datetime.date(2019, 7, 15), 0.9)
    for bad in ('[campaign]\npush_end = "6月20日"\n', "[campaign]\ntarget = 90\n",
                "[campaign]\npush_end = 2019-07-31\n"):  # a date as text, a target over 1, push after summary
        with pytest.raises(RulesError):
            load_rules(write(tmp_path, bad))
