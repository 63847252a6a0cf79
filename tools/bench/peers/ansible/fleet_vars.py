#!/usr/bin/env python3
"""Pre-step of the Ansible peer: turns a fleet of onboard/v1 manifests into one vars file.

ansible-core has no CSV reader (community.general's read_csv is not in it), and the manifests
spread one customer over a YAML file and a CSV file, so an Ansible user would flatten them
once into the shape the playbook loops over. Only data is reshaped here: every name is still
resolved to an id by the playbook, through the API.

Usage: fleet_vars.py MANIFEST_DIR OUT.json
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
import fleet  # noqa: E402


def target_user(u):
    body = {"email": u["email"], "phoneNumber": u["phone"]}
    for key in ("firstName", "lastName", "department", "priority"):
        if key in u:
            body[key] = u[key]
    if "timeZone" in u:
        body["timeZoneId"] = u["timeZone"]
    if "active" in u:
        body["isActive"] = u["active"]
    if "preferredLanguage" in u:
        body["preferredLanguage"] = u["preferredLanguage"]  # a name: the playbook resolves it
    for key, value in (u.get("manager") or {}).items():
        body["manager" + key[0].upper() + key[1:]] = value
    return body


def admin(a):
    body = {"firstName": a["firstName"], "lastName": a["lastName"], "email": a["email"],
            "phoneNumber": a["phone"], "roles": a.get("roles", [])}
    if "active" in a:
        body["statusId"] = 1 if a["active"] else 2
    return body


def main():
    fl = fleet.load(sys.argv[1])
    group_names = {g["key"]: g["name"] for g in fl["groups"]}
    out = {
        "company_groups": [g["name"] for g in fl["groups"]],
        "customers": [{
            "key": c["key"],
            "company": c["company"],
            "license": c["license"],
            "groups": [group_names.get(g, g) for g in c["groups"]],
            "admins": [admin(a) for a in c["admins"]],
            "target_users": [target_user(u) for u in c["targetUsers"]],
        } for c in fl["customers"]],
    }
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
