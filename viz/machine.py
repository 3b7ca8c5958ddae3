"""Machine-readable outputs: ``summary.json`` and ``findings.csv`` (OUTPUT.md)."""

import json
import logging
from pathlib import Path

from liangxin.viz.safety import spreadsheet_text

__all__ = ["write_summary_json", "write_findings_csv"]

log = logging.getLogger(__name__)

TEXT_COLUMNS = ("code", "entity_kind", "entity_id", "name", "street", "community", "detail")


def write_summary_json(summary, path):
    """Write the ``summary.json`` object as UTF-8 JSON with Chinese left readable.

    Examples
    --------
    >>> import json
    >>> from liangxin.queries.analysis import summary_object
    >>> path = write_summary_json(summary_object(result, "台账.xlsx"), "summary.json")
    >>> summary = json.loads(path.read_text(encoding="utf-8"))
    >>> summary["input"], summary["counts"]["organizations"], len(summary["overloaded"])
    ('台账.xlsx', 13, 3)
    >>> "台账" in path.read_text(encoding="utf-8")  # Chinese as it is, not \\u escapes
    True
    """
    path = Path(path)
    path.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    log.info("wrote %s", path)
    return path


def write_findings_csv(findings, path):
    """Write ``findings.csv`` in UTF-8 with BOM so Excel and WPS open it as Chinese text.

    Text that a spreadsheet would run as a formula is made inert (:func:`liangxin.viz.safety.spreadsheet_text`).

    Examples
    --------
    The hand-made workbook has 16 uncovered rows, 9 chain breaks, 3 overloaded units and
    1 idle one (tests/test_handmade.py): 29 findings under the header.

    >>> from liangxin.queries.analysis import findings_table
    >>> path = write_findings_csv(findings_table(result), "findings.csv")
    >>> raw = path.read_bytes()
    >>> raw.startswith(b"\\xef\\xbb\\xbf"), len(raw.decode("utf-8-sig").splitlines())
    (True, 30)
    """
    path = Path(path)
    safe = findings.copy()
    for column in TEXT_COLUMNS:
        safe[column] = spreadsheet_text(safe[column])
    safe.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\r\n")
    log.info("wrote %s (%d findings)", path, len(findings))
    return path
