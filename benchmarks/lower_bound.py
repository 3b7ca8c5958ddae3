"""How fast could part of validation be in a columnar library? An estimate for the ratio target.

Usage::

    .venv/bin/python benchmarks/lower_bound.py --size 1000000
    .venv/bin/python benchmarks/lower_bound.py --size 1000000 --sheet   # 两新组织's whole row work (issue 17)

Issue 6 asks that validate + build + all queries take at most 3× the floor (pandas reading the
same files as text, the faster of its C and pyarrow engines). This script times part of the
work any validator of INPUT.md must do, written directly in pyarrow compute and, when it is
installed (``pip install -e .[bench]``), in polars, on the benchmark's own CSV input:

1. read the three large files (两新组织, 主管包建, 党群共建) as text,
2. trim every cell of 两新组织 (liangxin does this while reading, so it is shown, not summed),
3. the organizations' name keys (NFKC, white space removed),
4. the credit codes' comparison form (white space removed, upper case),
5. repeated credit codes and repeated name keys (one hash pass each),
6. the organization each row of 主管包建 and 党群共建 names by credit code (one lookup table),
7. the report order (street, then org_id: the credit code, else the name).

Left out: NFKC of the codes, matching by name, the GB 32100 check characters, counts, yes/no,
statuses, places, row problems, the other sheets, the graph and the queries. Steps 3–7 are
therefore a part of what validate + build + queries do. Each step is written once, plainly, and
timed as the best of three: the sum is an estimate of what a columnar rewrite would spend on
that part, not a proven lower bound.

``--sheet`` (issue 17, whose floor is pandas' C engine alone) times, on the independent data,
every row-level step of loading 两新组织 in polars over Arrow text, each distinct cell parsed by
liangxin's own functions, against liangxin's rows and ``load_organizations`` on the same files:
what a columnar rewrite of that sheet's load could save.
"""

import argparse
import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEPS = ["read 3 files as text", "trim every cell", "name keys", "credit codes", "duplicates",
         "references", "report order"]
#: Unicode white space as Python's ``\s`` and ``str.strip`` see it (RE2's ``\s`` is ASCII only).
WHITE_SPACE = r"[\t-\r\x1c-\x20\x85\xa0\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]+"


def code_column(path):
    """(header row, column) of 统一社会信用代码 in a CSV file whose header may sit below title rows."""
    import csv

    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row_number, row in zip(range(20), csv.reader(handle)):
            if "统一社会信用代码" in row:
                return row_number, row.index("统一社会信用代码")
    raise ValueError(f"{path} has no 统一社会信用代码 column")


def _best(function, repeat=3):
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - start)
    return min(seconds)


def floor_seconds(folder):
    """The benchmark's floor: the faster of pandas' C and pyarrow engines reading every file as text."""
    import pandas as pd

    files = list(folder.glob("*.csv"))
    c_engine = _best(lambda: [pd.read_csv(p, header=None, dtype=object, na_filter=False, encoding="utf-8-sig")
                              for p in files])
    pyarrow_engine = _best(lambda: [pd.read_csv(p, header=None, dtype=str, engine="pyarrow", encoding="utf-8-sig")
                                    for p in files])
    return min(c_engine, pyarrow_engine)


def arrow_steps(folder):
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    def read(name):
        path = folder / f"{name}.csv"
        with path.open(encoding="utf-8-sig") as handle:
            width = len(handle.readline().split(","))
        table = pcsv.read_csv(path, read_options=pcsv.ReadOptions(autogenerate_column_names=True),
                              parse_options=pcsv.ParseOptions(newlines_in_values=True),
                              convert_options=pcsv.ConvertOptions(
                                  column_types={f"f{i}": pa.string() for i in range(width)},
                                  strings_can_be_null=False))
        header, column = code_column(path)
        return table, table.column(column).slice(header + 1)

    state = {}

    def read_all():
        (state["orgs"], _), (_, supervised), (_, mass) = read("两新组织"), read("主管包建"), read("党群共建")
        state["header"] = code_column(folder / "两新组织.csv")[0]
        state["referenced"] = pa.chunked_array(supervised.chunks + mass.chunks)

    def trim():
        state["cells"] = [pc.utf8_trim_whitespace(c).combine_chunks().slice(state["header"] + 1)
                          for c in state["orgs"].columns]

    def names():
        state["keys"] = pc.replace_substring_regex(pc.utf8_normalize(state["cells"][0], "NFKC"), WHITE_SPACE, "")

    def codes():
        state["codes"] = pc.utf8_upper(pc.replace_substring_regex(state["cells"][1], WHITE_SPACE, ""))

    def duplicates():
        for column in (state["codes"], state["keys"]):
            indices = column.dictionary_encode().indices.to_numpy(zero_copy_only=False)
            np.bincount(indices)[indices] > 1

    def references():
        pc.index_in(pc.utf8_upper(state["referenced"]), value_set=state["codes"])

    def order():
        org_id = pc.if_else(pc.equal(state["codes"], ""), state["cells"][0], state["codes"])
        pc.sort_indices(pa.table({"street": state["cells"][3], "org_id": org_id}),
                        sort_keys=[("street", "ascending"), ("org_id", "ascending")])

    return [_best(step) for step in (read_all, trim, names, codes, duplicates, references, order)]


