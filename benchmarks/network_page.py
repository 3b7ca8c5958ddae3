"""Benchmark network.html at district and city scale: page size, time to write it, time to settle (issue 16).

Usage::

    .venv/bin/python benchmarks/network_page.py --sizes 100000 1000000

For each size: a demo district in CSV form (generated once into ``benchmarks/.data/network-N/``)
is analysed, the default page written (every organization in its catalogue), and opened from disk
in headless Chromium, offline, with tests/browser/drive_page.mjs, which waits until the page has
settled (layout frozen and catalogue decoded); then the first search of the whole catalogue (it
normalizes every name once) and a filter by NO_RESPONSIBLE_UNIT are timed in the page. Printed as a
Markdown table; the figures of README's “网络图的规模” come from it. Shared machines are noisy: no
test asserts these figures (tests/browser asserts a 20,000-organization page settles in 10 s).
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / ".data"
DRIVE_PAGE = ROOT / "tests" / "browser" / "drive_page.mjs"
#: What is timed once the page has settled: a search of the whole catalogue, and a filter.
STEPS = [{"eval": "(() => { const t = performance.now(); const n = window.liangxin.search('科技').length;"
                  " return [n, performance.now() - t]; })()"},
         {"eval": "(() => { const t = performance.now(); window.liangxin.filter({code: 'NO_RESPONSIBLE_UNIT'});"
                  " return performance.now() - t; })()"}]


def measure(n_orgs, seed=0):
    """One size: the figures of one row of the table."""
    import liangxin as lx
    from liangxin.demo import write_demo
    from liangxin.viz.network import write_network_html

    folder = DATA / f"network-{n_orgs}"
    source = folder / "sample"
    if not source.exists():
        write_demo(folder, n_orgs=n_orgs, seed=seed, csv=True)
    started = time.perf_counter()
    analysis = lx.analyze(source)
    analysed = time.perf_counter()
    page = write_network_html(analysis, folder / "network.html", source="sample")
    written = time.perf_counter()
    steps = folder / "steps.json"
    steps.write_text(json.dumps(STEPS), encoding="utf-8")
    done = subprocess.run(["node", str(DRIVE_PAGE), str(page), str(steps)], capture_output=True, text=True,
                          encoding="utf-8", timeout=900,
                          env={**os.environ, "LX_TIMEOUT_MS": "600000",
                               "CHROMIUM": os.environ.get("CHROMIUM", "/usr/bin/chromium")})
    if done.returncode:
        raise RuntimeError(done.stderr)
    report = json.loads(done.stdout)
    (matches, search_ms), filter_ms = report["results"]
    return {"organizations": n_orgs, "analyse_s": round(analysed - started, 1), "write_s": round(written - analysed, 1),
            "page_mb": round(page.stat().st_size / 1e6, 2), "load_s": round(report["loadWallMs"] / 1000, 1),
            "settled_s": round(report["settleWallMs"] / 1000, 1), "search": f"{matches:,} 个，{search_ms / 1000:.2f} s",
            "filter_s": round(filter_ms / 1000, 2), "errors": report["pageErrors"] + report["consoleErrors"]}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    args = parser.parse_args(argv)
    rows = []
    for size in args.sizes:
        # A fresh process per size, so one size's memory does not weigh on the next.
        done = subprocess.run([sys.executable, __file__, "--one", str(size)], capture_output=True, text=True,
                              encoding="utf-8") if "--one" not in sys.argv else None
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]) if done and done.returncode == 0
                    else {"organizations": size, "errors": [done.stderr[-500:] if done else ""]})
    print("| 组织数 | 分析 (s) | 写网络图 (s) | 网络图大小 (MB) | 打开 (s) | 稳定可用 (s) | 首次搜索“科技” | 筛选 (s) |")
    print("|---:|---:|---:|---:|---:|---:|---|---:|")
    for row in rows:
        if row.get("page_mb") is None:
            print(f"| {row['organizations']:,} | 失败：{row['errors']} |")
            continue
        print(f"| {row['organizations']:,} | {row['analyse_s']} | {row['write_s']} | {row['page_mb']} | "
              f"{row['load_s']} | {row['settled_s']} | {row['search']} | {row['filter_s']} |")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(measure(int(sys.argv[2])), ensure_ascii=False))
    else:
        main()
