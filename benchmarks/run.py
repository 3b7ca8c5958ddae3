"""Benchmark liangxin stage by stage: wall time and peak memory (issue 2 and 6).

Usage::

    .venv/bin/python benchmarks/run.py --sizes 100000 1000000 --city 3000000 --write-readme
    .venv/bin/python benchmarks/run.py --sizes 100000 1000000 --city 3000000 --province 10000000 --write-readme

Two datasets: the demo's workbooks (``liangxin.demo``) and an independent CSV folder written from
INPUT.md alone (``benchmarks/independent.py``: no credit codes, long names, ~21% of the
organizations with a gap, ~25% with a chain break), both generated once into ``benchmarks/.data/``
(the demo as an .xlsx below a million, the CSV folder form from a million on). ``--city`` runs the
independent data once more at a city's size, dealt to nine districts with 区 columns (a city,
``benchmarks/.data/city-SIZE``), every stage once, and projects 10,000,000 from the
growth measured between the last size and the city; ``--province`` runs ``liangxin analyze`` end to
end, once, on the city's data at a province's size (``benchmarks/.data/city-SIZE`` again: 10,000,000
takes ~2.5 minutes and 11 GB to generate, 1.8 GB of 两新组织.csv), beside that projection. The
targets of issue 17 are checked on ratios measured in the same run. Every size runs in a fresh process, so the peak memory of
one size does not carry into the next. The queries and the per-node baseline are each timed as
the best of seven runs on the same built network (ours with its integer index, the baseline's
with its networkx graph, whose build is its own row); the floors, read, validate, build and all
outputs as ``analyze`` writes them as the best of three, so that both sides of a ratio are timed alike. No figure here is asserted by a test:
shared machines are noisy, so read ratios measured in the same run.
"""

import argparse
import gc
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / ".data"
#: The districts of the ``--city`` run: the independent data dealt to them, with 区 columns (a city).
CITY_DISTRICTS = 9
#: A city's 两新组织.csv passes the default 500 MB per file (518 MB at 3,000,000): the city run
#: raises it in a rules file, as the refusal's message tells an analyst to.
CITY_RULES = "[limits]\nmax_unpacked_mb = 4000\n"


def rules_for(dataset):
    """The rules file of `dataset`'s runs (None: the defaults)."""
    if dataset != "city":
        return None
    path = DATA / "city-rules.toml"
    DATA.mkdir(parents=True, exist_ok=True)
    path.write_text(CITY_RULES, encoding="utf-8")
    return path
README = ROOT / "README.md"
BEGIN, END = "<!-- benchmark:begin -->", "<!-- benchmark:end -->"
BASELINE_MAX = 100_000  # the per-node baseline is only run up to this size
REPEAT = 7  # the queries and the baseline: best of this many runs, both alike
REPEAT_INPUT = 3  # the floors, read, validate and build: best of this many, both sides of the ratio alike
BUILT_WITH_NETWORK = ("positions", "report_order", "unit_links")  # memo entries build_network makes
FLOOR_C = "floor: pandas reads the input as text (C engine / calamine)"
FLOOR_ARROW = "floor: pandas reads the input as text (pyarrow engine)"
QUERIES_REBUILT = "all queries, unit links rebuilt in each run"
#: Seconds the worker's start (imports) takes at most, measured: ``python -c "import liangxin.outputs, rustpy_xlsxwriter, matplotlib.backends.backend_agg"``.
EARLY_WORKER_IMPORTS = 2.5
ALL_OUTPUTS = "all outputs as `analyze` writes them (report.xlsx and charts in a worker from 200,000)"


class PeakRSS:
    """Samples the resident memory of this process and its children (the outputs' worker) every few
    milliseconds, summed; reports the peak of a stage."""

    def __init__(self, interval=0.005):
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._page = os.sysconf("SC_PAGE_SIZE")
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def current(self):
        return tree_rss(os.getpid(), self._page)

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self.current())
            time.sleep(self.interval)

    def reset(self):
        self.peak = self.current()

    def stop(self):
        self._stop.set()


