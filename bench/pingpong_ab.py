#!/usr/bin/env python3
"""Ping-pong A/B of two or more jsre builds, alone (no Node), in alternating rounds.

    python3 bench/pingpong_ab.py old=/tmp/jsre-old new=target/release/jsre [--rounds 8]

The TLS suite's five rounds (bench/tls_bench.py) cannot resolve a few per cent between
builds on a noisy machine; this runs only the ping-pong figure (50 connections, 64-byte
messages, 3 s per round), the builds taking turns round by round, and prints each round's
server CPU per round trip and rate, then the medians, and for each build after the first
the paired ratios to the first (round by round: the two ran back to back). Copy the builds the same way before
comparing them (a fresh copy of a binary starts with a different page-cache layout).
"""
import argparse
import os
import statistics
import time

import tls_bench as tb


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("builds", nargs="+", metavar="LABEL=PATH")
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()
    builds = [b.split("=", 1) for b in args.builds]
    if any(len(b) != 2 for b in builds):
        parser.error("each build is LABEL=PATH")
    tb.build_client()
    script = os.path.join(tb.SCRIPTS, "tls_echo_server.js")
    servers = [tb.Server(label, [path, script]) for label, path in builds]
    results = {s.label: [] for s in servers}
    try:
        time.sleep(0.5)
        for s in servers:  # warm-up: connections, caches, the CPU's clock
            tb.client("pingpong", s.port, "--seconds", 1, "--conns", 50)
        for _ in range(args.rounds):
            for s in servers:
                r = tb.measured(s, "pingpong", "--seconds", 3, "--conns", 50)
                cpu_s = tb.per_op(r["server_cpu_s"], r["round_trips"])
                # A round with no round trips has nothing to compare: None.
                results[s.label].append(None if cpu_s is None else (cpu_s * 1e6, r["per_sec"]))
    finally:
        for s in servers:
            s.kill()
    for label, rounds in results.items():
        rounds = [r for r in rounds if r is not None]
        if not rounds:
            print(f"{label}: no round trips")
            continue
        cells = " ".join(f"{c:.2f}us/{rate / 1000:.1f}k" for c, rate in rounds)
        cpu = statistics.median(c for c, _ in rounds)
        rate = statistics.median(r for _, r in rounds)
        print(f"{label}: median {cpu:.2f} us per round trip, {rate / 1000:.1f}k/s  [{cells}]")
    first = servers[0].label
    for s in servers[1:]:
        pairs = [(a, b) for a, b in zip(results[first], results[s.label]) if a and b]
        if not pairs:
            continue
        cpu = [b[0] / a[0] for a, b in pairs]
        rate = [b[1] / a[1] for a, b in pairs]
        print(f"{s.label} / {first}, paired: CPU per round trip {statistics.median(cpu):.3f}, "
              f"round trips/s {statistics.median(rate):.3f}  "
              f"[{' '.join(f'{r:.2f}' for r in rate)}]")


if __name__ == "__main__":
    main()
