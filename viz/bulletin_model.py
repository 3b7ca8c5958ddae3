"""The bulletin's content as data: sections of paragraphs, tables and charts, and the number wording.

Shared by the composition (:mod:`liangxin.viz.bulletin`), the trend section
(:mod:`liangxin.viz.bulletin_history`) and the writers (:mod:`liangxin.viz.bulletin_files`).
"""

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from liangxin.viz.safety import UNPRINTABLE

__all__ = ["Bulletin", "BulletinTable", "BulletinImage", "Section"]

@dataclass
class BulletinTable:
    """A table of the bulletin: every cell already text."""

    title: str
    columns: list
    rows: list
    note: str = ""


@dataclass
class BulletinImage:
    """A chart of the bulletin: a PNG file and its caption."""

    title: str
    path: Path


@dataclass
class Section:
    """A numbered section: a heading and blocks (a paragraph string, a :class:`BulletinTable` or a :class:`BulletinImage`)."""

    heading: str
    blocks: list = field(default_factory=list)


@dataclass
class Bulletin:
    """The bulletin's content, ready to render."""

    title: str
    date: dt.date
    issuer: str
    addressee: str
    intro: str
    sections: list
    appendices: list
    subtitle: str = ""
    #: 文号 (``深龙组通〔2019〕35号``) and 签发人, printed when given.
    number: str = ""
    signer: str = ""

    @property
    def date_text(self):
        return _date(self.date)


# ---------------------------------------------------------------------------
# Number formatting
# ---------------------------------------------------------------------------

def _date(day):
    return f"{day.year}年{day.month}月{day.day}日"


def _missing(value):
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _pct(value):
    return "—" if _missing(value) else f"{float(value) * 100:.1f}%"


def _pp(value):
    """A rate change in percentage points, with its sign."""
    if _missing(value):
        return "—"
    points = float(value) * 100
    return "持平" if abs(points) < 0.05 else f"{points:+.1f}个百分点"


def _num(value):
    """A count, or a fractional share (a department's street share) with 2 decimals."""
    if _missing(value):
        return "—"
    value = float(value)
    return f"{value:.0f}" if abs(value - round(value)) < 1e-9 else f"{value:.2f}"


def _text(value):
    if _missing(value):
        return ""
    return UNPRINTABLE.sub("", str(value))


def _names(values, limit=5):
    values = [_text(v) for v in values]
    shown = "、".join(values[:limit])
    return shown + (f"等{len(values)}个" if len(values) > limit else "")