def tree_rss(pid, page=None):
    """Resident bytes of process `pid` and all its descendants (Linux /proc), summed."""
    page = page or os.sysconf("SC_PAGE_SIZE")
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/statm") as handle:
                total += int(handle.read().split()[1]) * page
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    pending += [int(child) for child in handle.read().split()]
        except (OSError, ValueError):  # it ended meanwhile
            continue
    return total


def input_for(size, dataset="demo"):
    """Generate (once) the input of `size` organizations of `dataset` and return its path."""
    sys.path.insert(0, str(ROOT))
    if dataset in ("independent", "city"):
        folder = DATA / f"{dataset}-{size}"
        if not (folder / "sample").exists():
            sys.path.insert(0, str(ROOT / "benchmarks"))
            from independent import write_independent

            write_independent(folder, size, districts=CITY_DISTRICTS if dataset == "city" else 1)
        return folder / "sample"
    from liangxin.demo import write_demo

    folder = DATA / f"orgs-{size}"
    for candidate in (folder / "sample.xlsx", folder / "sample"):
        if candidate.exists():
            return candidate
    folder.mkdir(parents=True, exist_ok=True)
    # The CSV folder form from a million on, as a province would hand it over.
    return write_demo(folder, n_orgs=size, seed=0, csv=size >= 1_000_000)


class Stages:
    """Times stages one after another: rows of (stage, seconds, peak MB). A stage is timed as the best
    of `repeat` runs, as timeit does: one scheduler hiccup on a shared machine would otherwise decide a ratio."""

    def __init__(self):
        self.memory, self.rows = PeakRSS(), []

    def __call__(self, name, function, repeat=1, setup=None):
        """Time `function()`, or `function(setup())` with `setup` run untimed before each run."""
        seconds, peak = [], 0
        result = None
        for _ in range(repeat):
            result = None  # the previous run's result must not count in this run's peak
            given = () if setup is None else (setup(),)
            self.memory.reset()
            start = time.perf_counter()
            result = function(*given)
            seconds.append(time.perf_counter() - start)
            del given  # freed after the clock stops, as `liangxin analyze` leaves it to the exit
            peak = max(peak, self.memory.peak)
        self.rows.append({"stage": name, "seconds": min(seconds), "peak_mb": peak / 2**20})
        return result


def measure_one(size, dataset="demo", once=False):
    """Run every stage on one input in this process; return rows of (stage, seconds, peak MB).

    With `once` (the city run) every stage runs once and the single queries and the baseline are left out.
    The files written go with their temporary folder (1.9 GB for a city: left behind, runs filled the disk).
    """
    with tempfile.TemporaryDirectory(prefix="liangxin-bench-") as out:
        return _measure(size, dataset, once, Path(out))


