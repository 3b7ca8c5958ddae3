"""The demo workbook: :func:`demo_sheets` builds every sheet of INPUT.md for a synthetic district.

The workbook contract (sheet names, columns, titles) is :mod:`liangxin.loaders.sheets`'s: the
columns of every sheet in its order (the 附件 sheets, those with a title, lead with 序号).
"""

import logging
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from liangxin.demo.cells import _column, _NamePool, _objects, _pick, _yes_no_cells
from liangxin.demo.district import (_COMMUNITY_POOL, _NO_DEPARTMENT_STREET, _NONE, _SHARED_COMMUNITY,
                                    _STATUS_TEXT, _TWIN_INSTRUCTOR, _UNKNOWN_COMMUNITY, _UNKNOWN_STREET, MIN_ORGS,
                                    STREETS)
from liangxin.demo.later import _Later
from liangxin.demo.organizations import _Organizations
from liangxin.demo.problems import _Problems
from liangxin.demo.responsibility import _ResponsibilityTables
from liangxin.loaders.sheets import SHEETS

__all__ = ["DemoWorkbook", "demo_sheets", "SHEET_COLUMNS", "SHEET_TITLES"]

log = logging.getLogger(__name__)

#: Canonical columns of every sheet, in INPUT.md's sheet order (附件 sheets lead with 序号).
#: Left out: the optional 区 column (several districts in one dataset; the demo is one district) and
#: the figures kept only to be checked (check_count), which stay blank.
SHEET_COLUMNS = {sheet.name: ("序号",) * bool(sheet.title) + tuple(column.name for column in sheet.columns
                                                                  if column.alias != "district"
                                                                  and column.parse != "check_count")
                 for sheet in SHEETS}

#: Title lines written above the header row of the 附件 sheets.
SHEET_TITLES = {sheet.name: sheet.title for sheet in SHEETS if sheet.title}


@dataclass(frozen=True)
class DemoWorkbook:
    """A synthetic workbook: one DataFrame per sheet, plus what was planted where.

    Attributes
    ----------
    sheets : dict of str to pandas.DataFrame
        Canonical Chinese sheet name to table, in INPUT.md's sheet order, with
        the canonical Chinese column names (:data:`SHEET_COLUMNS`).
    titles : dict of str to str
        Sheet name to the title line written above its header row (附件 sheets).
    planted : dict of str to tuple
        Planted problem or guaranteed finding to ``(sheet, rows)``: ``rows`` is a
        tuple of 0-based positions in that sheet's DataFrame (Excel row =
        position + 2, + 1 more under a title).
    notable : dict of str to tuple of str
        Named units and values (the overloaded leader, the street with no
        department, ...) to assert on.
    """

    sheets: dict
    titles: dict
    planted: dict = field(default_factory=dict)
    notable: dict = field(default_factory=dict)


def demo_sheets(n_orgs: int = 5000, seed: int = 0, *, later: bool = False) -> DemoWorkbook:
    """Build a realistic synthetic Longgang responsibility workbook.

    Parameters
    ----------
    n_orgs : int, optional
        Number of rows of the 两新组织 sheet (at least :data:`MIN_ORGS`). A
        ``later`` snapshot adds and removes a few.
    seed : int, optional
        Seed of the random generator: the same ``(n_orgs, seed, later)`` gives
        identical DataFrames.
    later : bool, optional
        Return the same district a few weeks later: about 10% of the open
        organizations formed a Party organization, a few organizations were
        added, removed or renamed (keeping the credit code), some figures
        changed and a leader was re-attached.

    Returns
    -------
    DemoWorkbook

    Raises
    ------
    ValueError
        If `n_orgs` is below :data:`MIN_ORGS`.

    Examples
    --------
    >>> workbook = demo_sheets(200, seed=1)
    >>> list(workbook.sheets)
    ['街道社区', '两新组织', '挂点促建', '驻街保建', '主管包建', '党群共建', '责任容量']
    >>> len(workbook.sheets["两新组织"])
    200
    >>> workbook.titles["挂点促建"]
    '附件1 区领导“挂点促建”联系安排表'
    """
    n_orgs = int(n_orgs)
    if n_orgs < MIN_ORGS:
        raise ValueError(f"n_orgs must be at least {MIN_ORGS}, got {n_orgs}")
    started = time.perf_counter()
    district = _District(n_orgs, np.random.default_rng(seed))
    district.build()
    if later:
        district.advance(np.random.default_rng([seed, 20190620]))
    workbook = district.workbook()
    log.info(
        "demo workbook: %d organizations, seed %d%s, built in %.2f s",
        len(workbook.sheets["两新组织"]), seed, " (later)" if later else "", time.perf_counter() - started,
    )
    return workbook


