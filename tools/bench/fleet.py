"""Reads a fleet of onboard/v1 manifests into plain dicts, the way the peers and the harness need it.

This is deliberately not onboard's loader: it is the few lines of PyYAML and csv a reseller's
engineer writes to read the same files (Defaults filled in, target users from CSV appended),
with no validation beyond what the peers need to send their requests.
"""

import csv
import datetime
import os

import yaml


def _merge(base, over):
    """Returns base with over's keys laid on top (one level deep for nested dicts)."""
    out = dict(base or {})
    for k, v in (over or {}).items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


def _plain(v):
    """YAML reads 2026-01-01 as a date; the API wants the text."""
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


def _manifest_files(root):
    if os.path.isfile(root):
        return [root]
    files = []
    for d, _, names in os.walk(root):
        files += [os.path.join(d, n) for n in names if n.endswith((".yaml", ".yml"))]
    return sorted(files)


_CSV_BOOL = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}


def _csv_users(path):
    users = []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            u = {}
            manager = {}
            for k, v in row.items():
                if k is None or v is None or v == "":
                    continue
                if k.startswith("manager") and k != "manager":
                    manager[k[len("manager"):][:1].lower() + k[len("manager") + 1:]] = v
                elif k == "active":
                    u[k] = _CSV_BOOL.get(v.strip().lower(), True)
                else:
                    u[k] = v
            if manager:
                u["manager"] = manager
            users.append(u)
    return users


def load(root):
    """Returns {"groups": [{"key", "name"}], "customers": [{"key", "company", "license",
    "groups", "admins", "targetUsers"}]} in file order, Defaults applied and CSV users appended."""
    defaults = {}
    groups = []
    customers = []
    for path in _manifest_files(root):
        with open(path, encoding="utf-8") as f:
            for doc in yaml.safe_load_all(f):
                doc = _plain(doc)
                if not isinstance(doc, dict):
                    continue
                kind = doc.get("kind")
                spec = doc.get("spec") or {}
                if kind == "Defaults":
                    defaults = spec
                elif kind == "CompanyGroup":
                    groups.append({"key": doc["metadata"]["name"], "name": spec.get("name", doc["metadata"]["name"])})
                elif kind == "Customer":
                    users = list(spec.get("targetUsers") or [])
                    if spec.get("targetUsersCsv"):
                        users += _csv_users(os.path.join(os.path.dirname(path), spec["targetUsersCsv"]))
                    customers.append({
                        "key": doc["metadata"]["name"],
                        "company": spec.get("company") or {},
                        "license": spec.get("license") or {},
                        "groups": list(spec.get("groups") or []),
                        "admins": list(spec.get("admins") or []),
                        "targetUsers": users,
                    })
    # Defaults may sit in any file, before or after the customers it fills.
    for c in customers:
        c["company"] = _merge(defaults.get("company"), c["company"])
        c["license"] = _merge(defaults.get("license"), c["license"])
    return {"groups": groups, "customers": customers}


def counts(fleet):
    """(customers, admins, target users, groups) of a loaded fleet."""
    cs = fleet["customers"]
    return (len(cs), sum(len(c["admins"]) for c in cs), sum(len(c["targetUsers"]) for c in cs), len(fleet["groups"]))
