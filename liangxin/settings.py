"""Operational knobs, in one place (osmnx's ``settings``): limits and defaults that are not rules.

The rules of RULES.md (thresholds, capacities, the district) live in the rules file
(``liangxin/queries/default_rules.toml``); what is here only changes how much is drawn, sent or
written at once. Plain constants, importable without pandas.
"""

import contextlib
import contextvars
import os
from dataclasses import dataclass

__all__ = ["NETWORK_MAX_NODES", "NETWORK_PLACES_SHARE", "NETWORK_CATALOG_MAX_ORGANIZATIONS", "NEO4J_BATCH_SIZE", "REPORT_ALL_ORGANIZATIONS_MAX", "PARALLEL_OUTPUTS_MIN_ORGANIZATIONS", "PARALLEL_OUTPUTS_EARLY_MIN_BYTES",
           "THREADED_SORT_MIN_ORGANIZATIONS", "FINDINGS_CSV_ROWS", "RETAIN_FREED_MEMORY", "usable_cores", "ReadLimits",
           "DEFAULT_LIMITS", "current", "reading_limits"]

#: Nodes drawn at most in one network page (``liangxin viz --max-nodes``); more slows the browser.
NETWORK_MAX_NODES = 3000

#: The share of that cap the whole view's streets, communities and units may take. Past it (a city's
#: thousands of communities and units, or a large district's) the view draws the communities and
#: the units without an overload or idle finding only with the organizations drawn, so that the
#: organizations with findings, what the page is for, are drawn at all.
NETWORK_PLACES_SHARE = 0.5

#: Organizations at most in a network page's catalogue (its search, detail panel and export): past it
#: the page lists its view's organizations, or those drawn, and says so. Measured in headless
#: Chromium (2026-12-04): a 3,000,000-organization city's page holds 1.83 GB of the renderer's
#: 3.76 GB JavaScript heap, and its catalogue unpacks to 292 million characters of JSON, where V8's
#: longest string is 537 million; both grow with the organizations (10,000,000: 658 million, too long).
NETWORK_CATALOG_MAX_ORGANIZATIONS = 4_000_000

#: Organizations listed one by one at most in report.xlsx's 全部组织 sheet (a large district has some
#: tens of thousands): 23 columns of 100,000 organizations take some 20 s to write, a city's
#: millions minutes. Above it the sheet says so, and the street workbooks (``analyze --by-street``)
#: list every organization of their street.
REPORT_ALL_ORGANIZATIONS_MAX = 50_000

#: Organizations from which ``analyze`` writes report.xlsx and its charts in a second process while
#: this one writes the other files (:mod:`liangxin.outputs`), on a machine of two cores or more.
#: Below it, starting that process (about a second) costs more than it saves.
PARALLEL_OUTPUTS_MIN_ORGANIZATIONS = 200_000

#: Input size (bytes on disk) from which ``analyze`` starts that process before it reads the input, so
#: that its start (importing the Excel engine and matplotlib: 1.5–1.7 s) goes on beside the
#: validation instead of before the charts. 16 MB is a workbook of some 200,000 organizations, a CSV
#: folder of some 100,000; below the organizations' threshold the process is stopped unused.
PARALLEL_OUTPUTS_EARLY_MIN_BYTES = 16 * 2**20

#: Organizations from which the report order (:func:`liangxin.graph.index.report_order`) sorts its
#: streets' ids on several threads: a 3,000,000-organization city's 2.0 s take 1.0 s on two cores.
THREADED_SORT_MIN_ORGANIZATIONS = 200_000

#: Rows of findings.csv made at once by the fast writer (:mod:`liangxin.viz.machine`): its copies of
#: the text and the safety pass's columns are held for this many rows only. A 3,000,000-organization
#: city's 1,700,000 rows (2026-12-04): 3.3–3.5 s whole, 2.4 s in slices of 400,000, some 700 MB less.
FINDINGS_CSV_ROWS = 400_000


#: Whether the ``liangxin`` program (and its worker) keeps the memory it frees for its own later use
#: instead of handing it back to the system at once (Linux with glibc; :mod:`liangxin._memory`).
#: Fresh memory costs a page fault and zeroing per page, and more on a virtual machine that returns
#: free memory to its host. A million organizations' ``analyze`` (2026-12-04): 916,000 → 620,000
#: page faults, 4.7–4.9 → 3.9–4.3 s of system time, peak 1.83–1.85 → 1.89–1.94 GB. The memory goes
#: back when the command ends. Notebooks are not affected.
RETAIN_FREED_MEMORY = True


def usable_cores() -> int:
    """The cores this process may run on: its affinity where the system keeps one (``taskset``, a
    container's CPU set), else the machine's.

    Examples
    --------
    >>> usable_cores() >= 1
    True
    """
    if hasattr(os, "process_cpu_count"):  # Python 3.13
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


#: Rows sent in one ``UNWIND $rows`` transaction to Neo4j (``liangxin neo4j push --batch-size``).
NEO4J_BATCH_SIZE = 2000


@dataclass(frozen=True)
class ReadLimits:
    """What the reader refuses to read, per input file (issue 19): defaults no real district reaches.

    A rules file may change them in its ``[limits]`` section (``queries/default_rules.toml``,
    which repeats these defaults); :mod:`liangxin.loaders.limits` applies them while reading.

    Attributes
    ----------
    max_cells : int
        Cells in one sheet's used range (rows × columns, from A1 to the farthest cell with content).
    max_columns : int
        Columns with content in one sheet.
    max_unpacked_mb : int
        Megabytes a workbook unpacks to (the sum of its parts), or a CSV file's size.
    max_unpack_ratio : int
        How many times its packed size a workbook of more than 10 MB unpacked may unpack to.
    max_cell_chars : int
        Characters in one cell (Excel's own limit is 32,767).
    """

    max_cells: int = 10_000_000
    max_columns: int = 1_000
    max_unpacked_mb: int = 500
    max_unpack_ratio: int = 100
    max_cell_chars: int = 32_767


DEFAULT_LIMITS = ReadLimits()
_CURRENT = contextvars.ContextVar("liangxin_read_limits", default=DEFAULT_LIMITS)


def current():
    """The limits in force (the defaults unless :func:`reading_limits` set others).

    Examples
    --------
    >>> current().max_cell_chars
    32767
    """
    return _CURRENT.get()


@contextlib.contextmanager
def reading_limits(limits):
    """Read with `limits` (a :class:`ReadLimits`, or None for the defaults) inside the block.

    Examples
    --------
    >>> with reading_limits(ReadLimits(max_columns=50)):
    ...     current().max_columns
    50
    >>> current().max_columns
    1000
    """
    token = _CURRENT.set(limits or DEFAULT_LIMITS)
    try:
        yield
    finally:
        _CURRENT.reset(token)
