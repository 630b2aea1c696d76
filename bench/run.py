#!/usr/bin/env python3
"""Benchmarks jsre against Node.js in one run and prints figures and ratios.

    python3 bench/run.py [core|iosched|tls|all]

Builds jsre in release mode first. Figures are medians of repeated runs; the ratio
column is jsre / node for times (lower is better for jsre) unless stated otherwise.
Timings on shared machines are noisy: compare the ratios, not the absolute numbers.
"""

import json
import os
import resource
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPTS = os.path.join(ROOT, "bench", "scripts")
JSRE = os.path.join(ROOT, "target", "release", "jsre")
NODE = "node"


def build():
    subprocess.run(["cargo", "build", "--release", "-p", "jsre"], cwd=ROOT, check=True)


def wall(cmd, runs):
    """Median wall time of `cmd` in ms over `runs` runs."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def json_lines(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=600).stdout
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def cpu_seconds(cmd):
    """User+system CPU seconds the child used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def row(name, jsre, node, unit="ms"):
    ratio = jsre / node if node else float("nan")
    print(f"  {name:<34} jsre {jsre:10.2f} {unit:<4} node {node:10.2f} {unit:<4} ratio {ratio:6.3f}")


def medians_of(script, runs):
    """Per-measurement medians of a script that prints JSON lines, for both runtimes."""
    results = {}
    for label, exe in (("jsre", JSRE), ("node", NODE)):
        samples = {}
        for _ in range(runs):
            for rec in json_lines([exe, os.path.join(SCRIPTS, script)]):
                samples.setdefault(rec["name"], []).append(rec["ms"])
        results[label] = {k: statistics.median(v) for k, v in samples.items()}
    return results


def core():
    print("core (issue: runtime core)")
    empty = os.path.join(SCRIPTS, "empty.js")
    j, n = wall([JSRE, empty], 30), wall([NODE, empty], 30)
    row("startup, empty script (median)", j, n)
    res = medians_of("buffer.js", 3)
    for name in res["jsre"]:
        row(name, res["jsre"][name], res["node"].get(name, float("nan")))


def iosched():
    print("iosched (issue: event loop)")
    for script in ("timers.js", "pingpong.js"):
        res = medians_of(script, 3)
        for name in res["jsre"]:
            row(name, res["jsre"][name], res["node"].get(name, float("nan")))
    idle = os.path.join(SCRIPTS, "idle.js")
    j, n = cpu_seconds([JSRE, idle]) * 1000, cpu_seconds([NODE, idle]) * 1000
    row("CPU while idle 5 s in the loop", j, n, "ms")


def tls():
    path = os.path.join(ROOT, "bench", "tls_bench.py")
    if not os.path.exists(path):
        print("tls: bench/tls_bench.py not present")
        return
    subprocess.run([sys.executable, path, JSRE], check=True)


def main():
    which = sys.argv[1] if len(sys.argv) > 1 else "all"
    build()
    print(f"node {subprocess.run([NODE, '--version'], capture_output=True, text=True).stdout.strip()}")
    if which in ("core", "all"):
        core()
    if which in ("iosched", "all"):
        iosched()
    if which in ("tls", "all"):
        tls()


if __name__ == "__main__":
    main()
