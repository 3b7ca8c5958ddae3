"""Benchmark network.html at district and city scale: page size, time to write it, time to settle (issue 16).

Usage::

    .venv/bin/python benchmarks/network_page.py --sizes 100000 1000000

For each size: a demo district in CSV form (generated once into ``benchmarks/.data/network-N/``)
is analysed, the default page written (every organization in its catalogue), and opened from disk
in headless Chromium, offline, with tests/browser/check_page.mjs, which waits until the page has
settled (layout frozen and catalogue decoded) and then searches the catalogue. Printed as a
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
CHECK_PAGE = ROOT / "tests" / "browser" / "check_page.mjs"


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
    done = subprocess.run(["node", str(CHECK_PAGE), str(page), "--search", "科技", "--timeout", "600000"],
                          capture_output=True, text=True, encoding="utf-8", timeout=900,
                          env={**os.environ, "CHROMIUM": os.environ.get("CHROMIUM", "/usr/bin/chromium")})
    if done.returncode:
        raise RuntimeError(done.stderr)
    report = json.loads(done.stdout)
    return {"organizations": n_orgs, "analyse_s": round(analysed - started, 1), "write_s": round(written - analysed, 1),
            "page_mb": round(page.stat().st_size / 1e6, 2), "drawn_nodes": report["drawn"],
            "load_s": round(report["loadMs"] / 1000, 1), "settled_s": round(report["settleWallMs"] / 1000, 1),
            "search_matches": report["search"]["status"], "errors": report["pageErrors"] + report["consoleErrors"]}


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
    print("| 组织数 | 分析 (s) | 写网络图 (s) | 网络图大小 (MB) | 绘出节点 | 打开 (s) | 稳定可用 (s) | 搜索“科技” |")
    print("|---:|---:|---:|---:|---:|---:|---:|---|")
    for row in rows:
        if row.get("page_mb") is None:
            print(f"| {row['organizations']:,} | 失败：{row['errors']} |")
            continue
        print(f"| {row['organizations']:,} | {row['analyse_s']} | {row['write_s']} | {row['page_mb']} | "
              f"{row['drawn_nodes']:,} | {row['load_s']} | {row['settled_s']} | {row['search_matches']} |")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(measure(int(sys.argv[2])), ensure_ascii=False))
    else:
        main()
