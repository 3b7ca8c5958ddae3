"""The streets of an analysis (街道社区) and a street named the way an analyst types it."""

import pandas as pd

from liangxin.errors import LiangxinInputError
from liangxin.text import normalize_place

__all__ = ["street_names", "resolve_street"]


def street_names(analysis) -> list:
    """The streets of 街道社区, in code-point order.

    Examples
    --------
    >>> street_names(result)
    ['坂田街道', '布吉街道', '平湖街道', '横岗街道']
    """
    return sorted(pd.unique(analysis.network.tables.geography["street"]).tolist())


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
    liangxin.errors.LiangxinInputError: 找不到街道“龙城”：台账“街道社区”工作表中没有它。已有街道：坂田街道、布吉街道、平湖街道、横岗街道
    """
    wanted = normalize_place(pd.Series([street], dtype=object), "街道").iloc[0]
    streets = street_names(analysis)
    if wanted not in streets:
        raise LiangxinInputError(f"找不到街道“{street}”：台账“街道社区”工作表中没有它。已有街道：{'、'.join(streets)}")
    return wanted
