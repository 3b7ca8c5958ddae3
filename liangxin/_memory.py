"""Memory a ``liangxin`` process frees, kept for its own later use (Linux with glibc).

glibc allocates a large block (128 KB at first; glibc raises that bar as such blocks are freed,
up to 32 MB) from the system and hands it straight back when it is freed, and trims its heap's
free top; the next table of that size is then fresh memory, which the kernel zeroes page by
page on first touch. A million organizations' run makes and drops such tables by the hundred.
On a virtual machine that returns its free memory to the host (virtio balloon free page
reporting, as on the benchmark's machine) a fresh page costs more still: touching 4 GiB newly
took 9.5–11.7 s of system time there, touching the same 4 GiB again in the same process 0.4 s.

A ``liangxin`` command runs for seconds or minutes and then ends, so its process keeps what it
frees: glibc serves large blocks from its main heap (no ``mmap``) and does not trim it below
2 GiB. Blocks of about 64 MiB or more asked for on other threads still come from the system, as
do blocks the heap cannot grow to. The peak rises a little (the freed blocks are what the next
tables are made of, not always a fit: +3–5% at a million organizations); the memory goes back
to the system when the command ends.

Only the ``liangxin`` program (:func:`liangxin.cli.run`) and its worker process ask for this,
never a notebook's kernel (that process is the analyst's), and not where the environment tunes
glibc's allocator already (``GLIBC_TUNABLES``, ``MALLOC_*``): the user's choice stands.
"""

import ctypes
import os
import sys

from liangxin import settings

__all__ = ["retain_freed_memory"]

#: glibc's ``mallopt`` parameters (malloc.h).
_M_TRIM_THRESHOLD, _M_MMAP_MAX = -1, -4
#: The largest trim threshold ``mallopt`` takes (a C int): a free top of the heap below it stays.
_NEVER_TRIM = 2**31 - 1


def _user_tuned() -> bool:
    """Whether glibc's allocator was tuned in this process's environment: the user's choice stands."""
    return "glibc.malloc." in os.environ.get("GLIBC_TUNABLES", "") or any(
        name.startswith("MALLOC_") for name in os.environ)


def _glibc() -> bool:
    try:
        return sys.platform.startswith("linux") and os.confstr("CS_GNU_LIBC_VERSION").startswith("glibc")
    except (ValueError, OSError, AttributeError):  # not a name this system knows: not glibc
        return False


def retain_freed_memory() -> bool:
    """Keep the memory this process frees for its own later use; True where that was done.

    Done on Linux with glibc when :data:`liangxin.settings.RETAIN_FREED_MEMORY` is on and the
    environment does not tune glibc's allocator itself; elsewhere (Windows, macOS, musl) nothing
    changes and the result is False.

    Examples
    --------
    Not called here (a test runner's process is not the program's); the switch:

    >>> settings.RETAIN_FREED_MEMORY
    True
    """
    if not settings.RETAIN_FREED_MEMORY or not _glibc() or _user_tuned():
        return False
    try:
        libc = ctypes.CDLL(None)  # the C library this process already runs on
        return libc.mallopt(_M_MMAP_MAX, 0) == 1 and libc.mallopt(_M_TRIM_THRESHOLD, _NEVER_TRIM) == 1
    except (OSError, AttributeError):
        return False
