#!/usr/bin/env python3
"""The request cost of pruning: 1,000 leavers across 100 customers (10 each).

Starts keepnet-sim, onboards CUSTOMERS customers with USERS target users each (one apply),
then removes LEAVERS users from each customer's manifest, adds `prune: [targetUsers]`, and
measures the second apply with /_sim/stats: its total requests, its DELETEs and its reads.
Prints one JSON document. Binaries: BENCH_ONBOARD / BENCH_SIM, else build/dev.

  python3 tools/bench/prune_bench.py [--customers 100] [--users 60] [--leavers 10]
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
BUILD = os.path.join(ROOT, "build", "dev")
ONBOARD = os.environ.get("BENCH_ONBOARD", os.path.join(BUILD, "cli", "onboard"))
SIM = os.environ.get("BENCH_SIM", os.path.join(BUILD, "tools", "keepnet-sim", "keepnet-sim"))

DEFAULTS = """apiVersion: onboard/v1
kind: Defaults
spec:
  company: {country: TR, industry: Technology, timeZone: Turkey Standard Time, dateFormat: dd/MM/yyyy, timeFormat: HH:mm}
  license: {type: Enterprise, period: Yearly, limited: false, users: 1000}
"""


def customer(i, users, prune):
    lines = [
        "apiVersion: onboard/v1", "kind: Customer", f"metadata: {{name: c{i:03d}}}", "spec:",
        f"  company: {{name: Prune Co {i}}}",
        "  admins:",
        f"    - {{email: admin@c{i}.example, firstName: A, lastName: N{i}, phone: \"+90555{i:07d}\"}}",
        "  targetUsers:",
    ]
    for k in users:
        lines.append(f"    - {{email: u{k}@c{i}.example, firstName: U, lastName: L{k}, phone: \"+90556{i:04d}{k:03d}\"}}")
    if prune:
        lines.append("  prune: [targetUsers]")
    return "\n".join(lines) + "\n"


def write_fleet(folder, customers, users, leavers):
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    with open(os.path.join(folder, "defaults.yaml"), "w") as f:
        f.write(DEFAULTS)
    for i in range(customers):
        kept = range(users - leavers) if leavers else range(users)
        with open(os.path.join(folder, f"c{i:03d}.yaml"), "w") as f:
            f.write(customer(i, kept, prune=leavers > 0))


class Sim:
    def __init__(self):
        self.proc = subprocess.Popen([SIM, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline().strip()
        if not line.startswith("listening on "):
            raise RuntimeError(f"keepnet-sim did not start: {line!r}")
        self.url = line[len("listening on "):]

    def stats(self):
        with urllib.request.urlopen(self.url + "/_sim/stats", timeout=60) as r:
            return json.load(r)

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def apply(sim, folder):
    env = dict(os.environ, KEEPNET_API_BASE_URL=sim.url, KEEPNET_CLIENT_ID="demo-client",
               KEEPNET_CLIENT_SECRET="demo-secret")
    r = subprocess.run([ONBOARD, "apply", folder, "--auto-approve", "--format", "json"], env=env,
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"apply failed ({r.returncode}): {r.stderr[-2000:]}")
    return json.loads(r.stdout)


def delta(before, after):
    out = {"total": after["total"] - before["total"], "writes": after["total_writes"] - before["total_writes"]}
    by = {}
    for key, n in after["requests"].items():
        d = n - before["requests"].get(key, 0)
        if d:
            by[key] = d
    out["by_request"] = by
    out["deletes"] = sum(n for k, n in by.items() if k.startswith("DELETE "))
    out["reads"] = out["total"] - out["writes"]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--customers", type=int, default=100)
    ap.add_argument("--users", type=int, default=60)
    ap.add_argument("--leavers", type=int, default=10)
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="onboard-prune-bench-")
    sim = Sim()
    try:
        folder = os.path.join(work, "manifests")
        write_fleet(folder, a.customers, a.users, 0)
        apply(sim, folder)
        write_fleet(folder, a.customers, a.users, a.leavers)
        before = sim.stats()
        report = apply(sim, folder)
        measured = delta(before, sim.stats())
        print(json.dumps({
            "customers": a.customers, "users_each": a.users, "leavers_each": a.leavers,
            "leavers": a.customers * a.leavers, "deleted": report["summary"]["deleted"],
            "apply_requests": measured["total"], "apply_deletes": measured["deletes"],
            "apply_reads": measured["reads"], "apply_writes": measured["writes"],
            "by_request": measured["by_request"], "wall_time_ms": report["wall_time_ms"],
        }, indent=2))
    finally:
        sim.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
