"""One way in: open any input a command takes and return the network.

Every command (``analyze``, ``viz``, ``diff``, ``bulletin``, ``neo4j push``/``check``) and the
notebooks' ``lx.load`` open their INPUT through :func:`open_input`, so each accepts the same
forms: a .xlsx/.xls workbook, a folder of CSV files, a folder of submissions (the workbooks and
CSV files units sent, subfolders one level down, INPUT.md), or a saved network (``.lxg``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from liangxin.graph.network import ResponsibilityNetwork
    from liangxin.queries.analysis import Analysis
    from liangxin.queries.rules import Rules

__all__ = ["open_input", "load", "analyze", "is_saved_network", "warn_unnamed_scope", "UNNAMED_SCOPE"]

log = logging.getLogger(__name__)

#: The suffix of a saved network (:func:`liangxin.graph.store.save_network`).
SAVED_NETWORK_SUFFIX = ".lxg"


def is_saved_network(path: str | Path) -> bool:
    """Whether `path` names a saved network rather than a workbook or a folder.

    Examples
    --------
    >>> is_saved_network("龙岗.LXG"), is_saved_network("台账.xlsx")
    (True, False)
    """
    return str(path).lower().endswith(SAVED_NETWORK_SUFFIX)


def _rules(rules: Rules | str | Path | None) -> Rules:
    from liangxin.queries.rules import Rules, load_rules

    return rules if isinstance(rules, Rules) else load_rules(rules)


def open_input(path: str | Path, rules: Rules | str | Path | None = None, *,
               name_scope: bool = True) -> ResponsibilityNetwork:
    """Read a workbook, a folder (CSV files, or any mix of submitted files) or a saved ``.lxg``
    network and return the network.

    Parameters
    ----------
    path : str or Path
        A .xlsx/.xls workbook, a folder of CSV files, a folder of submissions
        (:func:`liangxin.loaders.read.read_submissions`), or a ``.lxg`` file.
    rules : Rules or str or Path, optional
        Only its ``district`` is used here (the district the network's root is named after);
        a saved network keeps the district it was saved with.
    name_scope : bool, optional
        Warn (:func:`warn_unnamed_scope`) when a city is left under the default district's name;
        False where the name is not used (Neo4j stores a city district by district).

    Returns
    -------
    ResponsibilityNetwork

    Examples
    --------
    The hand-made workbook has 13 organizations that load (tests/test_handmade.py):

    >>> net = open_input(handmade_path)
    >>> len(net.tables.organizations)
    13

    The same workbook as a folder of CSV files, and the network saved as ``.lxg``:

    >>> from tests.fixtures import handmade
    >>> len(open_input(handmade.write_csv_folder("台账")).tables.organizations)
    13
    >>> saved = lx.save_network(net, "龙岗.lxg")
    >>> len(open_input(saved).tables.organizations)
    13

    The same data as the units send it: each street's list and each 附件 a file of its own
    (tests/fixtures/submissions.py); every problem names its file:

    >>> from tests.fixtures import submissions
    >>> folder = open_input(submissions.write_folder("各单位报送"))
    >>> len(folder.tables.organizations)
    13
    >>> folder.tables.rejected.loc[0, ["file", "sheet"]].tolist()
    ['平湖街道/两新组织.xlsx', '两新组织']
    """
    if is_saved_network(path):
        return _open_saved(path, name_scope)
    from liangxin.graph.network import build_network
    from liangxin.loaders.limits import reading_limits
    from liangxin.loaders.validate import load_tables

    rules = _rules(rules)
    with reading_limits(rules.limits):  # the [limits] of the rules file, while the files are read
        tables = load_tables(path)
    if name_scope:
        warn_unnamed_scope(tables, rules.district)
    return build_network(tables, district=rules.district)


def _open_saved(path, name_scope):
    """A saved network, as it was saved (its district too)."""
    from liangxin.graph.store import load_network

    log.info("reading saved network %s", path)
    network = load_network(path)
    if name_scope:
        warn_unnamed_scope(network.tables, network.district, saved=True)
    return network


#: The ``code`` of the warning :func:`warn_unnamed_scope` logs (in the record's ``extra``).
UNNAMED_SCOPE = "SCOPE_UNNAMED"
#: The (districts, scope) pairs already warned of in this process: a command that opens several
#: snapshots of one city (diff, trend, bulletin --history) says it once.
_WARNED = set()


def warn_unnamed_scope(tables, scope: str, saved: bool = False) -> bool:
    """Warn when the data names several districts but the scope is still the default's district:
    report.xlsx's 总览, the bulletin's issuer and network.html's title would call a city by one
    district's name (``中共龙岗区委`` over 龙岗区, 福田区 and 罗湖区). Once per process for one city
    and scope; `saved` for a saved network, which keeps the name it was saved with. Return whether
    it warned.

    Examples
    --------
    >>> from liangxin.loaders.validate import load_tables
    >>> warn_unnamed_scope(load_tables(handmade_path), "龙岗区")  # one district: nothing to say
    False
    """
    from liangxin.queries.rules import load_rules
    from liangxin.text import first_few

    geography = tables.geography
    districts = geography["district"].dropna().unique().tolist() if "district" in geography else []
    key = (tuple(districts), scope)
    if len(districts) < 2 or scope != load_rules().district or key in _WARNED:
        return False
    _WARNED.add(key)
    named = first_few(districts)
    fix = ("这是保存时的名称，需从台账重新分析" if saved else "")
    log.warning("台账包含 %d 个区（%s），范围名称却仍是默认的“%s”（规则文件的 district 项）：报告总览、通报落款和网络图标题都会用它。"
                "全市（或几个区）一份台账时，请在规则文件开头写上范围名称，如 district = \"深圳市\"，"
                "分析时用 --rules 指定这个规则文件%s。", len(districts), named, scope,
                "（" + fix + "）" if fix else "", extra={"code": UNNAMED_SCOPE})
    return True


#: The notebooks' name for :func:`open_input`.
load = open_input


def analyze(network_or_path: ResponsibilityNetwork | str | Path,
            rules: Rules | str | Path | None = None) -> Analysis:
    """Run every query on a network (or on an input, opened first) and return an :class:`Analysis`.

    Examples
    --------
    Its overloaded units, worked out by hand in tests/test_handmade.py:

    >>> result = analyze(handmade_path)
    >>> sorted(result.overloaded["unit"])
    ['刘洋', '区民政局', '张伟']
    """
    from liangxin.graph.network import ResponsibilityNetwork
    from liangxin.queries.analysis import analyze_network

    rules = _rules(rules)
    network = network_or_path
    if not isinstance(network, ResponsibilityNetwork):
        network = open_input(network_or_path, rules)
    return analyze_network(network, rules)
