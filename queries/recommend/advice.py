"""Every recommendation for one snapshot, as one object (:class:`Recommendations`)."""

from dataclasses import dataclass

import pandas as pd

from liangxin.queries.recommend.conflicts import data_conflicts
from liangxin.queries.recommend.joint import joint_formation_candidates
from liangxin.queries.recommend.rebalance import Rebalancing, rebalance_units
from liangxin.queries.recommend.standalone import standalone_candidates

__all__ = ["Recommendations", "recommend_all"]


@dataclass
class Recommendations:
    """The recommendation tables of :mod:`liangxin.queries.recommend` for one snapshot.

    Attributes
    ----------
    joint : DataFrame
        :func:`~liangxin.queries.recommend.joint_formation_candidates`.
    standalone : DataFrame
        :func:`~liangxin.queries.recommend.standalone_candidates`.
    rebalancing : Rebalancing
        :func:`~liangxin.queries.recommend.rebalance_units`.
    conflicts : DataFrame
        :func:`~liangxin.queries.recommend.data_conflicts` (within the snapshot).
    """

    joint: pd.DataFrame
    standalone: pd.DataFrame
    rebalancing: Rebalancing
    conflicts: pd.DataFrame


def recommend_all(analysis) -> Recommendations:
    """Every recommendation of :mod:`liangxin.queries.recommend` for `analysis`, as one object.

    The recommendations are about one snapshot: what changed since an earlier one is the
    comparison's 数据变动 (:func:`~liangxin.queries.snapshots.compare_snapshots`), not a conflict.

    Examples
    --------
    On the later snapshot of the hand-worked pair (tests/fixtures/snapshots.py) 李娜's 挂点促建 row
    names 布吉 for D, which stands in 坂田; and J (row 11) repeats A's credit code with 0 members
    where A, now, has 3 (tests/fixtures/handmade.py). The figures that changed since the earlier
    snapshot (E's street, I's employees, A's and Q's members) are not conflicts:

    >>> from tests.fixtures.snapshots import write_pair
    >>> old, new = (lx.analyze(path) for path in write_pair(tmp))
    >>> recs = recommend_all(new)
    >>> for row in recs.conflicts[["name", "field", "other_row"]].values.tolist():
    ...     print(row)
    ['丁制造有限公司', 'street', 4]
    ['甲科技有限公司', 'duplicate', 11]
    """
    return Recommendations(joint=joint_formation_candidates(analysis), standalone=standalone_candidates(analysis),
                           rebalancing=rebalance_units(analysis), conflicts=data_conflicts(analysis))
