"""Which snapshots a trend or a history covers, and the date of each.

Analysts keep a dated copy of the workbook each week (``台账-2019-05-10.xlsx``); the date comes
from an explicit list, else from the file name, else from the files' order (with a warning).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

from liangxin.errors import LiangxinInputError

__all__ = ["dated_snapshots", "date_in_name", "snapshot_paths"]

log = logging.getLogger(__name__)

_DATE = re.compile(r"(?<!\d)(\d{4})\s*[-_.年]\s*(\d{1,2})\s*[-_.月]\s*(\d{1,2})(?!\d)")
_COMPACT = re.compile(r"(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)")
_SNAPSHOT_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".lxg")
#: What liangxin writes itself, never a snapshot (a report or trend written into the snapshots' folder).
_OUR_OUTPUTS = ("report.xlsx", "trend.xlsx", "diff.xlsx", "_附件名单.xlsx")


def _natural(path):
    """Sort key: 第2周 before 第10周 (digits compared as numbers)."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.name)]


def date_in_name(name: str) -> dt.date | None:
    """The date written in a file name, or None.

    Examples
    --------
    >>> date_in_name("台账-2019-05-10.xlsx"), date_in_name("台账2019年5月3日.xls"), date_in_name("台账20190524")
    (datetime.date(2019, 5, 10), datetime.date(2019, 5, 3), datetime.date(2019, 5, 24))
    >>> date_in_name("台账-上期.xlsx") is None
    True
    """
    for pattern in (_DATE, _COMPACT):
        match = pattern.search(name)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                continue
    return None


def _holds_tables(folder):
    """Whether `folder` is one snapshot: CSV files or workbooks in it or one level down."""
    suffixes = (".csv", ".xlsx", ".xlsm", ".xls", ".ods")
    return any(q.suffix.lower() in suffixes or (q.is_dir() and any(r.suffix.lower() in suffixes for r in q.iterdir()))
               for q in folder.iterdir())


def snapshot_paths(paths) -> list[Path]:
    """The snapshots named: the paths themselves, or what one folder of snapshots holds.

    A folder holding CSV files is one snapshot (the CSV-folder form of a workbook); a folder
    holding workbooks, ``.lxg`` files or CSV folders is a folder of snapshots. A snapshot in it may
    also be a folder of submissions (workbooks and CSV files the units sent, INPUT.md).
    """
    paths = [Path(p) for p in paths]
    if len(paths) == 1 and paths[0].is_dir() and not any(p.suffix.lower() == ".csv" for p in paths[0].iterdir()):
        folder = paths[0]
        paths = sorted((p for p in folder.iterdir() if not p.name.startswith((".", "~$"))
                       and not p.name.endswith(_OUR_OUTPUTS)
                       and ((p.is_file() and p.suffix.lower() in _SNAPSHOT_SUFFIXES)
                            or (p.is_dir() and _holds_tables(p)))),
                       key=_natural)
        if not paths:
            raise LiangxinInputError(f"文件夹 {folder} 中没有台账（.xlsx/.xls、.lxg 或 CSV 文件夹）")
    return paths


def dated_snapshots(paths, dates=None, undated="weekly") -> list[tuple[dt.date, Path]]:
    """Pair each snapshot with its date and return them in date order.

    Parameters
    ----------
    paths : sequence of str or Path
        Snapshots, or one folder of them (:func:`snapshot_paths`).
    dates : sequence of datetime.date, optional
        One per snapshot, in the order given. Without it each date is read from the file name;
        when a name has none, the snapshots are taken a week apart in the order given, ending
        today, and a warning says so — or, with ``undated="refuse"``, the names must carry dates.

    Examples
    --------
    >>> [(str(d), p.name) for d, p in dated_snapshots(["台账-2019-05-10.xlsx", "台账-2019-05-03.xlsx"])]
    [('2019-05-03', '台账-2019-05-03.xlsx'), ('2019-05-10', '台账-2019-05-10.xlsx')]
    """
    paths = snapshot_paths(paths)
    if dates is not None:
        if len(dates) != len(paths):
            raise LiangxinInputError(f"给出了 {len(dates)} 个日期，但有 {len(paths)} 期台账：每期台账一个日期")
        pairs = list(zip(dates, paths))
    else:
        found = [date_in_name(p.name) for p in paths]
        if None in found and undated == "refuse":
            raise LiangxinInputError(f"{paths[found.index(None)]} 的文件名中没有日期：以往各期台账的文件名须带日期，"
                                     "如 台账-2019-05-10.xlsx")
        if None in found:
            log.info("no date in the name of %s: the snapshots are taken a week apart in the order given",
                     paths[found.index(None)])
            today = dt.date.today()
            found = [today - dt.timedelta(weeks=len(paths) - 1 - i) for i in range(len(paths))]
        pairs = list(zip(found, paths))
    days = [d for d, _ in pairs]
    if len(set(days)) != len(days):
        twice = sorted({d for d in days if days.count(d) > 1})[0]
        named = "、".join(str(p) for d, p in pairs if d == twice)
        raise LiangxinInputError(f"有两期台账的日期都是 {twice}（{named}）：每期台账的日期应不同")
    return sorted(pairs, key=lambda pair: pair[0])
