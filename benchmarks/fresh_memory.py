"""What fresh memory costs on this machine, a gigabyte at a time: the city's extra time, measured apart.

Usage::

    .venv/bin/python benchmarks/fresh_memory.py --gb 8

One process maps anonymous memory a gigabyte at a time, keeps it, and writes one byte per 4 KiB
page, so every page is a first touch (a page fault, and a page the system must find and zero).
Each line is one gigabyte: wall time and the system time it took. On the benchmark's virtual
machine (2 cores, 24 GiB; 2026-12-04) the first 4–6 GB cost 0.7 s each, and every one past them
about 3.1 s, 4.4× as much; the point moved between runs and fell back to about 4 GB within 20 s.
The likely reason: the machine's balloon device reports free memory to its host (free page
reporting, bit 5 of ``/sys/bus/virtio/devices/*/features``), and memory the host took back costs
the host's own page fault when touched again; perf puts the time in the kernel's page clearing.

That is what grows faster than the input in a 3,000,000-organization city (peak ~6 GB with the
worker and the files written): at a million, ``analyze`` stays inside the cheap part. A lower peak
is the remedy the code has; the README's benchmark section gives the figures.
"""

import argparse
import mmap
import os
import time

PAGE = 4096
GB = 1 << 30


def touch_one_gigabyte() -> tuple:
    """Map one more gigabyte, touch each of its pages, and return (the map, wall s, system s)."""
    before, start = os.times(), time.perf_counter()
    memory = mmap.mmap(-1, GB)
    for offset in range(0, GB, PAGE):
        memory[offset] = 1
    after = os.times()
    return memory, time.perf_counter() - start, after.system - before.system


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gb", type=int, default=8, help="gigabytes to touch, one after another (default 8)")
    held = []
    for number in range(1, parser.parse_args(argv).gb + 1):
        memory, wall, system = touch_one_gigabyte()
        held.append(memory)
        print(f"GB {number}: {wall:.2f} s wall, {system:.2f} s system", flush=True)


if __name__ == "__main__":
    main()
