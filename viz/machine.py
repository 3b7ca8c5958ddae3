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
    >>> write_summary_json({"input": "台账.xlsx"}, "out/summary.json")  # doctest: +SKIP
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
    >>> write_findings_csv(findings_table(result), "out/findings.csv")  # doctest: +SKIP
    """
    path = Path(path)
    safe = findings.copy()
    for column in TEXT_COLUMNS:
        safe[column] = spreadsheet_text(safe[column])
    safe.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\r\n")
    log.info("wrote %s (%d findings)", path, len(findings))
    return path
