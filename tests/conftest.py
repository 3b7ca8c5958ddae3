"""Shared fixtures: small workbooks built in memory, and the hand-made workbook on disk."""

import copy

import pytest

from liangxin.graph.network import build_network
from liangxin.loaders.read import RawSheet, _grid_from_rows
from liangxin.loaders.validate import validate_sheets
from tests.fixtures import handmade

# The Bolt test servers (ArcadeDB, and Neo4j when NEO4J_URI is set), shared by every test folder:
# registered once here so one server serves the whole session.
pytest_plugins = ["tests.neo4j.server"]


def tables_from_rows(sheets, source="内存台账.xlsx"):
    """Validate sheets given as lists of rows (first row the header), without touching disk."""
    raw = {}
    for name, rows in sheets.items():
        width = max(len(r) for r in rows)
        padded = [list(r) + [None] * (width - len(r)) for r in rows]
        raw[name] = RawSheet(name, source, _grid_from_rows(padded))
    return validate_sheets(raw, source)


def rows_balance(tables):
    """Assert rows read = rows loaded + rows rejected for every sheet, one entry per rejected row."""
    counts = tables.row_counts
    assert (counts["rows_read"] == counts["rows_loaded"] + counts["rows_rejected"]).all()
    assert counts["rows_rejected"].sum() == len(tables.rejected)


def xlsx_from_rows(path, sheets, merges=()):
    """Write sheets given as lists of rows to an .xlsx at `path`, merging ``(sheet, "A2:A4")`` ranges."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    for name, cells in merges:
        book[name].merge_cells(cells)
    book.save(path)
    return path


def network_from_rows(sheets):
    return build_network(tables_from_rows(sheets))


GEO = [["街道", "社区"], ["平湖街道", "山厦社区"], ["布吉街道", "南岭社区"]]
ORG_HEADER = ["组织名称", "统一社会信用代码", "组织类型", "街道", "社区", "从业人员数", "党员数", "规模以上", "实体性",
              "党组织状态", "所在党组织", "工会", "团组织", "妇组织"]


def org(name, kind="非公企业", street="平湖街道", community="山厦社区", employees=10, members=0,
        above=None, entity=None, status=None, party_org=None, union=None, youth=None, women=None, code=None):
    """One 两新组织 row in ORG_HEADER's order."""
    return [name, code, kind, street, community, employees, members, above, entity, status, party_org,
            union, youth, women]


def workbook(orgs, **sheets):
    """A minimal valid workbook: GEO, the given organizations and any other sheets."""
    return {"街道社区": GEO, "两新组织": [ORG_HEADER, *orgs], **sheets}


@pytest.fixture
def handmade_sheets():
    return copy.deepcopy(handmade.SHEETS)


@pytest.fixture(scope="session")
def handmade_xlsx(tmp_path_factory):
    return handmade.write_xlsx(tmp_path_factory.mktemp("handmade") / "台账.xlsx")


@pytest.fixture(scope="session")
def handmade_network(handmade_xlsx):
    from liangxin.loaders.validate import load_tables

    return build_network(load_tables(handmade_xlsx))
