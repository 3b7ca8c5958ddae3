"""The demo (``liangxin demo``): a realistic synthetic Longgang workbook, and writing it.

The composition layer of the demo: it may use the queries, so that the overloads it plants
are the load rule's (:func:`liangxin.queries.loads.attribute_loads`). One concept per module:
:mod:`~liangxin.demo.district` (the district and its names), :mod:`~liangxin.demo.cells`
(cells and draws), :mod:`~liangxin.demo.organizations`, :mod:`~liangxin.demo.problems`
(problems planted, findings guaranteed), :mod:`~liangxin.demo.responsibility` (the
responsibility tables), :mod:`~liangxin.demo.later` (the later snapshot),
:mod:`~liangxin.demo.workbook` (:func:`demo_sheets`) and :mod:`~liangxin.demo.write`
(:func:`write_demo`).

:func:`demo_sheets` builds every sheet of INPUT.md as a pandas DataFrame whose
cells are what an analyst types in Excel: ints, text, ``None`` for an empty
cell, yes/no cells as 是/否 (with some 有/无, Y/N, √ for variety). The district
is the real one (11 streets, about ten communities each); organizations,
people and responsibility tables are drawn from a seeded
:class:`numpy.random.Generator`, column-wise, so a million organizations take
seconds.

Every path of the loaders and queries is exercised at the default size: each
data problem INPUT.md lists is planted on a small handful of rows (the handful
grows slowly with the size), and every finding of RULES.md has at least one
organization or unit. :attr:`DemoWorkbook.planted` names the rows,
:attr:`DemoWorkbook.notable` the units, so tests can assert on them.

``later=True`` gives the same district a few weeks on (定期通报): some open
organizations formed a Party organization, a few organizations were added,
removed or renamed, some figures changed and a leader was re-attached.

Keys of :attr:`DemoWorkbook.planted` (value ``(sheet, rows)``)
----------------------------------------------------------------
两新组织, read without complaint:
    ``employees_fullwidth`` (１２０), ``employees_with_unit`` (85人, 120 人),
    ``street_no_suffix`` (平湖), ``community_no_suffix`` (山厦), ``name_padded``
    (leading/trailing spaces, U+3000).
两新组织, rejected rows:
    ``employees_bad_text`` (约一百), ``employees_dash`` (-), ``members_negative``,
    ``name_empty``, ``duplicate_row`` (the second copy of ``duplicate_original``,
    same credit code).
两新组织, warnings:
    ``code_bad_check`` (wrong check character, otherwise fine),
    ``joint_without_party_org``, ``yes_no_unclear`` (工会 不详).
两新组织, findings:
    ``community_empty`` (NO_COMMUNITY), ``street_empty`` (UNKNOWN_STREET),
    ``community_unknown`` (UNKNOWN_COMMUNITY, 金沙社区), ``community_other_street``
    (STREET_MISMATCH), ``community_no_owner``, ``no_supervisor``,
    ``no_responsible_unit`` (open, in 园山街道, named by no table),
    ``members_required``, ``party_org_required``, ``mass_org_first``,
    ``standalone_possible``, ``mass_org_missing`` (one row each).
Other sheets:
    ``owner_empty`` (街道社区), ``leader_unknown_organization``,
    ``leader_name_padded`` (挂点促建), ``station_street_unknown`` (葵涌街道),
    ``station_street_no_suffix`` (驻街保建), ``supervision_of_enterprise``
    (主管包建), ``mass_reference_bad_code``, ``mass_reference_halfwidth_brackets``
    (党群共建).
Later snapshot only:
    ``later_formed``, ``later_changed_figures``, ``later_renamed``, ``later_added``
    (两新组织), ``later_reattached`` (挂点促建).

:attr:`DemoWorkbook.notable` names ``overloaded_leader`` (≥ 8 open organizations),
``boundary_leader`` (capacity override 3, exactly 3 open), ``overloaded_department``,
``capacity_department`` (override 30, load between 20 and 30),
``overloaded_supervisory_unit``, ``overloaded_instructor`` (name, unit),
``twin_instructor`` (one name under two units, at most 8 each),
``dual_role_units``, ``capacity_overrides``, ``no_department_street``,
``shared_community``, ``unknown_community``, ``unknown_station_street``,
``phantom_organization`` and, later, ``later_renamed`` (code, old, new),
``later_removed``, ``later_removed_codes``, ``later_reattached`` (leader, old, new).
The unit findings are guaranteed at the default size; smaller districts plant
every row problem but may lack enough open organizations to overload a unit.
"""

from liangxin.demo.district import MIN_ORGS, STREETS
from liangxin.demo.workbook import SHEET_COLUMNS, SHEET_TITLES, DemoWorkbook, demo_series, demo_sheets
from liangxin.demo.write import write_demo, write_demo_series

__all__ = ["DemoWorkbook", "demo_sheets", "demo_series", "write_demo", "write_demo_series", "MIN_ORGS", "SHEET_COLUMNS", "SHEET_TITLES", "STREETS"]
