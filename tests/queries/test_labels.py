"""queries/labels.py: one table per label, derived from graph.schema where the schema declares the names."""

from liangxin.graph.schema import EDGE_KINDS, NODE_KINDS, ORG_KINDS, PARTY_ORG_STATUSES, UNIT_ROLES
from liangxin.queries import labels
from liangxin.queries.chains import CHAIN_CODES
from liangxin.queries.uncovered import UNCOVERED_CODES


def test_schema_names_are_derived():
    assert labels.NODE_KIND_ZH == {kind: spec.label_zh for kind, spec in NODE_KINDS.items()}
    assert labels.EDGE_TYPE_ZH == {t: spec.label_zh for t, spec in EDGE_KINDS.items()}
    assert list(labels.ROLE_ZH) == list(UNIT_ROLES)
    assert all(labels.ROLE_ZH[role] == NODE_KINDS[role].label_zh for role in UNIT_ROLES)
    assert list(labels.ORG_KIND_ZH) == list(ORG_KINDS) == ["enterprise", "social_org"]
    assert list(labels.PARTY_ORG_STATUS_ZH) == list(PARTY_ORG_STATUSES) == ["standalone", "joint", "none"]


def test_rule_codes_take_their_labels_from_here():
    assert UNCOVERED_CODES == labels.UNCOVERED_ZH and list(UNCOVERED_CODES) == list(labels.UNCOVERED_ZH)
    assert CHAIN_CODES == labels.CHAIN_ZH and list(CHAIN_CODES) == list(labels.CHAIN_ZH)
    assert set(labels.CODE_ZH) == {*UNCOVERED_CODES, *CHAIN_CODES, "OVERLOADED", "IDLE"}
    assert all(code in labels.COLUMN_ZH for code in (*UNCOVERED_CODES, *CHAIN_CODES))  # by-street columns


def test_no_other_module_writes_a_label_table():
    """Every ``*_ZH`` table is defined in queries/labels.py; others import it (or derive from the schema)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    tables = []
    for folder in ("graph", "loaders", "queries", "viz", "liangxin"):
        for path in (root / folder).rglob("*.py"):
            if path.name == "labels.py" and folder == "queries":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
                    tables += [f"{path.relative_to(root)}:{node.lineno} {t.id}" for t in node.targets
                               if isinstance(t, ast.Name) and t.id.lstrip("_").endswith("_ZH")]
    assert tables == []


def test_value_tables_cover_their_codes():
    assert set(labels.VALUE_ZH["scope"]) == {"overall", "street", "kind", "district"}
    assert set(labels.GROUP_ZH) == {"overall", *ORG_KINDS}
    assert labels.VALUE_ZH["code"] is labels.CODE_ZH and labels.VALUE_ZH["status"] is labels.PARTY_ORG_STATUS_ZH
    assert set(labels.QUERY_ZH) == {"uncovered", "broken_chains", "loads", "coverage"}  # Analysis' tables
    for table in (labels.COLUMN_ZH, labels.CODE_ZH, labels.NODE_KIND_ZH, labels.STATUS_CHANGE_ZH):
        assert all(isinstance(text, str) and text for text in table.values())
