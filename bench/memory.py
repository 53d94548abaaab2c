"""Peak memory from /proc: one process's VmHWM, and a sampler of the summed RSS of a process tree.

getrusage's ru_maxrss is not used: on Linux it survives fork and exec, so a child started by a large
parent reports at least the parent's size.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _rss_kb(pid: int) -> int:
    return _status_kb(pid, "VmRSS:")


def hwm_mb(pid: int | None = None) -> float:
    """Peak RSS of one process since it started its program (VmHWM; 0 where /proc is missing).

    """
    return _status_kb(pid or os.getpid(), "VmHWM:") / 1024


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            try:
                out += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    except OSError:
        pass
    return out


def tree_rss_mb(pid: int | None = None) -> float:
    """Current RSS of a process and all its descendants, summed (Linux /proc; 0 elsewhere)."""
    total, todo, seen = 0, [pid or os.getpid()], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        total += _rss_kb(p)
        todo += _children(p)
    return total / 1024


class TreeSampler:
    """Samples tree_rss_mb() every `interval` seconds in a thread; `.peak_mb` is the largest sum seen."""

    def __init__(self, interval: float = 0.1):
        self.interval = interval
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, tree_rss_mb())
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_mb = max(self.peak_mb, tree_rss_mb())
