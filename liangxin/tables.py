"""The validated tables a workbook loads into: the loaders' output.

Everything downstream (graph, queries, reports) reads these tables; nothing
downstream reads files.
"""

from dataclasses import dataclass, field

import pandas as pd

__all__ = ["Tables", "TABLE_COLUMNS", "PROBLEM_COLUMNS", "ROW_COUNT_COLUMNS", "DISTRICT_TABLE_COLUMNS"]

#: The columns of each validated table, in order: the one place they are declared. A table read
#: from a sheet keeps that sheet's extra columns after these, under the headers as written.
TABLE_COLUMNS = {
    "geography": ("street", "community", "community_owner", "row"),
    "organizations": ("org_id", "name", "name_key", "credit_code", "kind", "street", "community",
                      "employees", "party_members", "above_scale", "entity", "has_union", "has_youth_league",
                      "has_womens_org", "key", "status", "party_org", "party_org_key", "industry", "row"),
    "leader_points": ("leader", "leader_key", "org_id", "street", "liaison", "phone", "row", "employees",
                      "party_members"),
    "department_stations": ("department", "department_key", "street"),
    "department_contacts": ("department", "department_key", "org_id"),
    "supervision": ("supervisory_unit", "unit_key", "org_id", "instructor", "instructor_key", "phone", "row",
                    "employees", "party_members"),
    "mass_org_tasks": ("mass_org", "mass_org_key", "org_id", "task", "row", "employees", "party_members"),
    "capacities": ("unit", "unit_key", "capacity", "row"),
}
#: With several districts (a 区 column naming two or more, :mod:`liangxin.loaders.districts`) these
#: tables also have, before ``street``: the row's ``district`` and (街道社区) ``street_name``, the
#: street as written; ``street`` is then keyed within its district (``龙岗区平湖街道``).
DISTRICT_TABLE_COLUMNS = {"geography": ("district", "street_name"), "organizations": ("district",)}
#: ``code`` is the stable reason code of :mod:`liangxin.loaders.reasons`; ``reason`` says it in Chinese.
#: ``file`` is the file the row was read from: its path relative to the INPUT folder with ``/``
#: between folders, or the file's name when INPUT is one workbook (a CSV folder: the CSV's name).
#: ``row`` is the Excel row; ``column`` of a row problem the header as written in that file
#: (``党员人数`` read as 党员数), of a note about a sheet or header the column's name.
PROBLEM_COLUMNS = ["severity", "file", "sheet", "row", "column", "reason", "code"]
ROW_COUNT_COLUMNS = ["file", "sheet", "rows_read", "rows_loaded", "rows_rejected"]


def _empty(columns):
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


@dataclass
class Tables:
    """Validated tables of one workbook.

    Attributes
    ----------
    source : str
        The input path as given.
    geography : DataFrame
        One row per community. Every table's columns are declared in :data:`TABLE_COLUMNS`.
    has_owner_column : bool
        Whether 街道社区 has a 社区责任人 column (then an empty cell is a chain break).
    organizations : DataFrame
        One row per organization, indexed by nothing; ``org_id`` is unique.
    leader_points, department_stations, department_contacts, supervision, mass_org_tasks, capacities : DataFrame
        The relations, each row referring to organizations by ``org_id`` and to units by their
        normalized name key (``*_key``) with the name as first written beside it.
    problems : DataFrame
        ``severity`` (``rejected`` or ``warning``), ``file``, ``sheet``, ``row`` (Excel row), ``column``,
        ``reason`` (a Chinese sentence) and ``code`` (its stable reason code).
    row_counts : DataFrame
        ``file, sheet, rows_read, rows_loaded, rows_rejected`` for every sheet of every file read.
    extra_sheets : dict
        Sheets the contract does not know, kept as read.
    """

    source: str
    geography: pd.DataFrame
    has_owner_column: bool
    organizations: pd.DataFrame
    leader_points: pd.DataFrame
    department_stations: pd.DataFrame
    department_contacts: pd.DataFrame
    supervision: pd.DataFrame
    mass_org_tasks: pd.DataFrame
    capacities: pd.DataFrame
    problems: pd.DataFrame = field(default_factory=lambda: _empty(PROBLEM_COLUMNS))
    row_counts: pd.DataFrame = field(default_factory=lambda: _empty(ROW_COUNT_COLUMNS))
    extra_sheets: dict = field(default_factory=dict)

    @property
    def rejected(self):
        """Rejected rows, in INPUT.md's sheet order, then row."""
        return self.problems[self.problems["severity"] == "rejected"].reset_index(drop=True)

    @property
    def warnings(self):
        """Warnings, in INPUT.md's sheet order, then row."""
        return self.problems[self.problems["severity"] == "warning"].reset_index(drop=True)

    def __repr__(self):
        return (
            f"<Tables {self.source!r}: {len(self.organizations)} 个组织, "
            f"{len(self.geography)} 个社区, {len(self.rejected)} 行拒收, {len(self.warnings)} 条警告>"
        )
