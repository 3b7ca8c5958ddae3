"""``liangxin demo``: write the synthetic Longgang workbook (:func:`demo_sheets` through loaders.writers)."""

from pathlib import Path

from liangxin.demo.workbook import demo_sheets
from liangxin.loaders.writers import EXCEL_MAX_DATA_ROWS, write_workbook_csv, write_workbook_xlsx

__all__ = ["write_demo"]


def write_demo(out_dir, n_orgs: int = 5000, seed: int = 0, later: bool = False, csv: bool = False) -> Path:
    """Write the demo workbook into `out_dir` and return its path.

    ``sample.xlsx`` (``sample_later.xlsx`` with `later`); with `csv`, or past Excel's row limit,
    the CSV folder form ``sample/`` (``sample_later/``).

    Examples
    --------
    >>> write_demo(tmp, n_orgs=500).name
    'sample.xlsx'
    >>> write_demo(tmp, n_orgs=500, later=True, csv=True).name
    'sample_later'
    """
    out_dir = Path(out_dir)
    workbook = demo_sheets(n_orgs, seed, later=later)
    stem = "sample_later" if later else "sample"
    if csv or max(len(frame) for frame in workbook.sheets.values()) > EXCEL_MAX_DATA_ROWS:
        return write_workbook_csv(workbook.sheets, out_dir / stem, workbook.titles)
    return write_workbook_xlsx(workbook.sheets, out_dir / f"{stem}.xlsx", workbook.titles)