def demo_series(n_orgs: int = 5000, seed: int = 0, weeks: int = 4) -> list[DemoWorkbook]:
    """The same district over `weeks` weekly snapshots (定期通报): week 0, then each a week on.

    Week 1 is :func:`demo_sheets` with ``later=True``; each later week moves the district on
    again the same way (some open organizations form a Party organization, a few are added,
    removed or renamed, figures change).

    Examples
    --------
    >>> series = demo_series(300, seed=1, weeks=3)
    >>> len(series), len(series[0].sheets["两新组织"])
    (3, 300)
    >>> series[1].sheets["两新组织"].equals(demo_sheets(300, seed=1, later=True).sheets["两新组织"])
    True
    """
    if int(weeks) < 1 or int(n_orgs) < MIN_ORGS:
        raise ValueError(f"weeks must be at least 1 and n_orgs at least {MIN_ORGS}, got {weeks}, {n_orgs}")
    district = _District(int(n_orgs), np.random.default_rng(seed))
    district.build()
    series = [district.workbook()]
    for week in range(1, int(weeks)):
        district.advance(np.random.default_rng([seed, 20190620] if week == 1 else [seed, 20190620, week]))
        series.append(district.workbook())
    return series


class _District(_Organizations, _Problems, _ResponsibilityTables, _Later):
    """Mutable state of one synthetic district while it is built."""

    def __init__(self, n, rng):
        self.n = n
        self.rng = rng
        self.planted = {}  # key -> (sheet, uids or positions)
        self.notable = {}

    # -- geography -------------------------------------------------------

    def build(self):
        rng = self.rng
        self.people = _NamePool(rng, reserved=(_TWIN_INSTRUCTOR,))
        self._build_geography()
        self.orgs = self._draw_organizations(rng, self.n, uid_start=0)
        self.orgs = self.orgs.sort_values(["street", "community"], kind="stable", ignore_index=True)
        self.orgs["uid"] = np.arange(self.n, dtype=np.int64)
        self.orgs["party_org"] = self._party_org_names(self.orgs)
        self._plant_organization_problems()
        self._build_leaders()
        self._build_departments()
        self._build_supervision()
        self._build_mass_org_tasks()
        self._build_capacities()
        self._mark_key_organizations()
        self.notable["no_department_street"] = (STREETS[_NO_DEPARTMENT_STREET],)
        self.notable["shared_community"] = (
            _SHARED_COMMUNITY + "社区",
            *[STREETS[s] for s in np.unique(self.comm_street[self.comm_name == _SHARED_COMMUNITY + "社区"])],
        )
        self.notable["unknown_community"] = (_UNKNOWN_COMMUNITY,)
        self.notable["unknown_station_street"] = (_UNKNOWN_STREET,)

    def _build_geography(self):
        rng = self.rng
        streets, names = [], []
        for s, street in enumerate(STREETS):
            pool = _COMMUNITY_POOL[street]
            k = min(int(rng.integers(8, 13)), len(pool))
            keep = np.sort(rng.choice(np.arange(1, len(pool)), size=k - 1, replace=False))
            keep = np.concatenate([[0], keep])  # the first (shared) name is always kept
            streets += [s] * k
            names += [pool[i] + "社区" for i in keep]
        self.comm_street = np.array(streets, dtype=np.int64)
        self.comm_name = _objects(names)
        n_comm = len(names)
        owners = _objects(self.people.take(n_comm))
        no_owner = _pick(rng, np.flatnonzero(self.comm_street != _NO_DEPARTMENT_STREET),
                         max(2, round(0.05 * n_comm)))
        owners[no_owner] = None
        self.comm_owner = owners
        self.comm_no_owner = np.zeros(n_comm, dtype=bool)
        self.comm_no_owner[no_owner] = True
        self.planted["owner_empty"] = ("街道社区", tuple(int(i) for i in np.sort(no_owner)))
        # communities by street, for drawing an organization's community
        self.street_comms = [np.flatnonzero(self.comm_street == s) for s in range(len(STREETS))]
        self.street_comm_weights = [rng.dirichlet(np.full(len(c), 3.0)) for c in self.street_comms]

    # -- the workbook ----------------------------------------------------

    def workbook(self):
        sheets = {
            "街道社区": self._geography_sheet(),
            "两新组织": self._organization_sheet(),
            "挂点促建": self._numbered(self.leader_table, "挂点促建",
                                   {"leader": "区领导", "name": "组织名称", "code": "统一社会信用代码",
                                    "street": "挂点街道", "liaison": "联络员", "phone": "联系电话"}),
            "驻街保建": self._numbered(self.department_table, "驻街保建",
                                   {"department": "区直机关", "street": "驻点街道", "contact": "联系组织",
                                    "liaison": "联络员", "phone": "联系电话"}),
            "主管包建": self._numbered(self.supervision_table, "主管包建",
                                   {"unit": "业务主管单位", "name": "组织名称", "code": "统一社会信用代码",
                                    "instructor": "党建工作指导员", "phone": "联系电话"}),
            "党群共建": self.mass_table.rename(columns={
                "mass_org": "群团组织", "name": "组织名称", "code": "统一社会信用代码", "task": "任务",
            })[list(SHEET_COLUMNS["党群共建"])].reset_index(drop=True),
            "责任容量": self.capacity_table.rename(columns={"unit": "单位", "capacity": "容量"}),
        }
        positions = pd.Index(self.orgs["uid"].to_numpy())
        planted = {}
        for key, (sheet, rows) in self.planted.items():
            if sheet == "两新组织":
                rows = positions.get_indexer(np.asarray(rows, dtype=np.int64))
                rows = np.sort(rows[rows >= 0])
            planted[key] = (sheet, tuple(int(r) for r in rows))
        return DemoWorkbook(sheets=sheets, titles=dict(SHEET_TITLES), planted=planted, notable=dict(self.notable))

    @staticmethod
    def _numbered(table, sheet, columns):
        frame = table.rename(columns=columns)
        frame.insert(0, "序号", np.arange(1, len(frame) + 1, dtype=np.int64))
        return frame[list(SHEET_COLUMNS[sheet])].reset_index(drop=True)

    def _geography_sheet(self):
        return pd.DataFrame({
            "街道": _column(_objects(STREETS)[self.comm_street]),
            "社区": _column(self.comm_name),
            "社区责任人": _column(self.comm_owner),
        })

    def _organization_sheet(self):
        orgs = self.orgs
        social = orgs["social"].to_numpy()

        def override(truth, cell):
            cell = orgs[cell].to_numpy(dtype=object)
            written = pd.notna(cell)
            result = np.where(written, cell, truth).astype(object)
            result[written & (cell == "")] = None
            return result

        name = override(orgs["name"].to_numpy(dtype=object), "name_cell")
        street = override(_objects(STREETS)[orgs["street"].to_numpy()], "street_cell")
        community = override(self.comm_name[orgs["community"].to_numpy()], "community_cell")
        employees = override(orgs["employees"].to_numpy().astype(object), "employees_cell")
        status = orgs["status"].to_numpy()
        status_text = _objects(_STATUS_TEXT)[status]
        status_text[(status == _NONE) & orgs["status_blank"].to_numpy()] = None
        above = _yes_no_cells(orgs["above"].to_numpy(), orgs["style_above"].to_numpy())
        above[social] = None
        entity = _yes_no_cells(orgs["entity"].to_numpy(), orgs["style_entity"].to_numpy())
        entity[~social] = None
        union = override(_yes_no_cells(orgs["union"].to_numpy(), orgs["style_union"].to_numpy()), "union_cell")
        key = np.where(orgs["key"].to_numpy(), "是", None).astype(object)
        return pd.DataFrame({
            "组织名称": _column(name),
            "统一社会信用代码": _column(orgs["code"].to_numpy(dtype=object)),
            "组织类型": _column(np.where(social, "社会组织", "非公企业").astype(object)),
            "街道": _column(street),
            "社区": _column(community),
            "从业人员数": _column(employees),
            "党员数": orgs["members"].to_numpy().astype(np.int64),
            "规模以上": _column(above),
            "实体性": _column(entity),
            "党组织状态": _column(status_text),
            "所在党组织": _column(orgs["party_org"].to_numpy(dtype=object)),
            "工会": _column(union),
            "团组织": _column(_yes_no_cells(orgs["league"].to_numpy(), orgs["style_league"].to_numpy())),
            "妇组织": _column(_yes_no_cells(orgs["women"].to_numpy(), orgs["style_women"].to_numpy())),
            "重点难点": _column(key),
            "行业": _column(orgs["industry"].to_numpy(dtype=object)),
        })
