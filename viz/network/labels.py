"""How numbers and names are written on the network page: labels and tooltip values.

Examples
--------
>>> count_text(12345), rate_text(0.4286), rate_text(None)
('12,345', '42.9%', '—')
>>> short_label("深圳市龙岗区平湖街道餐饮行业协会")
'深圳市龙岗区平湖街道餐…'
>>> joined(["区教育局", "区民政局", "区教育局", None])
'区教育局、区民政局'
"""

import math

__all__ = ["count_text", "rate_text", "short_label", "joined", "LABEL_CHARS"]

#: Node labels longer than this are shortened with "…".
LABEL_CHARS = 12


def count_text(n):
    """A count with thousands separators."""
    return f"{int(n):,}"


def rate_text(value):
    """A rate as a percentage with one decimal ("—" for none)."""
    return "—" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.1%}"


def short_label(name):
    """`name`, shortened to :data:`LABEL_CHARS` characters."""
    name = str(name)
    return name if len(name) <= LABEL_CHARS else name[:LABEL_CHARS - 1] + "…"


def joined(values, limit=8):
    """The distinct given `values` joined with "、", the first `limit` of them and how many in all."""
    values = [str(v) for v in dict.fromkeys(v for v in values if v is not None and v == v)]
    if len(values) > limit:
        return "、".join(values[:limit]) + f" 等 {len(values)} 个"
    return "、".join(values)