def polars_steps(folder):
    import polars as pl

    state = {}

    def read(name):
        path = folder / f"{name}.csv"
        frame = pl.read_csv(path, has_header=False, infer_schema=False, truncate_ragged_lines=True,
                            encoding="utf8")
        header, column = code_column(path)
        return frame, frame.to_series(column).slice(header + 1)

    def read_all():
        (state["orgs"], _), (_, supervised), (_, mass) = read("两新组织"), read("主管包建"), read("党群共建")
        state["header"] = code_column(folder / "两新组织.csv")[0]
        state["referenced"] = pl.concat([supervised, mass]).to_frame("code")

    def trim():
        state["cells"] = state["orgs"].select([pl.col(c).str.strip_chars() for c in state["orgs"].columns]) \
            .slice(state["header"] + 1)

    def names():
        first = state["cells"].columns[0]
        state["keys"] = state["cells"].select(pl.col(first).str.normalize("NFKC").str.replace_all(WHITE_SPACE, "")
                                              .alias("key"))

    def codes():
        second = state["cells"].columns[1]
        state["codes"] = state["cells"].select(pl.col(second).str.replace_all(WHITE_SPACE, "").str.to_uppercase()
                                               .alias("code"))

    def duplicates():
        state["codes"].select(pl.col("code").is_first_distinct())
        state["keys"].select(pl.col("key").is_first_distinct())

    def references():
        index = state["codes"].with_row_index()
        state["referenced"].select(pl.col("code").str.to_uppercase()).join(index, on="code", how="left")

    def order():
        codes, cells = state["codes"].to_series(0), state["cells"]
        frame = pl.DataFrame({"street": cells.to_series(3),
                              "org_id": pl.select(pl.when(codes == "").then(cells.to_series(0)).otherwise(codes))
                              .to_series(0)})
        frame.select(pl.arg_sort_by(["street", "org_id"]))

    return [_best(step) for step in (read_all, trim, names, codes, duplicates, references, order)]


#: The part of 两新组织's load that ``--sheet`` times in polars: every row-level step of
#: ``loaders.build.load_organizations`` and ``loaders.rows.read_rows`` on that sheet.
SHEET_STEPS = ["blank rows, example and total labels", "name keys of 组织名称 and 所在党组织",
               "yes/no ×6, counts ×2, kind, status (per distinct cell)", "street and community (per distinct cell)",
               "repeated name keys and ids"]
#: liangxin.text.BLANKS in RE2: Python's Unicode \s spelled out, the control and format characters.
BLANKS_RE2 = (r"[\t-\r\x1c-\x20\x85\xa0\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
              r"\x00-\x1f\x7f-\x9f\x{00ad}\x{180e}\x{200b}-\x{200f}\x{202a}-\x{202e}\x{2060}-\x{2064}\x{feff}]+")