def _measure(size, dataset, once, out):
    sys.path.insert(0, str(ROOT))
    from liangxin.graph.network import build_network
    from liangxin.outputs import write_analyze_outputs
    from liangxin.loaders.read import read_raw_sheets
    from liangxin.loaders.validate import validate_sheets
    from liangxin.queries import analysis as qa
    from liangxin.queries.rules import load_rules

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from baseline_networkx import assert_same_answers, baseline_queries

    path = input_for(size, dataset)
    repeat, repeat_input = (1, 1) if once else (REPEAT, REPEAT_INPUT)
    rules = load_rules(rules_for(dataset))
    stage = Stages()
    floor_stages(stage, path, repeat_input)
    raw = stage("read", lambda: read_raw_sheets(path, rules.limits), repeat=repeat_input)
    tables = stage("validate", lambda: validate_sheets(raw, str(path)), repeat=repeat_input)
    del raw
    network = stage("build network", lambda: build_network(tables), repeat=repeat_input)

    def fresh(function, keep=BUILT_WITH_NETWORK):
        # each query timed without the per-organization flags a previous one left in the memo
        def run():
            network._memo = {k: v for k, v in network._memo.items() if k in keep}
            return function()
        return run

    analysis = stage("all queries", fresh(lambda: qa.analyze_network(network, rules)), repeat=repeat)
    if not once:
        single_queries(stage, fresh, network, rules)
    output_stages(stage, analysis, path, out)
    shares_of = shares(analysis)
    # Every output as `analyze` writes them, on an analysis without the tables the stages above left in
    # its memo: report.xlsx and the charts in the worker process from PARALLEL_OUTPUTS_MIN_ORGANIZATIONS on.
    del analysis
    # Best of `repeat_input` runs, each on a fresh analysis made untimed: the stages it is divided by
    # (validate, build) are best of as many. `analyze` starts the worker before it reads a large input
    # (outputs.early_worker): its imports are over when the outputs begin, as they are here.
    stage(ALL_OUTPUTS, lambda given: write_analyze_outputs(given[0], out / "analyze", worker=given[1])[0],
          repeat=repeat_input, setup=lambda: _with_early_worker(path, fresh(lambda: _collected(qa.analyze_network,
                                                                                               network, rules))))
    if size <= BASELINE_MAX and not once:
        analysis = fresh(lambda: qa.analyze_network(network, rules))()
        stage("baseline: build networkx graph", network.to_networkx)
        answers = stage("baseline: per-node traversal, all queries", lambda: baseline_queries(network, rules),
                        repeat=REPEAT)
        assert_same_answers(analysis, answers)
    stage.memory.stop()
    return {"size": size, "dataset": dataset, "organizations": len(network.node_tables["organization"]),
            "input": str(path.relative_to(ROOT)), "rows": stage.rows, "shares": shares_of}


def _with_early_worker(path, analyze):
    """``(analysis, worker)``: the worker `analyze` would start for `path` (None for a small input),
    given the time its imports take while `analyze` reads and validates (the worker's start measured
    1.5-1.7 s on this machine; validate + build alone take longer from 200,000 organizations)."""
    from liangxin.outputs import early_worker

    start = time.perf_counter()
    worker = early_worker(path)
    analysis = analyze()
    if worker is not None:
        time.sleep(max(0.0, EARLY_WORKER_IMPORTS - (time.perf_counter() - start)))
    return analysis, worker


def _collected(function, *args):
    """`function(*args)` after a collection: a result of a run before, were a cycle holding it, is not
    in the next run's peak."""
    gc.collect()
    return function(*args)


def floor_stages(stage, path, repeat):
    """The floor: pandas reading the same files, every cell as text (a loader must not let type
    inference turn a credit code or a phone number into a number), and nothing else. For CSV,
    pandas' C engine with the options liangxin's reader uses, and its pyarrow engine; the faster of
    the two is the floor the ratio divides by. An .xlsx has one pandas reader here."""
    import pandas as pd

    def floor_c():
        if path.is_dir():
            return {p.stem: pd.read_csv(p, header=None, dtype=object, na_filter=False, encoding="utf-8-sig")
                    for p in path.glob("*.csv")}
        return pd.read_excel(path, sheet_name=None, header=None, engine="calamine", dtype=object)

    def floor_arrow():
        return {p.stem: pd.read_csv(p, header=None, dtype=str, engine="pyarrow", encoding="utf-8-sig")
                for p in path.glob("*.csv")}

    stage(FLOOR_C, floor_c, repeat=repeat)
    if path.is_dir():
        stage(FLOOR_ARROW, floor_arrow, repeat=repeat)


def output_stages(stage, analysis, path, out):
    """Each output file on its own, one after another, into `out`."""
    from liangxin.queries import analysis as qa
    from liangxin.viz.charts import write_charts
    from liangxin.viz.machine import write_findings_csv, write_summary_json
    from liangxin.viz.network import write_network_html
    from liangxin.viz.report import write_report_xlsx

    summary = stage("summary object", lambda: qa.summary_object(analysis, str(path)))
    stage("summary.json", lambda: write_summary_json(summary, out / "summary.json"))
    del summary
    findings = stage("findings table", lambda: qa.findings_table(analysis))
    stage("findings.csv", lambda: write_findings_csv(findings, out / "findings.csv"))
    del findings
    charts = stage("charts (3 PNG)", lambda: write_charts(analysis, out))
    stage("report.xlsx", lambda: write_report_xlsx(analysis, out / "report.xlsx", images=charts))
    stage("network.html", lambda: write_network_html(analysis, out / "network.html"))


