"""The table of reason codes (liangxin.loaders.reasons)."""

import ast
import re
from pathlib import Path

import pytest

from liangxin.loaders import reasons
from liangxin.loaders.reasons import REASONS, check_code

LOADERS = Path(reasons.__file__).parent


def test_the_module_documents_exactly_the_codes_of_the_table_in_its_order():
    documented = re.findall(r"^``([A-Z_]+)``$", reasons.__doc__, flags=re.MULTILINE)
    assert documented == list(REASONS)


def test_every_code_of_the_table_is_used_by_the_loaders():
    used = set()
    for path in LOADERS.glob("*.py"):
        if path.name == "reasons.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.fullmatch(r"[A-Z][A-Z_]+[A-Z]",
                                                                                                node.value):
                used.add(node.value)
    assert set(REASONS) <= used  # and Problems refuses a code the table lacks: test_problems.py


def test_an_unknown_code_is_refused():
    with pytest.raises(KeyError):
        check_code("NOT_A_CODE")
