"""Recommendations for the campaign: who to group, who to form next, who to relieve, what to check.

One module per recommendation:

- :mod:`~liangxin.queries.recommend.joint`: :func:`joint_formation_candidates` (联合组建建议),
  groups of open organizations with fewer full members than a standalone branch needs, whose
  members add up to enough, within one community first, then one street, the same industry first;
- :mod:`~liangxin.queries.recommend.standalone`: :func:`standalone_candidates` (成熟一个、组建一个),
  organizations with enough full members and no standalone branch, ranked;
- :mod:`~liangxin.queries.recommend.rebalance`: :func:`rebalance_units` (负荷调整建议), for each
  overloaded unit, which open organizations could move to which light unit of the same street or
  field, with the loads before and after by the load rule;
- :mod:`~liangxin.queries.recommend.conflicts`: :func:`data_conflicts` (数据冲突), the same
  organization with a different street, size or member figure in two places of one snapshot
  (another sheet, or a second row); a change between snapshots is a 数据变动, not a conflict;
- :mod:`~liangxin.queries.recommend.advice`: :class:`Recommendations` and :func:`recommend_all`,
  all of the above for one snapshot.

Every function is pure: an :class:`~liangxin.queries.analysis.Analysis` in, DataFrames out.
"""

from liangxin.queries.recommend.advice import Recommendations, recommend_all
from liangxin.queries.recommend.conflicts import CONFLICT_COLUMNS, CONFLICT_FIELDS, data_conflicts
from liangxin.queries.recommend.joint import JOINT_LEVELS, ROLE_IN_GROUP_ZH, joint_formation_candidates
from liangxin.queries.recommend.rebalance import MOVE_ZH, Rebalancing, rebalance_units
from liangxin.queries.recommend.standalone import STATUS_ZH, standalone_candidates

__all__ = ["joint_formation_candidates", "standalone_candidates", "rebalance_units", "Rebalancing",
           "data_conflicts", "Recommendations", "recommend_all", "CONFLICT_FIELDS", "JOINT_LEVELS", "ROLE_IN_GROUP_ZH", "MOVE_ZH", "STATUS_ZH", "CONFLICT_COLUMNS"]
