"""The ``liangxin`` program keeps the memory it frees (liangxin._memory): measured in a process of its own."""

import os
import subprocess
import sys

import pytest

from liangxin import _memory, settings

# A touched 64 MiB block, freed: how many MiB of resident memory went back to the system.
PROBE = """
import os, sys
import numpy as np
from liangxin import _memory
done = _memory.retain_freed_memory() if sys.argv[1] == "retain" else False
def resident():
    return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
block = np.ones(2**23)
before = resident()
del block
print(done, (before - resident()) // 2**20)
"""


def _probe(mode, **environment):
    env = {name: value for name, value in os.environ.items()
           if not name.startswith("MALLOC_") and name != "GLIBC_TUNABLES"}
    ran = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True,
                         env={**env, **environment})
    assert ran.returncode == 0, ran.stderr
    done, returned = ran.stdout.split()
    return done == "True", int(returned)


@pytest.mark.skipif(not _memory._glibc(), reason="glibc's mallopt: Linux with glibc only")
def test_freed_block_stays_with_the_process_only_when_asked():
    done, returned = _probe("default")
    assert not done and returned >= 60  # glibc hands the block back at once
    done, returned = _probe("retain")
    assert done and returned <= 1  # kept for the process's next tables


@pytest.mark.skipif(not _memory._glibc(), reason="glibc's mallopt: Linux with glibc only")
def test_a_users_own_allocator_tuning_stands():
    assert _probe("retain", GLIBC_TUNABLES="glibc.malloc.trim_threshold=131072")[0] is False
    assert _probe("retain", MALLOC_TRIM_THRESHOLD_="131072")[0] is False


def test_nothing_done_when_switched_off_or_not_glibc(monkeypatch):
    monkeypatch.setattr(settings, "RETAIN_FREED_MEMORY", False)
    assert _memory.retain_freed_memory() is False
    monkeypatch.setattr(settings, "RETAIN_FREED_MEMORY", True)
    monkeypatch.setattr(_memory, "_glibc", lambda: False)  # Windows, macOS, musl
    assert _memory.retain_freed_memory() is False