def shares(analysis):
    """Fractions of the organizations with a gap (any uncovered code), an open one, and a chain break."""
    n = max(analysis.counts["organizations"], 1)
    uncovered = analysis.uncovered
    open_ = uncovered[uncovered["code"].isin(["MEMBERS_REQUIRED", "PARTY_ORG_REQUIRED"])]
    return {"gap": uncovered["org_id"].nunique() / n, "open": open_["org_id"].nunique() / n,
            "chain": analysis.broken_chains["org_id"].nunique() / n}


def single_queries(stage, fresh, network, rules):
    from liangxin.queries.chains import broken_chains
    from liangxin.queries.coverage import coverage_rates
    from liangxin.queries.loads import unit_loads
    from liangxin.queries.uncovered import uncovered_organizations
    from liangxin.queries import analysis as qa

    stage(QUERIES_REBUILT, fresh(lambda: qa.analyze_network(network, rules), keep=("positions", "report_order")),
          repeat=REPEAT)
    stage("query: uncovered", fresh(lambda: uncovered_organizations(network, rules)), repeat=REPEAT)
    stage("query: loads", fresh(lambda: unit_loads(network, rules)), repeat=REPEAT)
    stage("query: chains", fresh(lambda: broken_chains(network)), repeat=REPEAT)
    stage("query: coverage", fresh(lambda: coverage_rates(network, rules)), repeat=REPEAT)


def measure_neo4j(size):
    """Push `size` to the Bolt test server (ArcadeDB on loopback) and run the Cypher twins there."""
    sys.path.insert(0, str(ROOT))
    import tempfile

    import liangxin as lx
    from liangxin.graph.neo4j import connect, push_network
    from liangxin.queries.cypher import analysis_differences, analyze_cypher
    from tests.neo4j.server import start_arcadedb, stop_arcadedb

    network = lx.load(input_for(size))
    embedded = lx.analyze(network)
    process, settings = start_arcadedb(tempfile.mkdtemp(prefix="liangxin-bench-arcadedb-"))
    rows = []
    try:
        connection = connect(settings.uri, settings.user, settings.database, password=settings.password)
        start = time.perf_counter()
        push_network(connection, network, progress=False)
        rows.append({"stage": "Neo4j push (test Bolt server)", "seconds": time.perf_counter() - start})
        start = time.perf_counter()
        cypher = analyze_cypher(connection, network.district, embedded.rules, network=network)
        rows.append({"stage": "Cypher twins, all queries (test Bolt server)", "seconds": time.perf_counter() - start})
        differences = analysis_differences(embedded, cypher)
        if differences:
            raise AssertionError("Cypher twins differ:\n" + "\n".join(differences[:20]))
        connection.close()
    finally:
        stop_arcadedb(process)
    return rows


def measure_end_to_end(size, dataset="demo"):
    """`liangxin analyze` as a user runs it: wall time and peak RSS of the whole process."""
    path = input_for(size, dataset)
    out = path.parent / "out"
    rules = rules_for(dataset)
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            [sys.executable, "-m", "liangxin", "analyze", str(path), "--out", str(out)]
            + (["--rules", str(rules)] if rules else []), stdout=subprocess.DEVNULL, stderr=errors, cwd=ROOT)
        # The peak of the process and its worker together (``time -f %M`` would give the larger of the two).
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        if process.returncode != 0:
            errors.seek(0)
            raise RuntimeError(errors.read().decode("utf-8", "replace"))
    return {"seconds": seconds, "peak_mb": peak / 2**20}


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {memory_gb:.0f} GiB, {cpu}, Python {platform.python_version()}"


def floor_seconds(by_stage):
    """The floor a ratio divides by: the faster of pandas' text reads measured for this input."""
    return min(by_stage[name] for name in (FLOOR_C, FLOOR_ARROW) if name in by_stage)


