#!/usr/bin/env python3
"""The onboard benchmarks: scale, request economy and speed against the API's own limit,
side by side with the tools resellers use today. tools/bench/run.sh builds and calls this.

For each fleet size it generates a deterministic fleet, starts keepnet-sim with the given
latency (and rate limit), runs each tool as a child process and measures it (wall time, CPU
time and peak RSS from wait4), reads the simulator's request counts around each run, checks
the end state and the request economy, and writes bench-results.json, docs/benchmarks.md and
docs/benchmarks.png.
"""

import argparse
import glob
import hashlib
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
import fleet as fleet_reader  # noqa: E402
import drift as drift_helper  # noqa: E402

PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
BUILD = os.path.join(ROOT, "build", "release")
ONBOARD = os.environ.get("BENCH_ONBOARD", os.path.join(BUILD, "cli", "onboard"))
SIM = os.environ.get("BENCH_SIM", os.path.join(BUILD, "tools", "keepnet-sim", "keepnet-sim"))
FLEET_GEN = os.environ.get("BENCH_FLEET_GEN", os.path.join(ROOT, "tools", "fleet-gen", "fleet_gen.py"))
WORK = os.path.join(ROOT, "build", "bench")
CLIENT_ID, CLIENT_SECRET = "demo-client", "demo-secret"

# Round trips that must follow one another, whatever the parallelism: token -> company create ->
# user create for a fresh apply; token -> company search -> per-company reads for a plan; a
# drift apply reads like a plan, then updates.
CHAIN = {"fresh-apply": 3, "noop-plan": 3, "noop-apply": 3, "drift-plan": 3, "drift-apply": 4}
CATALOG_PREFIXES = ("GET /api/codetypes", "GET /api/lookups", "POST /api/lookups", "GET /api/timezone")
PEERS = ("script", "ansible", "async")
# The scale fleet of issue 12 (--scale): a million target users.
SCALE = (10000, 2, 100)
# The figures issue 12 gives for the main of then ("today's"), shown beside the new ones:
# (scenario, customers, admins, users, rate limit) -> (wall s or None, ratio, peak RSS text).
BEFORE_ISSUE_12 = {
    ("fresh-apply", 1000, 2, 100, 0): (782.0, 6.0, "515 MB (726 MB in the benchmark's own run)"),
    ("noop-plan", 1000, 2, 100, 0): (None, 1.8, None),
    ("fresh-apply", 200, 2, 50, 0): (None, 1.37, "69 MB"),
    ("noop-plan", 200, 2, 50, 0): (None, 1.5, None),
}


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- the simulator


