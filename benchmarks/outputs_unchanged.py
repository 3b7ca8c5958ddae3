"""Check that a refactoring left the outputs as they were.

Runs the installed ``liangxin`` command on fixed inputs and records what it wrote in a
comparable form; run it once before a change and once after, then compare::

    .venv/bin/python benchmarks/outputs_unchanged.py record /tmp/before   # on the old commit
    .venv/bin/python benchmarks/outputs_unchanged.py record /tmp/after    # on the new one
    .venv/bin/python benchmarks/outputs_unchanged.py compare /tmp/before /tmp/after

The inputs: the demo workbook (5,000 organizations, seed 0, as .xlsx and as a CSV folder, and
its later snapshot), the hand-made workbook of ``tests/fixtures/handmade.py`` (.xlsx, .xls, CSV)
and the two snapshots of ``tests/fixtures/snapshots.py``. Compared per input: ``summary.json``
(with the ``code`` keys of ``rejected``/``warnings`` and the ``open`` key of ``uncovered``
entries set aside, as the layout change added them), ``findings.csv`` byte for byte and every
cell of every sheet of ``report.xlsx``. It uses only the command line and the test fixtures, so
the same script runs on both sides of an import-name change. Exit status 1 when anything differs.
"""

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fixtures import handmade, snapshots  # noqa: E402

#: Keys added by the layout change, set aside when comparing summary.json.
ADDED_KEYS = {"rejected": ("code",), "warnings": ("code",), "uncovered": ("open",)}


def _liangxin(*args):
    command = [str(Path(sys.executable).with_name("liangxin")), *map(str, args)]
    subprocess.run(command, check=True, capture_output=True)


def _inputs(folder):
    """Write every input into `folder`; return {name: path}."""
    folder.mkdir(parents=True, exist_ok=True)
    _liangxin("demo", "--out", folder / "demo", "--no-analyze")
    _liangxin("demo", "--out", folder / "demo", "--no-analyze", "--later")
    _liangxin("demo", "--out", folder / "demo", "--no-analyze", "--csv", "--orgs", "2000", "--seed", "3")
    inputs = {"demo": folder / "demo/sample.xlsx", "demo_later": folder / "demo/sample_later.xlsx",
              "demo_csv": folder / "demo/sample"}
    inputs["handmade_xlsx"] = handmade.write_xlsx(folder / "handmade.xlsx")
    inputs["handmade_xls"] = handmade.write_xls(folder / "handmade.xls")
    inputs["handmade_csv"] = handmade.write_csv_folder(folder / "handmade_csv")
    (folder / "snapshots").mkdir()
    old, new = snapshots.write_pair(folder / "snapshots")
    inputs.update(snapshot_old=old, snapshot_new=new)
    return inputs


def _sheets(path):
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


def _summary(path):
    summary = json.loads(path.read_text(encoding="utf-8"))
    summary.pop("input", None)  # the path as given differs between the two runs' folders
    for key, added in ADDED_KEYS.items():
        for entry in summary.get(key, []):
            for name in added:
                entry.pop(name, None)
    return summary


def _diff_json(path):
    diff = json.loads(path.read_text(encoding="utf-8"))
    diff.pop("old", None)  # the paths as given differ between the two runs' folders
    diff.pop("new", None)
    return diff


def record(folder):
    """Run ``liangxin analyze`` on every input and keep its outputs under `folder`."""
    folder = Path(folder)
    if folder.exists():
        shutil.rmtree(folder)
    inputs = _inputs(folder / "inputs")
    for name, path in inputs.items():
        _liangxin("analyze", path, "--out", folder / "out" / name)
    _liangxin("diff", inputs["snapshot_old"], inputs["snapshot_new"], "--out", folder / "out" / "snapshot_diff")
    _liangxin("diff", inputs["demo"], inputs["demo_later"], "--out", folder / "out" / "demo_diff")
    print(f"recorded {len(inputs)} analyses and 2 diffs in {folder}")


def compare(before, after):
    """Return the list of differences between two recorded folders."""
    differences = []
    for run in sorted(p.name for p in (Path(before) / "out").iterdir()):
        a, b = Path(before) / "out" / run, Path(after) / "out" / run
        if (a / "summary.json").exists():
            if _summary(a / "summary.json") != _summary(b / "summary.json"):
                differences.append(f"{run}: summary.json")
            if (a / "findings.csv").read_bytes() != (b / "findings.csv").read_bytes():
                differences.append(f"{run}: findings.csv")
        for workbook in ("report.xlsx", "diff.xlsx"):
            if (a / workbook).exists():
                sheets_a, sheets_b = _sheets(a / workbook), _sheets(b / workbook)
                if list(sheets_a) != list(sheets_b):
                    differences.append(f"{run}: {workbook} sheets {list(sheets_a)} → {list(sheets_b)}")
                differences += [f"{run}: {workbook} sheet {name}" for name in sheets_a
                                if sheets_a[name] != sheets_b.get(name)]
        if (a / "diff.json").exists():
            if _diff_json(a / "diff.json") != _diff_json(b / "diff.json"):
                differences.append(f"{run}: diff.json")
    return differences


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("record").add_argument("folder")
    cmp = sub.add_parser("compare")
    cmp.add_argument("before")
    cmp.add_argument("after")
    args = parser.parse_args()
    if args.command == "record":
        record(args.folder)
        return 0
    differences = compare(args.before, args.after)
    print("\n".join(differences) or "outputs unchanged")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
