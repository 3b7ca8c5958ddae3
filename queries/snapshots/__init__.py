"""Two snapshots of the same district compared (RULES.md, "Snapshots"), and the campaign's progress.

The seed plan runs in phases and the committee reports each unit's progress periodically
(定期通报). Analysts keep dated copies of the workbook:

- :mod:`~liangxin.queries.snapshots.matching`: which organization of one snapshot is which of
  the other (by credit code, then by a name unique on both sides);
- :mod:`~liangxin.queries.snapshots.compare`: :func:`compare_snapshots`, gaps closed and opened,
  Party organizations formed, organizations added, removed or renamed, streets' rates and units'
  loads before and after;
- :mod:`~liangxin.queries.snapshots.progress`: the bulletin's figures (targets, streets' and
  units' progress, the largest open organizations, the campaign's phase).

A unit's progress counts organizations by the load rule (:func:`liangxin.queries.loads.unit_attribution`);
the units answering for an organization are named by
:func:`liangxin.queries.responsibility.responsible_units`. Both are re-exported here.
"""

from liangxin.queries.loads import unit_attribution
from liangxin.queries.responsibility import responsible_units
from liangxin.queries.snapshots.compare import (FIELD_ZH, GAP_CATEGORY_ZH, STATUS_CHANGE_ZH, SnapshotDiff,
                                                compare_snapshots)
from liangxin.queries.snapshots.matching import match_organizations
from liangxin.queries.snapshots.progress import (campaign_phase, largest_open_organizations,
                                                 street_progress, target_figures, unit_progress)

__all__ = ["SnapshotDiff", "compare_snapshots", "match_organizations", "unit_attribution",
           "target_figures", "street_progress", "unit_progress", "largest_open_organizations",
           "campaign_phase", "responsible_units", "STATUS_CHANGE_ZH", "GAP_CATEGORY_ZH", "FIELD_ZH"]
