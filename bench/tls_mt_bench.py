#!/usr/bin/env python3
"""Full TLS 1.3 handshakes/s of the documentation's multi-task server (main accepts,
tasks adopt with createByFd) with 1 task and with 2 tasks, same load client (tls-load),
on this 2-core machine: nothing is pinned, the server and the client share both cores.

    python3 bench/tls_mt_bench.py <jsre-binary>
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tls_bench as tb  # noqa: E402

SECONDS = 5


def main():
    jsre = sys.argv[1] if len(sys.argv) > 1 else os.path.join(tb.ROOT, "target", "release", "jsre")
    tb.build_client()
    # Both cores for everyone: the point is whether a second task uses the second core.
    tb.SERVER_CPU = "0-1"
    tb.CLIENT_CPU = "0-1"
    script = os.path.join(tb.ROOT, "bench", "scripts", "tls_mt_server.js")
    args = ("--seconds", SECONDS, "--conns", 64)
    # Both servers run side by side and take turns run by run (as in tls_bench.py), so a
    # slow spell of the machine does not fall on one of them only.
    servers = {}
    try:
        for tasks in (1, 2):
            servers[tasks] = tb.Server(f"mt{tasks}", [jsre, script, str(tasks)])
        for server in servers.values():
            tb.client("handshakes", server.port, "--seconds", 1, "--conns", 64)
        runs = {tasks: [] for tasks in servers}
        for _ in range(tb.RUNS):
            for tasks, server in servers.items():
                runs[tasks].append(tb.measured(server, "handshakes", *args))
    finally:
        for server in servers.values():
            server.kill()
    results = {}
    for tasks, recs in runs.items():
        rec = tb.median_of(recs, "per_sec")
        per = rec["server_cpu_s"] / max(rec["handshakes"], 1) * 1e6
        results[tasks] = rec
        print(f"  {tasks} task(s): {rec['per_sec']:8.0f} handshakes/s   server CPU {per:6.1f} us/handshake"
              f"   server cores busy {rec['server_cpu_s'] / rec['seconds']:.2f}   errors {rec.get('errors', 0)}")
    factor = results[2]["per_sec"] / results[1]["per_sec"]
    print(f"  scaling 1 -> 2 tasks: {factor:.2f}x (goal >= 1.6x; the load client shares the two cores)")


if __name__ == "__main__":
    main()
