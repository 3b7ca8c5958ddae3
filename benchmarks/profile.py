"""Profile one stage of liangxin on a benchmark input: where does the time go?

Usage::

    .venv/bin/python benchmarks/profile.py --size 1000000 --stage validate            # pyinstrument tree
    .venv/bin/python benchmarks/profile.py --size 1000000 --stage validate --sampler py-spy

The input is the benchmark's (``benchmarks/run.py`` generates it once). The stages before the
profiled one run first, unprofiled. pyinstrument prints a call tree; it hooks every Python call,
so code that calls a small function per cell (normalizing a million names) looks slower than it
is. py-spy samples from outside the process without that cost and prints the functions by
inclusive share of the samples. Install both with ``pip install -e .[bench]``.
"""

import argparse
import collections
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("read", "validate", "build", "queries", "outputs")


def run_stages(size, stage, profiler=None, dataset="demo"):
    """Run the stages up to `stage`, profiling only `stage` when `profiler` is given."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from run import input_for, rules_for

    from liangxin.graph.network import build_network
    from liangxin.loaders.read import read_raw_sheets
    from liangxin.loaders.validate import validate_sheets
    from liangxin.queries.rules import load_rules
    from liangxin.queries.analysis import analyze_network, findings_table, summary_object
    from liangxin.viz.machine import write_findings_csv, write_summary_json
    from liangxin.viz.network import write_network_html
    from liangxin.viz.report import write_report_xlsx

    from liangxin.viz.charts import write_charts

    path = input_for(size, dataset)

    def outputs(analysis):
        out = Path(tempfile.mkdtemp(prefix="liangxin-profile-"))
        write_summary_json(summary_object(analysis, str(path)), out / "summary.json")
        write_findings_csv(findings_table(analysis), out / "findings.csv")
        write_report_xlsx(analysis, out / "report.xlsx", images=write_charts(analysis, out))
        write_network_html(analysis, out / "network.html")

    steps = {
        "read": lambda state: read_raw_sheets(path, load_rules(rules_for(dataset)).limits),
        "validate": lambda state: validate_sheets(state, str(path)),
        "build": build_network,
        "queries": analyze_network,
        "outputs": outputs,
    }
    state = None
    for name in STAGES[:STAGES.index(stage) + 1]:
        if name == stage and profiler is not None:
            profiler.start()
            state = steps[name](state)
            profiler.stop()
        else:
            state = steps[name](state)


def inclusive_shares(raw_file, top=40):
    """Functions by the share of py-spy samples they were on the stack for (each counted once)."""
    total, shares = 0, collections.Counter()
    for line in Path(raw_file).read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        total += int(count)
        names = {re.sub(r":\d+\)$", ")", re.sub(r" \(.*?(site-packages/|/liangxin/|/main/)", " (", frame))
                 for frame in stack.split(";")}
        for name in names:
            shares[name] += int(count)
    return [(count / max(total, 1), name) for name, count in shares.most_common(top)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--stage", choices=STAGES, default="validate")
    parser.add_argument("--dataset", choices=("demo", "independent", "city"), default="demo")
    parser.add_argument("--sampler", choices=("pyinstrument", "py-spy"), default="pyinstrument")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)  # run under py-spy
    args = parser.parse_args()
    if args.inside:
        run_stages(args.size, args.stage, dataset=args.dataset)
        return
    if args.sampler == "pyinstrument":
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.001)
        run_stages(args.size, args.stage, profiler, dataset=args.dataset)
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        return
    with tempfile.TemporaryDirectory() as folder:
        raw = Path(folder) / "samples.txt"
        beside = Path(sys.executable).parent / "py-spy"  # installed into the same environment
        subprocess.run([str(beside) if beside.exists() else "py-spy", "record", "--rate", "250", "--format", "raw", "--output", str(raw), "--",
                        sys.executable, __file__, "--size", str(args.size), "--stage", args.stage, "--inside",
                        "--dataset", args.dataset],
                       check=True)
        print(f"py-spy samples of the whole process (earlier stages included); stage: {args.stage}")
        for share, name in inclusive_shares(raw):
            print(f"{share:6.1%}  {name}")


if __name__ == "__main__":
    main()
