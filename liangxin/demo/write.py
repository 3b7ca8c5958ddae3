"""``liangxin demo``: write the synthetic Longgang workbook (:func:`demo_sheets` through loaders.writers)."""

import datetime as dt
from pathlib import Path

from liangxin.demo.city import city_sheets
from liangxin.demo.workbook import demo_series, demo_sheets
from liangxin.loaders.writers import EXCEL_MAX_DATA_ROWS, write_workbook_csv, write_workbook_xlsx

__all__ = ["write_demo", "write_demo_series", "SERIES_START"]

#: The first week of a demo series: a Friday of the push (攻坚) phase of the seed plan.
SERIES_START = dt.date(2019, 4, 26)


def write_demo(out_dir, n_orgs: int = 5000, seed: int = 0, later: bool = False, csv: bool = False,
               districts: int = 1) -> Path:
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
    # Several districts (a city, liangxin.demo.city): one workbook with a 区 column.
    workbook = city_sheets(n_orgs, seed, districts) if districts > 1 else demo_sheets(n_orgs, seed, later=later)
    stem = "sample_later" if later else "sample"
    if csv or max(len(frame) for frame in workbook.sheets.values()) > EXCEL_MAX_DATA_ROWS:
        return write_workbook_csv(workbook.sheets, out_dir / stem, workbook.titles)
    return write_workbook_xlsx(workbook.sheets, out_dir / f"{stem}.xlsx", workbook.titles)


def write_demo_series(folder, n_orgs: int = 5000, seed: int = 0, weeks: int = 4, csv: bool = False) -> list[Path]:
    """Write `weeks` weekly snapshots as ``台账-YYYY-MM-DD.xlsx`` (CSV folders with `csv`) into `folder`.

    Dated from :data:`SERIES_START` on, a week apart, as analysts keep them: ``liangxin trend
    FOLDER`` reads the dates from the names.

    Examples
    --------
    >>> [path.name for path in write_demo_series("各期台账", n_orgs=300, weeks=2)]
    ['台账-2019-04-26.xlsx', '台账-2019-05-03.xlsx']
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for week, workbook in enumerate(demo_series(n_orgs, seed, weeks)):
        stem = f"台账-{SERIES_START + dt.timedelta(weeks=week)}"
        if csv or max(len(frame) for frame in workbook.sheets.values()) > EXCEL_MAX_DATA_ROWS:
            paths.append(write_workbook_csv(workbook.sheets, folder / stem, workbook.titles))
        else:
            paths.append(write_workbook_xlsx(workbook.sheets, folder / f"{stem}.xlsx", workbook.titles))
    return paths