OUTPUT_STAGES = ("summary object", "summary.json", "findings table", "findings.csv", "charts (3 PNG)", "report.xlsx",
                 "network.html")
#: issue 17's targets, each a ratio measured in one run (or a memory ceiling)
TARGET_END_TO_END, TARGET_OUTPUTS, TARGET_WORK, TARGET_CITY = 12, 1.5, 3, 3.2
CEILING_MILLION_MB, CEILING_CITY_MB = 3 * 1024, 8 * 1024


def figures(result):
    """The ratios of issue 17 for one run: end to end, outputs and work over the C-engine floor."""
    by = {row["stage"]: row["seconds"] for row in result["rows"]}
    work = by["validate"] + by["build network"] + by["all queries"]
    outputs = by[ALL_OUTPUTS] if ALL_OUTPUTS in by else sum(by[name] for name in OUTPUT_STAGES if name in by)
    return {"floor": by[FLOOR_C], "work": work, "outputs": outputs,
            "end_to_end": result["end_to_end"]["seconds"] / by[FLOOR_C],
            "outputs_over_work": outputs / work, "work_over_floor": work / by[FLOOR_C]}


def table(results):
    """The stage table: one column per (dataset, size), the ratios below it."""
    name_of = {"demo": "demo", "independent": "independent", "city": f"city of {CITY_DISTRICTS} districts (independent)"}
    header = "| stage | " + " | ".join(f"{name_of[r.get('dataset', 'demo')]} {r['size']:,}: s / peak MB"
                                       for r in results) + " |"
    lines = [header, "|---|" + "---|" * len(results)]
    stages = list(dict.fromkeys(row["stage"] for r in results for row in r["rows"]))
    if FLOOR_ARROW in stages:  # measured for CSV inputs only: keep it beside the other floor
        stages.remove(FLOOR_ARROW)
        stages.insert(stages.index(FLOOR_C) + 1, FLOOR_ARROW)
    for name in stages:
        cells = []
        for r in results:
            row = next((row for row in r["rows"] if row["stage"] == name), None)
            if row is None:
                cells.append("—")
            elif row["peak_mb"] != row["peak_mb"]:  # NaN: measured in another process (the server)
                cells.append(f"{row['seconds']:.2f} / —")
            else:
                cells.append(f"{row['seconds']:.2f} / {row['peak_mb']:.0f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    cells = [f"**{r['end_to_end']['seconds']:.2f} / {r['end_to_end']['peak_mb']:.0f}**" for r in results]
    lines.append("| **`liangxin analyze` end to end (process)** | " + " | ".join(cells) + " |")
    ratio_rows = (("end to end ÷ C-engine floor (target ≤ 12× at 1,000,000)", "end_to_end"),
                  ("writing all outputs ÷ (validate + build + all queries) (target ≤ 1.5×)", "outputs_over_work"),
                  ("(validate + build + all queries) ÷ C-engine floor (target ≤ 3× at 1,000,000)", "work_over_floor"))
    for label, key in ratio_rows:
        lines.append(f"| {label} | " + " | ".join(f"{figures(r)[key]:.2f}×" for r in results) + " |")
    lines.append("| (validate + build + all queries) ÷ the faster floor | "
                 + " | ".join(f"{figures(r)['work'] / floor_seconds({x['stage']: x['seconds'] for x in r['rows']}):.2f}×"
                              for r in results) + " |")
    lines.append("| organizations with a gap / open / a chain break | " + " | ".join(
        f"{r['shares']['gap']:.0%} / {r['shares']['open']:.0%} / {r['shares']['chain']:.0%}" if "shares" in r else "—"
        for r in results) + " |")
    speedups = []
    for r in results:
        by = {row["stage"]: row["seconds"] for row in r["rows"]}
        baseline = by.get("baseline: per-node traversal, all queries")
        if baseline is None:
            speedups.append("—")
            continue
        rebuilt = f" ({baseline / by[QUERIES_REBUILT]:.1f}× with the unit links rebuilt)" \
            if QUERIES_REBUILT in by else ""
        speedups.append(f"{baseline / by['all queries']:.1f}×{rebuilt}")
    lines.append("| all queries: speed-up over the per-node baseline | " + " | ".join(speedups) + " |")
    return "\n".join(lines)


def verdict(ok):
    return "met" if ok else "**not met**"


def targets(results, province=None):
    """issue 17's targets on the independent data, as lines of a list, with the 10,000,000 projection
    and, where `province` (``{"size", "end_to_end"}``) was run, that run beside it."""
    independent = {r["size"]: r for r in results if r.get("dataset") == "independent"}
    lines = []
    million = independent.get(1_000_000)
    if million:
        f = figures(million)
        peak = million["end_to_end"]["peak_mb"]
        lines += [f"- 1,000,000 independent, end to end: {million['end_to_end']['seconds']:.1f} s = "
                  f"{f['end_to_end']:.2f}× the C-engine read ({f['floor']:.1f} s), peak {peak / 1024:.2f} GB "
                  f"(target ≤ {TARGET_END_TO_END}×, ≤ 3 GB): "
                  f"{verdict(f['end_to_end'] <= TARGET_END_TO_END and peak <= CEILING_MILLION_MB)};",
                  f"- writing all outputs {f['outputs']:.1f} s = {f['outputs_over_work']:.2f}× validate + build + "
                  f"queries {f['work']:.1f} s (target ≤ {TARGET_OUTPUTS}×): {verdict(f['outputs_over_work'] <= TARGET_OUTPUTS)};",
                  f"- validate + build + queries = {f['work_over_floor']:.2f}× the C-engine read (target ≤ {TARGET_WORK}×): "
                  f"{verdict(f['work_over_floor'] <= TARGET_WORK)};"]
    cities = {r["size"]: r for r in results if r.get("dataset") == "city"}
    independent.update(cities)  # a city is the independent data dealt to several districts
    sizes = sorted(independent)
    city = max(sizes) if sizes and max(sizes) > 1_000_000 else None
    if million and city:
        t1, t3 = million["end_to_end"]["seconds"], independent[city]["end_to_end"]["seconds"]
        m1, m3 = million["end_to_end"]["peak_mb"], independent[city]["end_to_end"]["peak_mb"]
        lines.append(f"- {city:,} (a city of {CITY_DISTRICTS if city in cities else 1} districts) end to end: {t3:.1f} s = {t3 / t1:.2f}× the 1,000,000 run, peak "
                     f"{m3 / 1024:.2f} GB (target ≤ {TARGET_CITY}×, ≤ 8 GB): "
                     f"{verdict(t3 / t1 <= TARGET_CITY and m3 <= CEILING_CITY_MB)};")
        slope_t, slope_m = (t3 - t1) / (city - 1_000_000), (m3 - m1) / (city - 1_000_000)
        lines.append(f"- 10,000,000 (a province), projected from the growth measured between 1,000,000 and {city:,}: "
                     f"{t3 + slope_t * (10_000_000 - city):.0f} s, {(m3 + slope_m * (10_000_000 - city)) / 1024:.1f} GB;")
    if province:
        n, run = province["size"], province["end_to_end"]
        lines.append(f"- {n:,} (a province: the city's data at that size, {CITY_DISTRICTS} districts), run end to end: "
                     f"{run['seconds']:.0f} s, peak {run['peak_mb'] / 1024:.1f} GB"
                     + (f" ({run['seconds'] / million['end_to_end']['seconds']:.2f}× the 1,000,000 run)" if million else "")
                     + f"; {run['seconds'] / n * 1e6:.1f} s and {run['peak_mb'] / n * 1e6 / 1024:.2f} GB per million;")
    if len(sizes) >= 2:
        per = [f"{s:,}: {independent[s]['end_to_end']['seconds'] / s * 1e6:.1f} s and "
               f"{independent[s]['end_to_end']['peak_mb'] / s * 1e6 / 1024:.2f} GB per million" for s in sizes]
        low, high = sizes[0], sizes[-1]
        grows = (independent[high]["end_to_end"]["seconds"] / high) / (independent[low]["end_to_end"]["seconds"] / low)
        lines.append(f"- growth, end to end per organization: {'; '.join(per)} "
                     f"(time per organization at {high:,} is {grows:.2f}× that at {low:,}: "
                     f"{verdict(grows <= 1.1)} no worse than linear).")
    return "\n".join(lines)


def run_one(size, dataset, once=False):
    """Measure one (size, dataset) in a fresh process, then `liangxin analyze` end to end."""
    input_for(size, dataset)
    command = [sys.executable, __file__, "--one", str(size), "--dataset", dataset] + (["--once"] if once else [])
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        raise RuntimeError(completed.stderr[-4000:])
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    result["end_to_end"] = measure_end_to_end(size, dataset)
    print(f"{dataset} {size:,}: end to end {result['end_to_end']['seconds']:.1f} s, "
          f"{result['end_to_end']['peak_mb']:.0f} MB", file=sys.stderr)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000])
    parser.add_argument("--data", nargs="+", choices=("demo", "independent"), default=["demo", "independent"],
                        help="the datasets measured at every size (default both)")
    parser.add_argument("--city", type=int, metavar="SIZE",
                        help="also the independent data at a city's SIZE, every stage once, and a 10,000,000 projection")
    parser.add_argument("--province", type=int, metavar="SIZE",
                        help="also `liangxin analyze` end to end, once, on the city's data at a province's SIZE")
    parser.add_argument("--write-readme", action="store_true", help="replace the table in README.md")
    parser.add_argument("--neo4j", type=int, metavar="SIZE",
                        help="also push SIZE organizations to the Bolt test server and time the Cypher twins")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: measure one size, print JSON
    parser.add_argument("--dataset", default="demo", help=argparse.SUPPRESS)
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        sys.path.insert(0, str(ROOT))
        from liangxin._memory import retain_freed_memory

        retain_freed_memory()  # as the liangxin program's process does: its stages are measured as it runs them
        print(json.dumps(measure_one(args.one, args.dataset, once=args.once)))
        return
    started = time.perf_counter()
    results = [run_one(size, dataset) for dataset in args.data for size in args.sizes]
    if args.city:
        results.append(run_one(args.city, "city", once=True))
    province = None
    if args.province:  # end to end only: the stages of one process would hold every stage's memory at once
        province = {"size": args.province, "end_to_end": measure_end_to_end(args.province, "city")}
        print(f"province {args.province:,}: end to end {province['end_to_end']['seconds']:.1f} s, "
              f"{province['end_to_end']['peak_mb']:.0f} MB", file=sys.stderr)
    if args.neo4j:
        for row in measure_neo4j(args.neo4j):
            print(f"{args.neo4j:,}: {row['stage']}: {row['seconds']:.1f} s", file=sys.stderr)
            for result in results:
                if result["size"] == args.neo4j and result.get("dataset", "demo") == "demo":
                    result["rows"].append({**row, "peak_mb": float("nan")})
    (DATA / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    if province:
        (DATA / "province.json").write_text(json.dumps(province, indent=1), encoding="utf-8")
    command = f"--sizes {' '.join(map(str, args.sizes))}" + \
        (f" --data {' '.join(args.data)}" if args.data != ["demo", "independent"] else "") + \
        (f" --city {args.city}" if args.city else "") + (f" --province {args.province}" if args.province else "") + \
        (f" --neo4j {args.neo4j}" if args.neo4j else "")
    text = (f"Machine: {machine()}; measured {time.strftime('%Y-%m-%d')} with `.venv/bin/python benchmarks/run.py "
            f"{command}` ({(time.perf_counter() - started) / 60:.0f} min).\n\n{table(results)}\n")
    goals = targets(results, province)
    if goals:
        text += f"\nissue 17's targets on the independent data, ratios of this run:\n\n{goals}\n"
    print(text)
    if args.write_readme:
        content = README.read_text(encoding="utf-8")
        start, end = content.index(BEGIN) + len(BEGIN), content.index(END)
        README.write_text(content[:start] + "\n" + text + content[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