def polars_sheet(folder):
    """Seconds of reading 两新组织 as Arrow text and of each of :data:`SHEET_STEPS` in polars, best of three.

    Each distinct cell is parsed by liangxin's own functions (as liangxin does) and joined back.
    Not done: recording the problems, comparing the figures of repeated rows, settling 已组建,
    the district keys, the table itself. Each step is its own best of three (liangxin's side is
    the best of three of its whole), which favours this side a little.
    """
    import pandas as pd
    import polars as pl
    import pyarrow as pa
    import pyarrow.csv as pcsv

    from liangxin.loaders.parsers import KINDS, STATUSES
    from liangxin.text import cell_key, normalize_place, parse_count, parse_yes_no

    path = folder / "两新组织.csv"
    with path.open(encoding="utf-8-sig") as handle:
        header = handle.readline().strip().split(",")
    if "组织名称" not in header:
        raise ValueError(f"{path}: the header is not on the first line; --sheet reads the independent data")
    state = {}

    def read():
        table = pcsv.read_csv(path, convert_options=pcsv.ConvertOptions(
            column_types={name: pa.string() for name in header}, strings_can_be_null=True))
        state["frame"] = pl.from_arrow(table)

    def per_distinct(column, parse, dtype):
        distinct = state["frame"].get_column(column).unique()
        parsed = pl.DataFrame({column: distinct, "value": pl.Series(parse(pd.Series(distinct.to_list(), dtype=object)),
                                                                     dtype=dtype)})
        return state["frame"].select(column).join(parsed, on=column, how="left", maintain_order="left",
                                                  nulls_equal=True).get_column("value")

    def rows():
        frame = state["frame"]
        frame.select(pl.any_horizontal(pl.all().is_not_null()).alias("content"),
                     pl.col(header[0]).str.contains("示例|计|汇总|总数").alias("label"))

    def keys():
        state["keys"] = state["frame"].select(
            pl.col(c).str.normalize("NFKC").str.replace_all(BLANKS_RE2, "").replace("", None) for c in ("组织名称", "所在党组织"))

    def parsers():
        for column in ("规模以上", "实体性", "工会", "团组织", "妇组织", "重点难点"):
            per_distinct(column, lambda cells: parse_yes_no(cells)[0], pl.Boolean)
        for column in ("从业人员数", "党员数"):
            per_distinct(column, lambda cells: parse_count(cells)[0], pl.Int64)
        for column, words in (("组织类型", KINDS), ("党组织状态", STATUSES)):
            per_distinct(column, lambda cells, w=words: [w.get((cell_key(c) or "").lower()) for c in cells], pl.String)

    def places():
        for column, suffix in (("街道", "街道"), ("社区", "社区")):
            per_distinct(column, lambda cells, s=suffix: normalize_place(cells, s).tolist(), pl.String)

    def repeats():
        # The data has no credit codes: a row's id is its name as written. Only the rows whose
        # hash repeats are compared as text (as liangxin.hashed does).
        for cells in (state["keys"].get_column("组织名称"), state["frame"].get_column("组织名称")):
            maybe = cells.hash().is_duplicated()
            cells.filter(maybe).is_duplicated()

    return [_best(step) for step in (read, rows, keys, parsers, places, repeats)]


def liangxin_sheet(folder):
    """Seconds of liangxin's own on 两新组织 and 街道社区 alone (the other files left out): their rows
    found under their headers, then the streets (2,427 communities, ~2 ms) and 两新组织 loaded by
    ``load_organizations``; best of three."""
    from liangxin.loaders import build
    from liangxin.loaders.districts import Streets
    from liangxin.loaders.read import Submission, read_submissions
    from liangxin.loaders.validate import _read_sheets

    submissions = [Submission(s.file, {name: raw for name, raw in s.sheets.items() if name in ("两新组织", "街道社区")})
                   for s in read_submissions(folder)]
    submissions = [s for s in submissions if s.sheets]
    state = {}

    def rows():
        state["sheets"] = _read_sheets(submissions, str(folder))[0]

    def load():
        build.load_organizations(state["sheets"]["两新组织"], Streets(build.load_geography(state["sheets"]["街道社区"])))

    seconds = []
    for _ in range(3):
        seconds.append((_best(rows, 1), _best(load, 1)))
    return min(seconds, key=sum)


def compare_sheet(folder, size):
    """Print ``--sheet``'s table: 两新组织's load in polars against liangxin's."""
    ours, theirs = liangxin_sheet(folder), polars_sheet(folder)
    print(f"{size:,} organizations, 两新组织 alone (best of 3, seconds)\n")
    print("| step | polars over Arrow text |\n|---|---|")
    print(f"| read 两新组织.csv as Arrow text (not in validate) | {theirs[0]:.2f} |")
    for step, seconds in zip(SHEET_STEPS, theirs[1:]):
        print(f"| {step} | {seconds:.2f} |")
    print(f"| **the steps, together** | **{sum(theirs[1:]):.2f}** |\n")
    print(f"liangxin: rows of 两新组织 and 街道社区 {ours[0]:.2f} s + load_organizations {ours[1]:.2f} s = {sum(ours):.2f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--sheet", action="store_true",
                        help="the whole of 两新组织's row work on the independent data, polars against liangxin")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from run import input_for

    if args.sheet:
        compare_sheet(input_for(args.size, "independent"), args.size)
        return
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
    print(f"{args.size:,} organizations; floor (pandas reading every file as text, the faster of its C and "
          f"pyarrow engines, best of 3): {floor:.2f} s; 3× the floor: {3 * floor:.2f} s\n")
    print("| step | " + " | ".join(f"{name} (s)" for name in columns) + " |")
    print("|---|" + "---|" * len(columns))
    for i, step in enumerate(STEPS):
        print(f"| {step} | " + " | ".join(f"{seconds[i]:.2f}" for seconds in columns.values()) + " |")
    print("| **steps 3–7 (part of validate + build)** | "
          + " | ".join(f"**{sum(seconds[2:]):.2f}**" for seconds in columns.values()) + " |")


if __name__ == "__main__":
    main()
