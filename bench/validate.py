"""Benchmark: how long `catalogue validate` takes on a large synthetic catalogue, and how much memory it uses.

    .venv/bin/python bench/validate.py [--services 50000] [--runs 3] [--boundaries PATH]

Prints the machine, then times, each as a separate process: `catalogue synth`, the whole-catalogue
validation, and the validation of one changed file, with the committed simplified boundaries (the default)
and again with DAGI's full-resolution layer (`--boundaries`), and compares them with the targets (whole
catalogue <= 30 s, one file <= 2 s). It reports; it always exits 0.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_BOUNDARIES = REPO.parent / "shared" / "reference" / "dagi" / "municipalities.geojson"
GNU_TIME = Path("/usr/bin/time")
TARGETS = {"whole": 30.0, "one file": 2.0}
SAMPLE_SECONDS = 1.0  # reading smaps_rollup of a 2 GB process tree costs CPU the build then lacks

# Without /usr/bin/time: runs a command in a fresh process and writes, in /usr/bin/time -v's words, the
# largest resident set size (KB) of it and its waited-for children and their CPU seconds.
RUSAGE_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "lines = [f'Maximum resident set size (kbytes): {u.ru_maxrss}', f'User time (seconds): {u.ru_utime:.2f}',\n"
    "         f'System time (seconds): {u.ru_stime:.2f}']\n"
    "open(sys.argv[1], 'w').write('\\n'.join(lines) + '\\n')\n"
    "sys.exit(code)\n"
)


@dataclass
class Run:
    wall: float
    rss_kb: int | None
    pss_kb: int | None
    cpu: tuple[float, float] | None  # user, system seconds of the process and its children
    code: int
    output: str


@dataclass
class Measure:
    name: str
    command: list[str]
    runs: list[Run] = field(default_factory=list)

    def walls(self) -> list[float]:
        return [r.wall for r in self.runs]

    def peak_rss(self) -> int | None:
        values = [r.rss_kb for r in self.runs if r.rss_kb is not None]
        return max(values) if values else None

    def cpu(self) -> str:
        """Median user + system CPU seconds, as user+system."""
        runs = [r.cpu for r in self.runs if r.cpu]
        if not runs:
            return "-"
        user, system = statistics.median(c[0] for c in runs), statistics.median(c[1] for c in runs)
        return f"{user:.1f}+{system:.1f}"

    def peak_pss(self) -> int | None:
        values = [r.pss_kb for r in self.runs if r.pss_kb is not None]
        return max(values) if values else None


# --- the machine -------------------------------------------------------------------------------

def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def machine(tmp: Path) -> dict[str, str]:
    first = {}
    for line in _read("/proc/cpuinfo").split("\n\n")[0].splitlines():
        key, _, value = line.partition(":")
        first[key.strip()] = value.strip()
    cpu = first.get("model name") or platform.processor() or "unknown"
    details = [f"family {first['cpu family']} model {first['model']}" if "cpu family" in first else "",
               f"{float(first['cpu MHz']):.0f} MHz" if "cpu MHz" in first else "",
               "virtual machine" if "hypervisor" in first.get("flags", "").split() else ""]
    if any(details):
        cpu += f" ({', '.join(d for d in details if d)})"
    mem = next((line.split(":", 1)[1].strip() for line in _read("/proc/meminfo").splitlines()
                if line.startswith("MemTotal")), "unknown")
    if mem.endswith(" kB"):
        mem = f"{int(mem[:-3]) / 1024 / 1024:.1f} GiB"
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": cpu,
        "nproc": f"{usable} usable of {os.cpu_count()}",
        "memory": mem,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "os": f"{platform.system()} {platform.release()}",
        "temp filesystem": _filesystem(tmp),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _filesystem(path: Path) -> str:
    """The type of the file system holding `path`, from /proc/mounts (longest matching mount point)."""
    best, kind = "", "unknown"
    target = str(path.resolve())
    for line in _read("/proc/mounts").splitlines():
        parts = line.split()
        inside = len(parts) >= 3 and (target == parts[1] or target.startswith(parts[1].rstrip("/") + "/"))
        if inside and len(parts[1]) > len(best):
            best, kind = parts[1], f"{parts[2]} on {parts[1]}"
    return kind


# --- measuring one process ---------------------------------------------------------------------

def _tree_pss(root: int) -> int | None:
    """Proportional set size (KB) summed over a process and its descendants: counts shared pages once."""
    children: dict[int, list[int]] = {}
    try:
        pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return None
    for pid in pids:
        stat = _read(f"/proc/{pid}/stat")
        if stat:
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(pid)
    total, todo, seen = 0, [root], False
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        for line in _read(f"/proc/{pid}/smaps_rollup").splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1])
                seen = True
                break
    return total if seen else None


def run_once(cmd: list[str]) -> Run:
    """Run `cmd` as a fresh process: wall seconds, peak RSS of its largest process, peak PSS of its tree."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss", delete=False) as fh:
        report = Path(fh.name)
    if GNU_TIME.exists():
        full = [str(GNU_TIME), "-v", "-o", str(report), *cmd]
    else:
        full = [sys.executable, "-c", RUSAGE_WRAPPER, str(report), *cmd]
    peak = {"pss": None}
    start = time.perf_counter()
    proc = subprocess.Popen(full, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def sample():
        n = 0
        while proc.poll() is None:
            pss = _tree_pss(proc.pid)
            if pss is not None and (peak["pss"] is None or pss > peak["pss"]):
                peak["pss"] = pss
            n += 1
            time.sleep(SAMPLE_SECONDS if n > 20 else SAMPLE_SECONDS / 5)  # short processes: sample often

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = proc.communicate()
    wall = time.perf_counter() - start
    sampler.join()
    usage = _parse_usage(report.read_text(encoding="utf-8", errors="replace") if report.exists() else "")
    report.unlink(missing_ok=True)
    rss = usage.get("Maximum resident set size (kbytes)")
    user, system = usage.get("User time (seconds)"), usage.get("System time (seconds)")
    cpu = (user, system) if user is not None and system is not None else None
    return Run(wall, None if rss is None else int(rss), peak["pss"], cpu, proc.returncode, output)


def _parse_usage(text: str) -> dict[str, float]:
    """The numbers in /usr/bin/time -v's report, by name."""
    out = {}
    for line in text.splitlines():
        name, _, value = line.strip().rpartition(": ")
        with contextlib.suppress(ValueError):
            out[name] = float(value)
    return out


def measure(name: str, cmd: list[str], runs: int, prepare=None) -> Measure:
    """`runs` runs of `cmd`; `prepare`, when given, is called before each run, untimed (e.g. to remove the
    output of the run before, so that every run starts from what CI starts from)."""
    m = Measure(name, cmd)
    for i in range(runs):
        if prepare is not None:
            prepare()
        r = run_once(cmd)
        m.runs.append(r)
        last = r.output.strip().splitlines()[-1] if r.output.strip() else ""
        cpu = f" (cpu {r.cpu[0]:.1f} s user, {r.cpu[1]:.1f} s system)" if r.cpu else ""
        print(f"  {name}, run {i + 1}/{runs}: {r.wall:.2f} s{cpu}, exit {r.code}: {last}", flush=True)
    return m


# --- report --------------------------------------------------------------------------------------

def _mb(kb: int | None) -> str:
    return "-" if kb is None else f"{kb / 1024:.0f} MB"


def table(measures: list[Measure]) -> str:
    head = ["measurement", "runs", "min s", "median s", "max s", "cpu s", "peak RSS", "peak PSS (tree)",
            "target", "verdict"]
    rows = [head]
    for m in measures:
        walls = m.walls()
        if not walls:
            continue
        kind = "one file" if "one file" in m.name else "whole" if "whole" in m.name else None
        target = TARGETS.get(kind) if kind else None
        failed = any(r.code != 0 for r in m.runs)
        if failed:
            verdict = "exit != 0"
        elif target is None:
            verdict = ""
        else:
            verdict = "ok" if max(walls) <= target else "OVER"
        rows.append([m.name, str(len(walls)), f"{min(walls):.2f}", f"{statistics.median(walls):.2f}",
                     f"{max(walls):.2f}", m.cpu(), _mb(m.peak_rss()), _mb(m.peak_pss()),
                     f"<= {target:g} s" if target else "", verdict])
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def catalogue_command() -> list[str]:
    beside = Path(sys.executable).parent / "catalogue"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("catalogue")
    return [found] if found else [sys.executable, "-m", "generator.cli"]


def one_service_file(root: Path) -> Path | None:
    """A service file in the middle of the catalogue, the same one for the same seed."""
    orgs = sorted(p for p in root.iterdir() if (p / "services").is_dir())
    for org in orgs[len(orgs) // 2:] + orgs[: len(orgs) // 2]:
        files = sorted((org / "services").glob("*.yaml"))
        if files:
            return files[len(files) // 2]
    return None


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--services", type=int, default=50_000, help="services to synthesise (default: 50000)")
    p.add_argument("--runs", type=int, default=3, help="runs of each validation (default: 3)")
    p.add_argument("--seed", type=int, default=1, help="synth seed (default: 1)")
    p.add_argument("--boundaries", default=str(DEFAULT_BOUNDARIES) if DEFAULT_BOUNDARIES.exists() else None,
                   help="municipality boundaries GeoJSON; also time validation with it "
                        "(default: ../shared/reference/dagi/municipalities.geojson when present)")
    p.add_argument("--workers", type=int, default=None, help="pass --workers to catalogue validate")
    p.add_argument("--tmp", type=Path, default=None,
                   help="folder for the temporary catalogue (default: $TMPDIR or /tmp)")
    p.add_argument("--keep", action="store_true", help="keep the synthetic catalogue and print where it is")
    p.add_argument("--json", type=Path, default=None, help="also write the results as JSON to this file")
    args = p.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="catalogue-bench-", dir=args.tmp))
    root = work / "catalogue"
    info = machine(work)
    print("Machine")
    for k, v in info.items():
        print(f"  {k:16} {v}")
    cli = catalogue_command()
    measures: list[Measure] = []
    try:
        print(f"\nSynthesising {args.services} services into {root}")
        synth = measure("synth", [*cli, "synth", "--services", str(args.services), "--seed", str(args.seed),
                                  "--out", str(root)], 1)
        measures.append(synth)
        if synth.runs[0].code != 0:
            print("synth failed:\n" + synth.runs[0].output)
            return 0
        one = one_service_file(root)
        extra = ["--workers", str(args.workers)] if args.workers else []
        variants = [("", [])]
        if args.boundaries and Path(args.boundaries).exists():
            variants.append((" + boundaries", ["--boundaries", str(args.boundaries)]))
        elif args.boundaries:
            print(f"\nNo boundaries file at {args.boundaries}: timing without the boundaries check only.")
        for label, opts in variants:
            base = [*cli, "validate", "--format", "text", "--root", str(root), *opts, *extra]
            print(f"\nWhole catalogue{label}: {' '.join(base)}")
            measures.append(measure(f"validate whole{label}", base, args.runs))
            if one is not None:
                print(f"\nOne file{label}: {' '.join([*base, str(one)])}")
                measures.append(measure(f"validate one file{label}", [*base, str(one)], args.runs))
    except (OSError, subprocess.SubprocessError) as e:
        print(f"\nbenchmark stopped: {e}")
    finally:
        if args.keep:
            print(f"\nKept the catalogue in {root}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    print(f"\nResults ({args.services} services). Seconds are wall-clock seconds of the whole process; cpu s is\n"
          "the median user+system CPU seconds of the process and its workers; peak RSS is that of the largest\n"
          "single process; peak PSS sums the process tree (shared pages counted once), sampled every 0.25 s.\n")
    print(table(measures))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        data = {"machine": info, "services": args.services, "measures": [
            {"name": m.name, "command": m.command, "walls": m.walls(), "cpu": [r.cpu for r in m.runs],
             "peak_rss_kb": m.peak_rss(),
             "peak_pss_kb": m.peak_pss(), "exit_codes": [r.code for r in m.runs]} for m in measures]}
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print(f"\nWrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
