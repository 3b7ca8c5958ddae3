"""The reader's limits come from the rules file's [limits] section (issue 19)."""

import pytest

from liangxin.errors import RulesError
from liangxin.loaders.limits import DEFAULT_LIMITS
from liangxin.queries.rules import load_rules


def test_the_shipped_limits_are_the_readers_defaults():
    assert load_rules().limits == DEFAULT_LIMITS


def test_a_rules_file_changes_one_limit(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text("[limits]\nmax_columns = 3000\n", encoding="utf-8")
    limits = load_rules(path).limits
    assert limits.max_columns == 3000 and limits.max_cells == DEFAULT_LIMITS.max_cells


@pytest.mark.parametrize("text, key", [("max_columns = 0", "limits.max_columns"),
                                       ("max_cells = -1", "limits.max_cells"),
                                       ("max_rows = 5", "limits.max_rows")])
def test_a_bad_limit_names_its_key(tmp_path, text, key):
    path = tmp_path / "rules.toml"
    path.write_text(f"[limits]\n{text}\n", encoding="utf-8")
    with pytest.raises(RulesError, match=key.replace(".", r"\.")):
        load_rules(path)
