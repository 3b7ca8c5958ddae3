"""The rules file: thresholds and default capacities of RULES.md, in TOML.

The shipped defaults live in ``queries/default_rules.toml``; an analyst's file
overrides any of them for one run. An unknown key or a bad value is a
:class:`~liangxin.errors.RulesError` naming the key.
"""

import datetime as dt
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from liangxin.errors import RulesError
from liangxin.settings import ReadLimits
from liangxin.text import MAX_COUNT

__all__ = ["Rules", "load_rules", "DEFAULT_RULES_PATH"]

DEFAULT_RULES_PATH = Path(__file__).with_name("default_rules.toml")


@dataclass(frozen=True)
class Rules:
    """Every threshold the queries use (see ``default_rules.toml`` for their meaning)."""

    district: str
    members_required_min_employees: int
    party_org_required_min_employees: int
    party_org_required_above_scale: bool
    entity_social_org_min_employees: int
    standalone_min_members: int
    union_required_min_employees: int
    capacity_leader: int
    capacity_department: int
    capacity_supervisory_unit: int
    capacity_instructor: int
    campaign_preparation_end: dt.date
    campaign_push_end: dt.date
    campaign_summary_end: dt.date
    campaign_target: float
    limits_max_cells: int
    limits_max_columns: int
    limits_max_unpacked_mb: int
    limits_max_unpack_ratio: int
    limits_max_cell_chars: int

    def capacity(self, kind):
        """Default capacity of a unit of `kind` (leader, department, supervisory_unit, instructor)."""
        return getattr(self, f"capacity_{kind}")

    @property
    def phases(self):
        """The campaign's phases in order: ``(name, last day)``.

        Examples
        --------
        >>> [(name, str(day)) for name, day in load_rules().phases]
        [('准备阶段', '2019-04-15'), ('攻坚阶段', '2019-06-20'), ('总结阶段', '2019-06-30')]
        """
        return (("准备阶段", self.campaign_preparation_end), ("攻坚阶段", self.campaign_push_end),
                ("总结阶段", self.campaign_summary_end))

    @property
    def limits(self):
        """What the reader refuses to read (:class:`liangxin.settings.ReadLimits`).

        Examples
        --------
        >>> load_rules(limits_max_columns=50).limits.max_columns
        50
        """
        return ReadLimits(**{f.name: getattr(self, f"limits_{f.name}") for f in fields(ReadLimits)})


_SECTIONS = {"scope": "", "capacity": "capacity_", "campaign": "campaign_", "limits": "limits_"}


def _flatten(data, origin):
    flat = {}
    for key, value in data.items():
        if key in _SECTIONS:
            if not isinstance(value, dict):
                raise RulesError(f"规则文件 {origin}：“{key}”应为一个表 [{key}]")
            for inner, inner_value in value.items():
                flat[(f"{key}.{inner}", _SECTIONS[key] + inner)] = inner_value
        else:
            flat[(key, key)] = value
    return flat


def _check(flat, origin):
    types = {f.name: f.type for f in fields(Rules)}
    values, problems = {}, []
    for (shown, name), value in flat.items():
        if name not in types:
            problems.append(f"未知的键“{shown}”")
            continue
        expected = types[name]
        if expected == "bool" or expected is bool:
            ok = isinstance(value, bool)
            want = "true 或 false"
        elif expected == "int" or expected is int:
            # Bounded: a capacity of 2**63 wrapped to a negative int64 and overloaded every unit.
            low = 1 if name.startswith("limits_") else 0  # a limit of 0 would refuse every file
            ok = isinstance(value, int) and not isinstance(value, bool) and low <= value <= MAX_COUNT
            want = f"{low} 到 {MAX_COUNT:,} 之间的整数"
        elif expected == "dt.date" or expected is dt.date:
            ok = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
            want = "日期（如 2019-06-20，不加引号）"
        elif expected == "float" or expected is float:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= 1
            value = float(value) if ok else value
            want = "0 到 1 之间的比例（如 1.0 表示 100%）"
        else:
            ok = isinstance(value, str) and value.strip() != ""
            want = "非空文本"
        if not ok:
            problems.append(f"键“{shown}”的值 {value!r} 无效，应为{want}")
        else:
            values[name] = value
    if problems:
        raise RulesError(f"规则文件 {origin} 有误：" + "；".join(problems))
    return values


def _read(path):
    try:
        # Notepad and WPS save UTF-8 with a BOM, which TOML does not allow.
        return tomllib.loads(Path(path).read_bytes().decode("utf-8-sig"))
    except FileNotFoundError:
        raise RulesError(f"找不到规则文件 {path}") from None
    except OSError:
        raise RulesError(f"无法读取规则文件 {path}：没有读取权限，或它不是文件") from None
    except tomllib.TOMLDecodeError as error:
        raise RulesError(f"规则文件 {path} 不是有效的 TOML：{error}") from None
    except UnicodeDecodeError:
        raise RulesError(f"规则文件 {path} 不是 UTF-8 编码") from None


def load_rules(path=None, **overrides):
    """Return the default rules, overridden by the TOML file `path` and by keyword `overrides`.

    Parameters
    ----------
    path : str or Path, optional
        An analyst's rules file; only the keys it names change.
    **overrides
        Field names of :class:`Rules` (``capacity_leader=3``), for notebooks' what-if runs.

    Raises
    ------
    RulesError
        The file cannot be read, or has an unknown key or a bad value; the message names it.

    Examples
    --------
    >>> load_rules().capacity("leader")
    5
    >>> load_rules(capacity_leader=3).capacity_leader
    3
    """
    values = _check(_flatten(_read(DEFAULT_RULES_PATH), DEFAULT_RULES_PATH), DEFAULT_RULES_PATH)
    if path is not None:
        values.update(_check(_flatten(_read(path), path), path))
    if overrides:
        values.update(_check({(k, k): v for k, v in overrides.items()}, "（参数）"))
    missing = [f.name for f in fields(Rules) if f.name not in values]
    if missing:
        raise RulesError(f"默认规则文件缺少键：{', '.join(missing)}")
    ends = [values["campaign_preparation_end"], values["campaign_push_end"], values["campaign_summary_end"]]
    if ends != sorted(ends):
        raise RulesError("规则文件 [campaign] 的阶段日期应依次为 preparation_end ≤ push_end ≤ summary_end")
    return Rules(**values)
