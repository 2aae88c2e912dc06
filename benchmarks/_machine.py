"""The machine a benchmark ran on, in words (printed beside every measured number)."""

from __future__ import annotations

import os
import platform


def machine() -> str:
    """Architecture, cores, memory, Python and OS of this machine."""
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        ram = f"{mem:.0f} GiB RAM"
    except (ValueError, OSError):
        ram = "RAM unknown"
    return f"{platform.machine()}, {os.cpu_count()} cores, {ram}, Python {platform.python_version()}, {platform.system()}"