class Sim:
    """One keepnet-sim process on a free port; its first stdout line is the readiness signal."""

    def __init__(self, latency_ms, rate_limit, max_page_size=100):
        cmd = [SIM, "--port", "0", "--latency-ms", str(latency_ms), "--max-page-size", str(max_page_size)]
        if rate_limit:
            cmd += ["--rate-limit", str(rate_limit)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline().strip()
        if not line.startswith("listening on "):
            self.stop()
            raise RuntimeError(f"keepnet-sim did not start: {line!r}")
        self.url = line[len("listening on "):]

    def get(self, path):
        with urllib.request.urlopen(self.url + path, timeout=120) as r:
            return json.load(r)

    def stats(self):
        return self.get("/_sim/stats")

    def state(self):
        return self.get("/_sim/state")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait()


def stats_delta(before, after):
    """Requests between two /_sim/stats snapshots: by kind, reads, writes, 429s."""
    def diff(key):
        b = before.get(key, {})
        return {k: v - b.get(k, 0) for k, v in after.get(key, {}).items() if v - b.get(k, 0)}
    by_kind = diff("requests")
    total = after["total"] - before["total"]
    writes = after["total_writes"] - before["total_writes"]
    s429 = after["status_429"] - before["status_429"]
    return {"by_kind": by_kind, "total": total, "writes": writes, "reads": total - writes, "status_429": s429}


# ---------------------------------------------------------------- measuring a child process


def run_measured(cmd, env, cap_s, out_path, err_path):
    """Runs cmd in its own process group; returns wall, CPU (user+sys, children included),
    peak RSS, the exit code, and whether it was stopped at the cap.

    CPU and peak RSS come from GNU time wrapped around the tool: a child forked by this
    Python process would report Python's own RSS as its peak (Linux carries the high-water
    mark across exec), so the tool must be forked by a small process."""
    timed_out = threading.Event()
    usage_path = out_path + ".usage"
    load = os.getloadavg()[0]
    at = time.strftime("%H:%M", time.gmtime())
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.monotonic()
        p = subprocess.Popen(["/usr/bin/time", "-o", usage_path, "-f", "%U %S %M %x"] + cmd, env=env, stdout=out,
                             stderr=err, stdin=subprocess.DEVNULL, start_new_session=True, cwd=ROOT)

        def stop():
            timed_out.set()
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        timer = threading.Timer(cap_s, stop)
        timer.start()
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.monotonic() - start
        timer.cancel()
    m = {"wall_s": wall, "cpu_s": ru.ru_utime + ru.ru_stime, "peak_rss_mb": 0.0,
         "rc": os.waitstatus_to_exitcode(status), "timed_out": timed_out.is_set(), "load": load, "at": at}
    try:
        with open(usage_path) as f:
            last = f.read().strip().splitlines()[-1].split()
        m.update(cpu_s=float(last[0]) + float(last[1]), peak_rss_mb=int(last[2]) / 1024.0, rc=int(last[3]))
    except (OSError, IndexError, ValueError):
        pass  # killed at the cap: time wrote nothing; keep wait4's figures
    return m


def tool_env(sim):
    env = dict(os.environ)
    env.update({"KEEPNET_API_BASE_URL": sim.url, "KEEPNET_CLIENT_ID": CLIENT_ID,
                "KEEPNET_CLIENT_SECRET": CLIENT_SECRET, "NO_COLOR": "1", "ANSIBLE_NOCOLOR": "1",
                "ANSIBLE_LOCALHOST_WARNING": "False", "ANSIBLE_INVENTORY_UNPARSED_WARNING": "False"})
    return env


# ---------------------------------------------------------------- fleets


def fleet_dir(customers, admins, users, seed):
    """The fleet's directory, generated once per generator version."""
    if not os.path.exists(FLEET_GEN):
        raise SystemExit(f"bench: the fleet generator {FLEET_GEN} is missing (it lands with the manifests work)")
    with open(FLEET_GEN, "rb") as f:
        version = hashlib.sha256(f.read()).hexdigest()[:8]
    d = os.path.join(WORK, "fleets", f"c{customers}-a{admins}-u{users}-s{seed}-{version}")
    if not os.path.exists(os.path.join(d, ".complete")):
        subprocess.run(["rm", "-rf", d], check=True)
        subprocess.run([PYTHON, FLEET_GEN, "--out", d, "--customers", str(customers), "--admins", str(admins),
                        "--users", str(users), "--csv-fraction", "0.5", "--seed", str(seed)], check=True)
        open(os.path.join(d, ".complete"), "w").close()
    return d


# ---------------------------------------------------------------- end state


def end_state(state):
    """What every tool must leave behind, by company name and user email: the license fields,
    the groups, the admins (names, roles by name) and the target users (names, department)."""
    groups = {}
    for g in state.get("companyGroups", []):
        for cid in g.get("companyResourceIds", []):
            groups.setdefault(cid, []).append(g["name"])
    out = {}
    for c in state["companies"]:
        if c.get("isReseller"):
            continue
        roles = {r["resourceId"]: r["name"] for r in c.get("roles", [])}
        out[c["name"]] = {
            "license": [c.get("licenseTypeResourceId"), c.get("licensePeriodTypeResourceId"), c.get("numberOfUsers"),
                        c.get("isNumberOfUsersLimited"), (c.get("licenseStartDate") or "")[:10],
                        (c.get("licenseEndDate") or "")[:10], sorted(c.get("licenseModules") or [])],
            "company": [c.get(k) or "" for k in ("description", "industryResourceId", "countryResourceId", "address",
                                                  "websiteUrl", "timeZoneId", "dateFormat", "timeFormat",
                                                  "preferredLanguageTypeResourceId")] + [sorted(c.get("tags") or [])],
            "groups": sorted(groups.get(c["resourceId"], [])),
            "admins": {u["email"].lower(): [u.get("firstName"), u.get("lastName"), u.get("phoneNumber"), u.get("statusId"),
                                            sorted(roles.get(r, r) for r in u.get("roleResourceIdList", []))]
                       for u in c.get("systemUsers", [])},
            "targets": {u["email"].lower(): [u.get("firstName"), u.get("lastName"), u.get("department") or ""]
                        + [u.get(k) or "" for k in ("phoneNumber", "priority", "isActive", "timeZoneId",
                                                    "preferredLanguageId", "managerEmail")]
                        for u in c.get("targetUsers", [])},
        }
    return out


def compare_end_states(a, b, limit=5):
    """Differences between two end states (at most limit described), and their number."""
    diffs = []
    for name in sorted(set(a) | set(b)):
        if name not in a or name not in b:
            diffs.append(f"company {name!r} only in {'the first' if name in a else 'the second'}")
            continue
        for key in ("company", "license", "groups"):
            if a[name][key] != b[name][key]:
                diffs.append(f"{name}: {key} {a[name][key]} != {b[name][key]}")
        for key in ("admins", "targets"):
            for email in sorted(set(a[name][key]) | set(b[name][key])):
                if a[name][key].get(email) != b[name][key].get(email):
                    diffs.append(f"{name}: {key[:-1]} {email}: {a[name][key].get(email)} != {b[name][key].get(email)}")
    return len(diffs), diffs[:limit]


def check_against_fleet(es, fl):
    """Differences between an end state and the manifests on what needs no id resolution."""
    diffs = []
    for c in fl["customers"]:
        name = c["company"]["name"]
        live = es.get(name)
        if live is None:
            diffs.append(f"company {name!r} missing")
            continue
        if "users" in c["license"] and live["license"][2] != int(c["license"]["users"]):
            diffs.append(f"{name}: numberOfUsers {live['license'][2]} != {c['license']['users']}")
        if {a["email"].lower() for a in c["admins"]} - set(live["admins"]):
            diffs.append(f"{name}: admins missing")
        for u in c["targetUsers"]:
            t = live["targets"].get(u["email"].lower())
            if t is None or ("department" in u and t[2] != u["department"]):
                diffs.append(f"{name}: target user {u['email']} missing or different")
    if len(es) != len(fl["customers"]):
        diffs.append(f"{len(es)} companies live, {len(fl['customers'])} in the manifests")
    return len(diffs), diffs[:5]


# ---------------------------------------------------------------- the runs


class Bench:
    def __init__(self, args):
        self.args = args
        self.results = []
        self.checks = []  # (run label, check, ok, detail)
        os.makedirs(os.path.join(WORK, "logs"), exist_ok=True)

    def check(self, label, what, ok, detail):
        self.checks.append({"run": label, "check": what, "ok": bool(ok), "detail": detail, "scale": self.args.scale})
        log(f"  [{'ok' if ok else 'FAIL'}] {what}: {detail}")

    def record(self, tool, scenario, n, a, u, lat, rate, m, delta, retries=None, note="", parallelism=None):
        par = parallelism or self.args.parallelism
        served = delta["total"] - delta["status_429"]
        lb = max(served * lat / 1000.0 / par, CHAIN.get(scenario, 3) * lat / 1000.0,
                 served / rate if rate else 0.0) if scenario != "validate" else None  # validate sends nothing
        status = "timed out" if m.get("timed_out") else ("ok" if m.get("rc") == 0 else f"exit {m.get('rc')}")
        r = {"tool": tool, "scenario": scenario, "customers": n, "admins": a, "users": u, "latency_ms": lat,
             "rate_limit": rate, "parallelism": par, "wall_s": round(m["wall_s"], 3), "cpu_s": round(m["cpu_s"], 3),
             "peak_rss_mb": round(m["peak_rss_mb"], 1), "requests": served, "reads": delta["reads"],
             "writes": delta["writes"], "status_429": delta["status_429"], "retries": retries,
             "lower_bound_s": round(lb, 3) if lb else None, "ratio": round(m["wall_s"] / lb, 2) if lb else None,
             "status": status, "note": note, "by_kind": delta["by_kind"], "load": round(m.get("load", 0.0), 2),
             "at": m.get("at")}
        if self.args.scale:
            r["scale"] = True
        self.results.append(r)
        log(f"  {tool} {scenario} {n}x({a}+{u}) {lat}ms rate={rate or '-'}: {status}, wall {r['wall_s']}s, "
            f"cpu {r['cpu_s']}s, rss {r['peak_rss_mb']}MB, {served} requests ({delta['writes']} writes, "
            f"{delta['status_429']} 429s), bound {r['lower_bound_s']}s, ratio {r['ratio']}, load {r['load']}")
        return r

    def measure(self, sim, name, cmd, cap_s=None):
        """Runs cmd against sim (or offline if sim is None) and measures it."""
        before = sim.stats() if sim else {"total": 0, "total_writes": 0, "status_429": 0}
        log_base = os.path.join(WORK, "logs", name)
        env = tool_env(sim) if sim else dict(os.environ, NO_COLOR="1")
        m = run_measured(cmd, env, cap_s or self.args.cap_s, log_base + ".out", log_base + ".err")
        delta = stats_delta(before, sim.stats() if sim else before)
        with open(log_base + ".out", "rb") as f:
            m["stdout"] = f.read().decode("utf-8", "replace")
        return m, delta

    def same_end_state(self, tool, label, n, a, u, es):
        """Keeps this tool's end state of the fleet and compares it with every other tool's
        (from this run or an earlier one on the same fleet, see --keep)."""
        base = os.path.join(WORK, "end-states", f"c{n}-a{a}-u{u}-s{self.args.seed}")
        os.makedirs(base, exist_ok=True)
        with open(os.path.join(base, tool + ".json"), "w") as f:
            json.dump(es, f)
        for other in ("onboard",) + PEERS:
            path = os.path.join(base, other + ".json")
            if other != tool and os.path.exists(path):
                with open(path) as f:
                    k, diffs = compare_end_states(json.load(f), es)
                self.check(label, f"same end state as {other}", k == 0, f"{k} differences {diffs}")

    # -- onboard

    def onboard_json(self, m):
        try:
            return json.loads(m["stdout"])
        except ValueError:
            return None

    def plan_writes(self, sim, d, label):
        """The number of writes the plan announces (an untimed plan run), or None."""
        m, _ = self.measure(sim, label + "-preplan", [ONBOARD, "plan", d, "--format", "json",
                                                      "--parallelism", str(self.args.parallelism)])
        doc = self.onboard_json(m)
        if not doc or "actions" not in doc:
            log(f"  (plan --format json gave no plan document: exit {m['rc']})")
            return None, None
        return len(doc["actions"]), doc.get("summary")

    def run_onboard(self, n, a, u, lat, rate, scenarios):
        d = fleet_dir(n, a, u, self.args.seed)
        fl = fleet_reader.load(d)
        tag = f"onboard-c{n}-a{a}-u{u}-l{lat}-r{rate or 0}"
        P = str(self.args.parallelism)
        sim = Sim(lat, rate)
        try:
            log(f"onboard: {n} customers x ({a} admins + {u} users), {lat} ms, rate limit {rate or 'none'}")
            expected, _ = self.plan_writes(sim, d, tag + "-fresh")
            # The plan as people and pull requests see it: every renderer on the whole fresh
            # plan, measured, so none can be slow unseen (the JSON one ran just above).
            for fmt in ("text", "markdown"):
                m, delta = self.measure(sim, f"{tag}-fresh-plan-{fmt}",
                                        [ONBOARD, "plan", d, "--format", fmt, "--parallelism", P])
                self.record("onboard", f"fresh-plan-{fmt}", n, a, u, lat, rate, m, delta)
            # Apply as users run it: text output (the plan is rendered before the first write).
            fmt = self.args.apply_format
            m, delta = self.measure(sim, tag + "-fresh-apply",
                                    [ONBOARD, "apply", d, "--auto-approve", "--format", fmt, "--parallelism", P])
            rep = (self.onboard_json(m) or {}) if fmt == "json" else {}
            retries = (rep.get("client") or {}).get("retries")
            self.record("onboard", "fresh-apply", n, a, u, lat, rate, m, delta, retries)
            label = f"onboard fresh-apply {n}x({a}+{u})"
            if m["rc"] != 0:
                log(m["stdout"][-2000:])
                return
            if expected is not None:
                # The simulator counts a write it refused with 429 as a write too; those are
                # the retries, counted apart.
                s429 = delta["status_429"]
                ok = expected <= delta["writes"] <= expected + s429 and (retries or 0) <= s429
                self.check(label, "each write sent once", ok,
                           f"{delta['writes']} writes at the simulator for {expected} planned actions "
                           f"({s429} refused with 429 and retried; onboard counts {retries} retries)")
            es = end_state(sim.state())
            k, diffs = check_against_fleet(es, fl)
            self.check(label, "end state matches the manifests", k == 0, f"{k} differences {diffs}")
            if not rate:
                self.same_end_state("onboard", label, n, a, u, es)
            if "noop" in scenarios:
                self.noop(sim, d, tag, n, a, u, lat, rate, fl)
            if "drift" in scenarios:
                self.drift(sim, d, tag, n, a, u, lat, rate)
        finally:
            sim.stop()

    def noop(self, sim, d, tag, n, a, u, lat, rate, fl):
        P = str(self.args.parallelism)
        m, delta = self.measure(sim, tag + "-noop-plan",
                                [ONBOARD, "plan", d, "--detailed-exitcode", "--parallelism", P])
        r = self.record("onboard", "noop-plan", n, a, u, lat, rate, m, delta)
        label = f"onboard noop-plan {n}x({a}+{u})"
        self.check(label, "no changes (exit 0)", m["rc"] == 0, f"exit {m['rc']}")
        # Pages of data: the company search, then per company its admins, its users, its
        # details and its roles; plus the group list and the token. Catalog reads apart.
        page = 100
        pages = math.ceil(n / page) + sum(math.ceil(len(c["admins"]) / page) + math.ceil(len(c["targetUsers"]) / page) + 2
                                          for c in fl["customers"]) + 2
        catalog = {k: v for k, v in delta["by_kind"].items() if k.startswith(CATALOG_PREFIXES)}
        data_reads = delta["reads"] - sum(catalog.values())
        self.check(label, "reads <= pages of data", data_reads <= pages,
                   f"{data_reads} data reads for {pages} pages; catalog {sum(catalog.values())} reads {catalog}")
        self.check(label, "planning CPU < 10% of wall", r["cpu_s"] < 0.1 * r["wall_s"],
                   f"cpu {r['cpu_s']}s of wall {r['wall_s']}s ({100 * r['cpu_s'] / max(r['wall_s'], 1e-9):.1f}%)")
        fmt = self.args.apply_format
        m, delta = self.measure(sim, tag + "-noop-apply",
                                [ONBOARD, "apply", d, "--auto-approve", "--format", fmt, "--parallelism", P])
        rep = (self.onboard_json(m) or {}) if fmt == "json" else {}
        self.record("onboard", "noop-apply", n, a, u, lat, rate, m, delta, (rep.get("client") or {}).get("retries"))
        self.check(f"onboard noop-apply {n}x({a}+{u})", "zero writes", delta["writes"] == 0 and m["rc"] == 0,
                   f"{delta['writes']} writes, exit {m['rc']}")

    def drift(self, sim, d, tag, n, a, u, lat, rate):
        P = str(self.args.parallelism)
        changed = drift_helper.apply_drift(sim.url, CLIENT_ID, CLIENT_SECRET, sim.state(), user_share=0.01,
                                           license_share=0.05)
        log(f"  drift: {changed['users']} users' department and {changed['companies']} licenses changed live")
        m, delta = self.measure(sim, tag + "-drift-plan",
                                [ONBOARD, "plan", d, "--format", "json", "--detailed-exitcode", "--parallelism", P])
        self.record("onboard", "drift-plan", n, a, u, lat, rate, m, delta)
        doc = self.onboard_json(m) or {}
        planned = len(doc.get("actions", []))
        label = f"onboard drift {n}x({a}+{u})"
        self.check(label, "plan shows the drift", m["rc"] == 2 and planned == changed["users"] + changed["companies"],
                   f"exit {m['rc']}, {planned} actions for {changed['users']} + {changed['companies']} changes")
        fmt = self.args.apply_format
        m, delta = self.measure(sim, tag + "-drift-apply",
                                [ONBOARD, "apply", d, "--auto-approve", "--format", fmt, "--parallelism", P])
        rep = (self.onboard_json(m) or {}) if fmt == "json" else {}
        retries = (rep.get("client") or {}).get("retries")
        self.record("onboard", "drift-apply", n, a, u, lat, rate, m, delta, retries)
        self.check(label, "each write sent once", delta["writes"] == planned,
                   f"{delta['writes']} writes for {planned} planned actions; {retries} retries")
        m, _ = self.measure(sim, tag + "-drift-replan", [ONBOARD, "plan", d, "--detailed-exitcode", "--parallelism", P])
        self.check(label, "converged (plan again: no changes)", m["rc"] == 0, f"exit {m['rc']}")

    # -- peers

    def peer_cmd(self, tool, d, tag):
        if tool in ("script", "async"):
            return [PYTHON, os.path.join(HERE, "peers", tool, "onboard.py"), d]
        vars_file = os.path.join(WORK, "logs", tag + "-vars.json")
        ans = os.path.join(HERE, "peers", "ansible")
        # The conversion is part of the Ansible peer's run and of its time.
        return ["sh", "-c", f'"{PYTHON}" "{ans}/fleet_vars.py" "{d}" "{vars_file}" && '
                            f'exec ansible-playbook -i localhost, -c local "{ans}/onboard.yml" -e fleet_file="{vars_file}"']

    @staticmethod
    def peer_requests(n, a, u):
        """Requests a peer sends for a fresh fleet: token, catalog, groups, then per customer
        search (the async peer: the company list's pages), create, roles, admins and users."""
        return 12 + n * (3 + a + u)

    def run_peer(self, tool, sizes, a, u, lat, rate):
        per_request = None
        for n in sizes:
            expected = self.peer_requests(n, a, u)
            if per_request is not None and per_request * expected > self.args.cap_s:
                projected = per_request * expected
                log(f"{tool}: skipping {n} customers: projected {projected:.0f}s > cap {self.args.cap_s}s")
                self.results.append({"tool": tool, "scenario": "fresh-apply", "customers": n, "admins": a, "users": u,
                                     "latency_ms": lat, "rate_limit": rate, "parallelism": self.args.parallelism,
                                     "status": "skipped", "projected_s": round(projected, 1),
                                     "note": f"projected {projected:.0f}s from the smaller run > cap {self.args.cap_s:.0f}s"})
                continue
            d = fleet_dir(n, a, u, self.args.seed)
            fl = fleet_reader.load(d)
            tag = f"{tool}-c{n}-a{a}-u{u}-l{lat}-r{rate or 0}"
            sim = Sim(lat, rate)
            try:
                log(f"{tool}: {n} customers x ({a} admins + {u} users), {lat} ms")
                m, delta = self.measure(sim, tag + "-fresh-apply", self.peer_cmd(tool, d, tag))
                note = ""
                if m["timed_out"] and delta["total"]:
                    projected = m["wall_s"] * expected / delta["total"]
                    note = f"stopped at the cap after {delta['total']} of ~{expected} requests; projected {projected:.0f}s"
                r = self.record(tool, "fresh-apply", n, a, u, lat, rate, m, delta, note=note)
                if m["timed_out"] and delta["total"]:
                    r["projected_s"] = round(projected, 1)
                per_request = m["wall_s"] / max(delta["total"], 1)
                label = f"{tool} fresh-apply {n}x({a}+{u})"
                if m["rc"] != 0:
                    if not m["timed_out"]:
                        log(m["stdout"][-2000:])
                    continue
                es = end_state(sim.state())
                k, diffs = check_against_fleet(es, fl)
                self.check(label, "end state matches the manifests", k == 0, f"{k} differences {diffs}")
                if not rate:
                    self.same_end_state(tool, label, n, a, u, es)
                if tool == "async":
                    # Run again on the onboarded fleet: onboard's no-op apply, the peer's way.
                    m, delta = self.measure(sim, tag + "-noop-apply", self.peer_cmd(tool, d, tag))
                    self.record(tool, "noop-apply", n, a, u, lat, rate, m, delta)
                    self.check(f"{tool} noop-apply {n}x({a}+{u})", "zero writes",
                               delta["writes"] == 0 and m["rc"] == 0, f"{delta['writes']} writes, exit {m['rc']}")
            finally:
                sim.stop()

    # -- scale (issue 12): validate, a fresh apply and a no-op plan of a million target users

    def run_scale(self, n, a, u, lat):
        d = fleet_dir(n, a, u, self.args.seed)
        tag = f"onboard-scale-c{n}-a{a}-u{u}-l{lat}"
        P = str(self.args.parallelism)
        log(f"scale: {n} customers x ({a} admins + {u} users), {lat} ms")
        zero = {"by_kind": {}, "total": 0, "writes": 0, "reads": 0, "status_429": 0}
        m, _ = self.measure(None, tag + "-validate", [ONBOARD, "validate", d])
        self.record("onboard", "validate", n, a, u, lat, 0, m, zero)
        self.check(f"onboard validate {n}x({a}+{u})", "valid (exit 0)", m["rc"] == 0, f"exit {m['rc']}")
        sim = Sim(lat, 0)
        try:
            fmt = self.args.apply_format
            m, delta = self.measure(sim, tag + "-fresh-apply",
                                    [ONBOARD, "apply", d, "--auto-approve", "--format", fmt, "--parallelism", P])
            self.record("onboard", "fresh-apply", n, a, u, lat, 0, m, delta)
            label = f"onboard fresh-apply {n}x({a}+{u})"
            expected = n * (a + u + 1) + len(fleet_reader.load(d)["groups"])
            self.check(label, "exit 0", m["rc"] == 0, f"exit {m['rc']}")
            self.check(label, "each write sent once", delta["writes"] == expected,
                       f"{delta['writes']} writes for {expected} objects (companies, admins, users, groups)")
            if m["rc"] != 0:
                log(m["stdout"][-2000:])
                return
            m, delta = self.measure(sim, tag + "-noop-plan",
                                    [ONBOARD, "plan", d, "--detailed-exitcode", "--parallelism", P])
            self.record("onboard", "noop-plan", n, a, u, lat, 0, m, delta)
            self.check(f"onboard noop-plan {n}x({a}+{u})", "no changes (exit 0)", m["rc"] == 0, f"exit {m['rc']}")
        finally:
            sim.stop()


# ---------------------------------------------------------------- report


def machine():
    model = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    return {"nproc": os.cpu_count(), "cpu": model, "memory_gb": round(mem_kb / 1024 / 1024, 1),
            "loadavg": os.getloadavg()[0]}


def fmt(v, digits=2):
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return str(v)


def render(results, checks, mach, args, started, docs_dir, commit=None):
    lines = []
    with open(os.path.join(HERE, "intro.md"), encoding="utf-8") as f:
        lines.append(f.read().rstrip() + "\n")
    lines.append("## Results\n")
    lines.append(f"Generated by `tools/bench/run.sh {' '.join(args.argv)}`".rstrip() + f" on {started} UTC"
                 + (f"; runs of {', '.join(args.kept_tools)} not measured again are kept from earlier invocations "
                    "on the same fleets and settings (`--keep`; each row's `load` says when it ran)"
                    if getattr(args, "kept_tools", None) else "")
                 + (f", at commit `{commit}`" if commit else "") + ".  ")
    lines.append(f"Machine: {mach['nproc']} CPUs ({mach['cpu']}), {mach['memory_gb']} GB of memory, load average "
                 f"{mach['loadavg']:.1f} when the run started (the machine is shared: wall times carry that noise).  ")
    lines.append(f"Simulator: keepnet-sim, latency {args.latency_ms} ms per request, page size 100. Parallelism granted "
                 f"to every tool in the bound: {args.parallelism}. Each peer run is capped at {args.cap_s:.0f} s.\n")

    def table(title, rows, note=""):
        if not rows:
            return
        lines.append(f"### {title}\n")
        if note:
            lines.append(note + "\n")
        lines.append("| tool | scenario | customers | admins+users | rate limit | wall s | CPU s | peak RSS MiB | requests "
                     "| writes | 429s | retries | lower bound s | wall / bound | load (UTC) | status |")
        lines.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|")
        for r in rows:
            status = r.get("status", "")
            if r.get("projected_s"):
                status += f" (projected {r['projected_s']:.0f} s)"
            lines.append(f"| {r['tool']} | {r['scenario']} | {r['customers']} | {r['admins']}+{r['users']} "
                         f"| {r['rate_limit'] or '–'} | {fmt(r.get('wall_s'))} | {fmt(r.get('cpu_s'))} "
                         f"| {fmt(r.get('peak_rss_mb'), 1)} | {fmt(r.get('requests'))} | {fmt(r.get('writes'))} "
                         f"| {fmt(r.get('status_429'))} | {fmt(r.get('retries'))} | {fmt(r.get('lower_bound_s'))} "
                         f"| {fmt(r.get('ratio'))} | {fmt(r.get('load'), 1)}{' at ' + r['at'] if r.get('at') else ''} "
                         f"| {status} |")
        lines.append("")

    scale = [r for r in results if r.get("scale")]
    results = [r for r in results if not r.get("scale")]
    main_u = [r for r in results if r["users"] == args.users and not r["rate_limit"]]
    table("Fresh apply: every tool, growing fleets (scenarios 1 and 4)",
          sorted([r for r in main_u if r["scenario"].startswith("fresh")],
                 key=lambda r: (r["customers"], r["scenario"] != "fresh-apply", r["tool"], r["scenario"])),
          "onboard's fresh-plan rows: `onboard plan` of the fresh fleet in text and Markdown (the JSON one runs "
          "untimed, to count the planned writes), so no renderer can be slow unseen.")
    table("onboard on an onboarded fleet: no-op and drift (scenarios 2 and 3)",
          [r for r in main_u if r["tool"] == "onboard" and not r["scenario"].startswith("fresh")]
          + [r for r in main_u if r["tool"] == "async" and r["scenario"] == "noop-apply"])
    table("Other runs (issue 5's figures: 200 customers x (2 admins + 50 users), with and without a rate limit)",
          [r for r in results if r not in main_u])
    table("Scale: 10,000 customers x (2 admins + 100 users), a million target users (`--scale`)", scale,
          "Run niced (`nice`), as the goals here are memory and validate time, not wall ratios; "
          "`load` is the 1-minute load average when each run started. validate reads no API.")

    # onboard against the async peer (issue 12): wall and requests, fleet by fleet.
    def find(tool, scenario, n, u=args.users, rate=0, rows=results):
        for r in rows:
            if (r["tool"], r["scenario"], r["customers"], r["users"], r["rate_limit"] or 0) == (tool, scenario, n, u, rate):
                return r
        return None
    pairs = []
    for r in results:
        if r["tool"] == "onboard" and r["scenario"] in ("fresh-apply", "noop-apply"):
            p = find("async", r["scenario"], r["customers"], r["users"], r["rate_limit"] or 0)
            if p and p.get("wall_s") is not None:
                pairs.append((r, p))
    if pairs:
        lines.append("### onboard against the asynchronous peer (16 requests in flight)\n")
        lines.append("Goal (issue 12): onboard's wall time <= the async peer's on every fleet, with fewer requests "
                     "(the fresh applies). The re-runs are shown beside onboard's no-op apply for their time only: "
                     "the peer compares nothing, so it reads no company details.\n")
        lines.append("| fleet | rate limit | scenario | onboard wall s | async wall s | onboard / async | onboard requests "
                     "| async requests | onboard CPU s | async CPU s | load (onboard, async) | goal |")
        lines.append("|---|--:|---|--:|--:|--:|--:|--:|--:|--:|---|---|")
        for r, p in pairs:
            ok = r["wall_s"] <= p["wall_s"] and r["requests"] < p["requests"] and r["status"] == p["status"] == "ok"
            goal = ("met" if ok else "**not met**") if r["scenario"] == "fresh-apply" else "–"
            lines.append(f"| {r['customers']} x ({r['admins']}+{r['users']}) | {r['rate_limit'] or '–'} | {r['scenario']} "
                         f"| {fmt(r['wall_s'])} | {fmt(p['wall_s'])} | {r['wall_s'] / p['wall_s']:.2f} "
                         f"| {r['requests']} | {p['requests']} | {fmt(r['cpu_s'])} | {fmt(p['cpu_s'])} "
                         f"| {fmt(r.get('load'), 1)}, {fmt(p.get('load'), 1)} | {goal} |")
        lines.append("")

    before = [(k, v, find("onboard", k[0], k[1], k[3], k[4])) for k, v in BEFORE_ISSUE_12.items()]
    if any(r for _, _, r in before):
        lines.append("### Issue 12: before and after\n")
        lines.append("Before: the figures issue 12 gives for the main of then (text output, 20 ms). After: this run.\n")
        lines.append("| run | wall s before | wall s after | wall / bound before | wall / bound after "
                     "| peak RSS before | peak RSS after | load after |")
        lines.append("|---|--:|--:|--:|--:|--:|--:|--:|")
        for (scenario, n, a, u, rate), (wall, ratio, rss), r in before:
            if not r:
                continue
            after_rss = f"{r['peak_rss_mb']:.1f} MiB ({r['peak_rss_mb'] * 1.048576:.0f} MB)" if r.get("peak_rss_mb") else "–"
            lines.append(f"| {scenario} {n} x ({a}+{u}) | {fmt(wall, 0)} | {fmt(r.get('wall_s'))} | {ratio}x "
                         f"| {fmt(r.get('ratio'))}x | {rss or '–'} | {after_rss} | {fmt(r.get('load'), 1)} |")
        lines.append("")

    lines.append("### Where we stand against the targets of issues 6 and 12\n")
    lines.append("Peak RSS is in MiB (GNU time's KiB / 1024); the goal of 200 MB is decimal, 190.7 MiB. "
                 "Planning CPU is onboard's CPU time (user + sys, from GNU time) over the wall time of "
                 "`onboard plan` on the onboarded fleet (the no-op plan) and after drift.\n")
    lines.append("| target | measured |")
    lines.append("|---|---|")
    for scenario, limit in (("fresh-apply", 1.2), ("noop-plan", 1.3)):
        rs = [r for r in main_u if r["tool"] == "onboard" and r["scenario"] == scenario and r.get("ratio")]
        got = ", ".join(f"{r['customers']} customers: {r['ratio']}x" for r in rs) or "not measured"
        lines.append(f"| onboard {scenario} within {limit}x of the lower bound | {got} |")
    for scenario, limit in (("fresh-apply", 1.2), ("noop-plan", 1.3)):
        r = find("onboard", scenario, 200, 50)
        if r and r.get("ratio"):
            lines.append(f"| onboard {scenario} 200 x (2+50) within {limit}x of the lower bound | {r['ratio']}x |")
    ob = find("onboard", "fresh-apply", 100)
    for tool, factor in (("ansible", 20), ("script", 8)):
        p = find(tool, "fresh-apply", 100)
        if ob and p and ob.get("wall_s"):
            t = p.get("wall_s") if p.get("status") == "ok" else p.get("projected_s")
            how = "measured" if p.get("status") == "ok" else "projected from the smaller run"
            got = f"{t / ob['wall_s']:.0f}x faster ({tool} {t:.0f} s {how}, onboard {ob['wall_s']:.1f} s)" if t else "no figure"
        else:
            got = "not measured"
        lines.append(f"| at least {factor}x faster than the {tool} peer, fresh apply 100 x 100 | {got} |")
    fresh = [(r, p) for r, p in pairs if r["scenario"] == "fresh-apply"]
    if fresh:
        met = sum(1 for r, p in fresh if r["wall_s"] <= p["wall_s"] and r["requests"] < p["requests"])
        lines.append(f"| fresh apply: wall <= the async peer's, with fewer requests, on every fleet "
                     f"| {met} of {len(fresh)} fleets |")
    big = find("onboard", "fresh-apply", 1000)
    rss = f"{big['peak_rss_mb']:.1f} MiB ({big['peak_rss_mb'] * 1.048576:.0f} MB)" if big and big.get("peak_rss_mb") else None
    lines.append(f"| fresh apply 1,000 x (2+100): peak RSS <= 200 MB | {rss or 'not measured'} |")
    plans = [r for r in main_u if r["tool"] == "onboard" and r["scenario"] in ("noop-plan", "drift-plan") and r.get("wall_s")]
    got = ", ".join(f"{r['scenario']} {r['customers']}: {100 * r['cpu_s'] / r['wall_s']:.0f}%" for r in plans)
    lines.append(f"| planning CPU <= 10% of wall | {got or 'not measured'} |")
    if scale:
        top = max(scale, key=lambda r: r.get("peak_rss_mb") or 0)
        lines.append(f"| 10,000 x (2+100): peak RSS <= 1 GB for every command | largest {top['peak_rss_mb']:.0f} MiB "
                     f"({top['scenario']}): " + ", ".join(f"{r['scenario']} {r['peak_rss_mb']:.0f}" for r in scale) + " |")
        v = next((r for r in scale if r["scenario"] == "validate"), None)
        if v:
            lines.append(f"| 10,000 x (2+100): validate <= 20 s | {v['wall_s']:.1f} s (CPU {v['cpu_s']:.1f} s) |")
    lines.append("")

    if checks:
        lines.append("### Checks: end state and request economy\n")
        lines.append("| run | check | result | detail |")
        lines.append("|---|---|---|---|")
        for c in checks:
            lines.append(f"| {c['run']} | {c['check']} | {'ok' if c['ok'] else '**FAIL**'} | {c['detail']} |")
        lines.append("")

    lines.append("### Requests by kind (onboard, largest fleet)\n")
    for scenario in ("fresh-apply", "noop-plan", "drift-apply"):
        rs = [r for r in main_u if r["tool"] == "onboard" and r["scenario"] == scenario and r.get("by_kind")]
        if rs:
            r = max(rs, key=lambda r: r["customers"])
            kinds = ", ".join(f"`{k}` {v}" for k, v in sorted(r["by_kind"].items(), key=lambda kv: -kv[1]))
            lines.append(f"- {scenario}, {r['customers']} customers: {kinds}")
    lines.append("\n![wall time against fleet size](benchmarks.png)\n")
    os.makedirs(docs_dir, exist_ok=True)
    with open(os.path.join(docs_dir, "benchmarks.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    plot(results, args, docs_dir)


def plot(results, args, docs_dir):
    if not shutil.which("gnuplot"):
        # run.sh installs it; a bench.py run without it still writes the tables.
        log("bench: gnuplot is not installed (tools/bench/run.sh installs gnuplot-nox): benchmarks.png not drawn")
        return
    series = {}
    for r in results:
        if r["scenario"] == "fresh-apply" and r["users"] == args.users and not r["rate_limit"]:
            if r.get("status") == "ok":
                series.setdefault(r["tool"], []).append((r["customers"], r["wall_s"], "measured"))
            elif r.get("projected_s"):
                series.setdefault(r["tool"] + " (projected)", []).append((r["customers"], r["projected_s"], "projected"))
    if not series:
        return
    for name in list(series):  # a projection starts from the tool's last measured point
        if name.endswith(" (projected)") and series.get(name[:-len(" (projected)")]):
            series[name].append(max(series[name[:-len(" (projected)")]]))
    data = os.path.join(WORK, "plot.dat")
    names = sorted(series)
    with open(data, "w") as f:
        for name in names:
            f.write(f"# {name}\n")
            for n, t, _ in sorted(series[name]):
                f.write(f"{n} {t}\n")
            f.write("\n\n")
    plots = ", ".join(f"'{data}' index {i} with linespoints lw 2 pt 7 {'dt 2 ' if 'projected' in name else ''}"
                      f"title '{name}'" for i, name in enumerate(names))
    script = (f"set terminal pngcairo size 900,560 noenhanced font ',11'\n"
              f"set output '{os.path.join(docs_dir, 'benchmarks.png')}'\n"
              f"set title 'Fresh apply: wall time against fleet size ({args.users} target users + {args.admins} admins "
              f"per customer, {args.latency_ms} ms latency)'\n"
              "set logscale xy\nset xlabel 'customers'\nset ylabel 'wall time (s)'\nset grid\nset key top left\n"
              f"plot {plots}\n")
    r = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
    if r.returncode != 0:
        # Debian's gnuplot-nox may lack cairo; its plain png terminal is always there.
        subprocess.run(["gnuplot"], input=script.replace("pngcairo", "png"), text=True, check=True)


# ---------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes, short caps: a smoke run")
    ap.add_argument("--sizes", help="customers per fleet, comma-separated (default 10,100,1000)")
    ap.add_argument("--latency-ms", type=int, default=20)
    ap.add_argument("--rate-limit", type=float, default=0, help="requests/s of the simulator (0: none)")
    ap.add_argument("--admins", type=int, default=2)
    ap.add_argument("--users", type=int, default=100, help="target users per customer")
    ap.add_argument("--parallelism", type=int, default=16)
    ap.add_argument("--apply-format", choices=("text", "markdown", "json"), default="text",
                    help="onboard apply's output format (default text, as people run it; json adds retry counts)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", help="tools to run, comma-separated: onboard,script,ansible,async")
    ap.add_argument("--scale", action="store_true",
                    help="run only the scale fleet (10,000 x (2+100)): onboard validate, fresh apply, no-op plan; "
                         "the other runs of bench-results.json are kept")
    ap.add_argument("--cap-s", type=float, default=900, help="a peer run is stopped after this many seconds")
    ap.add_argument("--no-extra", action="store_true", help="skip issue 5's runs (200 x (2+50), with and without rate limit)")
    ap.add_argument("--keep", action="store_true",
                    help="keep the runs not measured again now (tool, scenario, fleet) from the previous "
                         "bench-results.json (e.g. run the slow peers once, onboard again after a change)")
    ap.add_argument("--render-only", action="store_true",
                    help="render docs/benchmarks.md and .png from the existing bench-results.json; run nothing")
    ap.add_argument("--results", default=os.path.join(ROOT, "bench-results.json"))
    ap.add_argument("--docs", default=os.path.join(ROOT, "docs"))
    args = ap.parse_args()
    args.argv = sys.argv[1:]
    if args.quick:
        args.users = min(args.users, 10)
        args.cap_s = min(args.cap_s, 120)
        args.no_extra = True
    sizes = [int(s) for s in (args.sizes or ("3,10" if args.quick else "10,100,1000")).split(",")]
    tools = (args.only or "onboard," + ",".join(PEERS)).split(",")
    if args.scale:
        tools = ["onboard"]
        args.cap_s = max(args.cap_s, 7200)
    started = time.strftime("%Y-%m-%d %H:%M", time.gmtime())
    mach = machine()
    log(f"bench: sizes {sizes}, {args.admins} admins + {args.users} users, {args.latency_ms} ms, tools {tools}; {mach}")

    if args.render_only:
        with open(args.results) as f:
            results = json.load(f)
        with open(os.path.join(WORK, "checks.json")) as f:
            checks = json.load(f)
        with open(os.path.join(WORK, "run.json")) as f:
            run = json.load(f)
        args.argv, args.kept_tools = run["argv"], run.get("kept_tools")
        render(results, checks, run["machine"], args, run["started"], args.docs, run.get("commit"))
        return 0

    b = Bench(args)
    for tool in tools if not args.scale else []:  # end states of an earlier run of these tools are stale now
        for path in glob.glob(os.path.join(WORK, "end-states", "*", tool + ".json")):
            os.remove(path)
    rate = args.rate_limit or 0
    if args.scale:
        b.run_scale(*SCALE, args.latency_ms)
    elif "onboard" in tools:
        if not os.path.exists(ONBOARD):
            log(f"bench: {ONBOARD} is missing: onboard is not built; skipping it")
        else:
            for n in sizes:
                b.run_onboard(n, args.admins, args.users, args.latency_ms, rate, {"noop", "drift"})
            if not args.no_extra:
                b.run_onboard(200, 2, 50, args.latency_ms, 0, {"noop"})
                b.run_onboard(200, 2, 50, args.latency_ms, 100, set())
    for tool in PEERS if not args.scale else ():
        if tool in tools:
            b.run_peer(tool, sizes, args.admins, args.users, args.latency_ms, rate)
    if "async" in tools and not args.no_extra and not args.scale:
        # The async peer runs on every fleet onboard runs on (the sequential peers would take
        # minutes there and add nothing new).
        b.run_peer("async", [200], 2, 50, args.latency_ms, 0)
        b.run_peer("async", [200], 2, 50, args.latency_ms, 100)

    checks_file = os.path.join(WORK, "checks.json")
    old_results, old_checks = [], []
    if os.path.exists(args.results):
        with open(args.results) as f:
            old_results = json.load(f)
    if os.path.exists(checks_file):
        with open(checks_file) as f:
            old_checks = json.load(f)
    # The scale runs take half an hour: a run of the other fleets keeps them, and a --scale run
    # keeps the other fleets' runs.
    if args.scale:
        kept = [r for r in old_results if not r.get("scale")]
        kept_checks = [c for c in old_checks if not c.get("scale")]
    else:
        kept = [r for r in old_results if r.get("scale")]
        kept_checks = [c for c in old_checks if c.get("scale")]
        if args.keep:
            # Every earlier run this invocation did not measure again (same tool, scenario and
            # fleet), and its checks.
            def key(r):
                return r["tool"], r["scenario"], r["customers"], r["admins"], r["users"], r["rate_limit"] or 0
            now = {key(r) for r in b.results}
            labels = {c["run"] for c in b.checks}
            kept += [r for r in old_results if not r.get("scale") and key(r) not in now]
            kept_checks += [c for c in old_checks if not c.get("scale") and c["run"] not in labels]
            args.kept_tools = sorted({r["tool"] for r in kept if not r.get("scale")})
    b.results = kept + b.results
    b.checks = kept_checks + b.checks
    with open(args.results, "w") as f:
        json.dump(b.results, f, indent=1)
    with open(checks_file, "w") as f:
        json.dump(b.checks, f, indent=1)
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    run = {"argv": args.argv, "kept_tools": getattr(args, "kept_tools", None), "machine": mach,
           "started": started, "commit": commit}
    with open(os.path.join(WORK, "run-scale.json" if args.scale else "run.json"), "w") as f:
        json.dump(run, f)
    if args.scale:  # the page's header names the main run
        try:
            with open(os.path.join(WORK, "run.json")) as f:
                run = json.load(f)
        except OSError:
            pass
        args.argv, args.kept_tools = run["argv"], run.get("kept_tools")
    render(b.results, b.checks, run["machine"], args, run["started"], args.docs, run.get("commit"))
    log(f"bench: wrote {args.results}, {os.path.join(args.docs, 'benchmarks.md')} and benchmarks.png")
    for r in b.results:  # onboard beside the async peer, as in the page
        if r["tool"] == "onboard" and r["scenario"] == "fresh-apply" and not r.get("scale"):
            p = next((x for x in b.results if x["tool"] == "async" and x["scenario"] == "fresh-apply"
                      and (x["customers"], x["users"], x["rate_limit"] or 0) == (r["customers"], r["users"],
                                                                                 r["rate_limit"] or 0)), None)
            if p and p.get("wall_s") is not None:
                log(f"  fresh apply {r['customers']}x({r['admins']}+{r['users']}) rate {r['rate_limit'] or '-'}: "
                    f"onboard {r['wall_s']}s {r['requests']} requests, async {p['wall_s']}s {p['requests']} requests")
    failed = [c for c in b.checks if not c["ok"]]
    for c in failed:
        log(f"FAILED CHECK: {c['run']}: {c['check']}: {c['detail']}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
