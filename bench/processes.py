"""Where a command's CPU goes, process by process: runs it and samples /proc for it and every process under it.

    .venv/bin/python bench/processes.py -- .venv/bin/mkdocs build -q -f /dev/shm/site-bench/mkdocs.yml

Prints user and system CPU seconds per process name (pagefind, mkdocs...) and for the twelve busiest processes,
with when each started (seconds after the command). Sampled every 0.2 s: a process's last fifth of a second
before it exits is not counted. Linux only.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import defaultdict

TICK = os.sysconf("SC_CLK_TCK")


def descendants(root: int) -> list[int]:
    """`root` and every process under it, whichever of its threads started them."""
    found, i = [root], 0
    while i < len(found):
        try:
            for task in os.listdir(f"/proc/{found[i]}/task"):
                with open(f"/proc/{found[i]}/task/{task}/children") as f:
                    found += [int(pid) for pid in f.read().split()]
        except OSError:
            pass
        i += 1
    return found


def sample(pids: list[int], seen: dict, start: float) -> None:
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        key = (pid, fields[19])  # the start time tells a reused pid apart
        entry = seen.setdefault(key, {"name": name, "born": time.perf_counter() - start})
        entry["user"], entry["system"] = int(fields[11]) / TICK, int(fields[12]) / TICK


def main(argv: list[str]) -> int:
    command = argv[argv.index("--") + 1 :] if "--" in argv else argv
    if not command:
        print(__doc__)
        return 2
    start = time.perf_counter()
    proc = subprocess.Popen(command)
    seen: dict = {}
    while proc.poll() is None:
        sample(descendants(proc.pid), seen, start)
        time.sleep(0.2)
    wall = time.perf_counter() - start
    by_name: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for entry in seen.values():
        total = by_name[entry["name"]]
        total[0] += entry["user"]
        total[1] += entry["system"]
        total[2] += 1
    print(f"\n{wall:.1f} s wall, exit {proc.returncode}; CPU by process name:")
    for name, (user, system, n) in sorted(by_name.items(), key=lambda kv: -(kv[1][0] + kv[1][1])):
        print(f"  {name:18} {n:4d} processes  user {user:6.1f} s  system {system:5.1f} s")
    print("The busiest processes:")
    busiest = sorted(seen.items(), key=lambda kv: -(kv[1]["user"] + kv[1]["system"]))[:12]
    for (pid, _), e in busiest:
        print(f"  {pid:7d} {e['name']:18} user {e['user']:6.1f} s  system {e['system']:5.1f} s  "
              f"started at {e['born']:5.1f} s")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
