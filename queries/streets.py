"""The streets of an analysis (街道社区) in the district's official order, and a street named the way an analyst types it.

The official order is the order of the 街道社区 sheet (each street where it first appears):
every table, chart and drop-down a person reads lists streets that way, not in code-point order.
"""

import numpy as np
import pandas as pd

from liangxin.errors import LiangxinInputError
from liangxin.text import normalize_place, text_index

__all__ = ["street_names", "resolve_street", "street_rank", "sort_by_street"]


def _network(analysis_or_network):
    return getattr(analysis_or_network, "network", analysis_or_network)


def street_names(analysis) -> list:
    """The streets of 街道社区, in the district's official order (the order of that sheet).

    Parameters
    ----------
    analysis : Analysis or ResponsibilityNetwork

    Examples
    --------
    The hand-made workbook lists 平湖, 布吉, 坂田, 横岗 (tests/fixtures/handmade.py, GEOGRAPHY):

    >>> street_names(result)
    ['平湖街道', '布吉街道', '坂田街道', '横岗街道']
    """
    geography = _network(analysis).tables.geography
    if "row" in geography and geography["row"].notna().all():
        geography = geography.sort_values("row", kind="stable")
    return pd.unique(geography["street"].dropna().to_numpy(dtype=object)).tolist()


def street_rank(analysis, streets) -> np.ndarray:
    """The position of each of `streets` in the official order; a street not on 街道社区 (or empty) after all.

    Examples
    --------
    >>> street_rank(result, ["坂田街道", "平湖街道", "龙城街道", None]).tolist()
    [2, 0, 4, 5]
    """
    order = street_names(analysis)
    values = text_index(streets)  # as object: pandas 3 would make a million streets Arrow text first
    known = text_index(order).get_indexer(values)
    empty = pd.isna(values.to_numpy())
    return np.where(known >= 0, known, np.where(empty, len(order) + 1, len(order)))


def sort_by_street(frame: pd.DataFrame, analysis, column: str = "street", then=()) -> pd.DataFrame:
    """`frame` with its rows in the official street order (stable), then by the columns `then`.

    Streets not on 街道社区 come after the known ones, rows with no street last.

    Examples
    --------
    >>> frame = pd.DataFrame({"street": ["坂田街道", None, "平湖街道", "布吉街道"], "n": [1, 2, 3, 4]})
    >>> sort_by_street(frame, result)["n"].tolist()
    [3, 4, 1, 2]
    """
    ranked = frame.assign(_street_rank=street_rank(analysis, frame[column]))
    return ranked.sort_values(["_street_rank", *then], kind="stable").drop(columns="_street_rank")


def resolve_street(analysis, street: str) -> str:
    """Return the full name of `street` (``"平湖"`` → ``"平湖街道"``) as on 街道社区.

    Raises
    ------
    LiangxinInputError
        The street is not on 街道社区; the message lists the streets.

    Examples
    --------
    >>> resolve_street(result, "平湖")
    '平湖街道'
    >>> resolve_street(result, "龙城")  # an organization's street, but not on 街道社区
    Traceback (most recent call last):
    ...
    liangxin.errors.LiangxinInputError: 找不到街道“龙城”：台账“街道社区”工作表中没有它。已有街道：平湖街道、布吉街道、坂田街道、横岗街道
    """
    wanted = normalize_place(pd.Series([street], dtype=object), "街道").iloc[0]
    streets = street_names(analysis)
    if wanted not in streets:
        raise LiangxinInputError(f"找不到街道“{street}”：台账“街道社区”工作表中没有它。已有街道：{'、'.join(streets)}")
    return wanted
