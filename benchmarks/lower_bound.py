"""How fast could validation be with a columnar library? A lower bound for the ratio target.

Usage::

    .venv/bin/python benchmarks/lower_bound.py --size 1000000

Issue 6 asks that validate + build + all queries take at most 3× the floor (pandas reading the
same files as text). At a million organizations the floor is pandas' multi-threaded pyarrow
read. This script times a *subset* of the work any validator of INPUT.md must do, written
directly in pyarrow compute and, when it is installed (``pip install -e .[bench]``), in polars,
on the benchmark's own CSV input:

1. read the three large files (两新组织, 主管包建, 党群共建) as text,
2. trim every cell of 两新组织,
3. the organizations' name keys (NFKC, white space removed),
4. the credit codes' comparison form (white space removed, upper case),
5. repeated credit codes and repeated name keys,
6. the organization each row of 主管包建 and 党群共建 names (by credit code),
7. the report order (street, then org_id).

Left out: the GB 32100 check characters, counts, yes/no, statuses, places, row problems, the
graph and the queries. Whatever a library needs for steps 2–7 alone is therefore less than it
would need for validate + build + queries. The script prints each step (best of three) and
compares the sum with 3× the floor.
"""

import argparse
import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEPS = ["read 3 files as text", "trim every cell", "name keys", "credit codes", "duplicates",
         "references", "report order"]


def _best(function, repeat=3):
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - start)
    return min(seconds)


def floor_seconds(folder):
    """pandas' pyarrow-engine text read of every CSV file: the benchmark's floor."""
    import pandas as pd

    return _best(lambda: {p.stem: pd.read_csv(p, header=None, dtype=str, engine="pyarrow", encoding="utf-8-sig")
                          for p in folder.glob("*.csv")})


def arrow_steps(folder):
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    def read(name):
        path = folder / f"{name}.csv"
        width = len(path.open(encoding="utf-8-sig").readline().split(","))
        return pcsv.read_csv(path, read_options=pcsv.ReadOptions(autogenerate_column_names=True),
                             parse_options=pcsv.ParseOptions(newlines_in_values=True),
                             convert_options=pcsv.ConvertOptions(
                                 column_types={f"f{i}": pa.string() for i in range(width)},
                                 strings_can_be_null=False))

    state = {}

    def read_all():
        state["orgs"], state["supervision"], state["mass"] = read("两新组织"), read("主管包建"), read("党群共建")

    def trim():
        state["cells"] = [pc.utf8_trim_whitespace(c).combine_chunks() for c in state["orgs"].columns]

    def names():
        state["keys"] = pc.replace_substring_regex(pc.utf8_normalize(state["cells"][0], "NFKC"), r"\s+", "")

    def codes():
        state["codes"] = pc.utf8_upper(pc.replace_substring_regex(state["cells"][1], r"\s+", ""))

    def duplicates():
        for column in (state["codes"], state["keys"]):
            pc.index_in(column, value_set=pc.unique(column))

    def references():
        for table in (state["supervision"], state["mass"]):
            pc.index_in(pc.utf8_upper(table.column(3)), value_set=state["codes"])

    def order():
        pc.sort_indices(pa.table({"street": state["cells"][3], "org_id": state["codes"]}),
                        sort_keys=[("street", "ascending"), ("org_id", "ascending")])

    return [_best(step) for step in (read_all, trim, names, codes, duplicates, references, order)]


def polars_steps(folder):
    import polars as pl

    state = {}

    def read(name):
        return pl.read_csv(folder / f"{name}.csv", has_header=False, infer_schema=False,
                           truncate_ragged_lines=True, encoding="utf8")

    def read_all():
        state["orgs"], state["supervision"], state["mass"] = read("两新组织"), read("主管包建"), read("党群共建")

    def trim():
        state["cells"] = state["orgs"].select([pl.col(c).str.strip_chars() for c in state["orgs"].columns])

    def names():
        first = state["cells"].columns[0]
        state["keys"] = state["cells"].select(pl.col(first).str.normalize("NFKC").str.replace_all(r"\s+", "")
                                              .alias("key"))

    def codes():
        second = state["cells"].columns[1]
        state["codes"] = state["cells"].select(pl.col(second).str.replace_all(r"\s+", "").str.to_uppercase()
                                               .alias("code"))

    def duplicates():
        state["codes"].select(pl.col("code").is_first_distinct())
        state["keys"].select(pl.col("key").is_first_distinct())

    def references():
        index = state["codes"].with_row_index()
        for table in (state["supervision"], state["mass"]):
            column = table.columns[3]
            table.select(pl.col(column).str.to_uppercase()).join(index, left_on=column, right_on="code", how="left")

    def order():
        frame = pl.DataFrame({"street": state["cells"].to_series(3), "org_id": state["codes"].to_series(0)})
        frame.select(pl.arg_sort_by(["street", "org_id"]))

    return [_best(step) for step in (read_all, trim, names, codes, duplicates, references, order)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from run import input_for

    folder = input_for(args.size)
    if not folder.is_dir():
        parser.error(f"the benchmark input at {args.size:,} organizations is a workbook; "
                     "this script reads the CSV folder form (1,000,000)")
    floor = floor_seconds(folder)
    columns = {"pyarrow": arrow_steps(folder)}
    if importlib.util.find_spec("polars"):
        columns["polars"] = polars_steps(folder)
    else:
        print("polars is not installed (pip install -e .[bench]); its column is left out")
    print(f"{args.size:,} organizations; floor (pandas, pyarrow engine, every file as text): {floor:.2f} s; "
          f"3× the floor: {3 * floor:.2f} s\n")
    print("| step | " + " | ".join(f"{name} (s)" for name in columns) + " |")
    print("|---|" + "---|" * len(columns))
    for i, step in enumerate(STEPS):
        print(f"| {step} | " + " | ".join(f"{seconds[i]:.2f}" for seconds in columns.values()) + " |")
    print("| **steps 2–7 (part of validate + build)** | "
          + " | ".join(f"**{sum(seconds[1:]):.2f}**" for seconds in columns.values()) + " |")


if __name__ == "__main__":
    main()
