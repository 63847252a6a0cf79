#!/usr/bin/env python3
"""Onboard customers the way the vendor's API guides walk through it, one call after another.

The script a reseller's engineer writes in an afternoon (peer of onboard in the benchmarks):
get a token, look up the reference ids by name, then for each customer: search the company by
name, create it if it is missing, create its admins and its target users. One requests.Session
(connection reuse), a retry on 429/5xx, and an exit code of 1 if anything failed.

Usage: onboard.py MANIFEST_DIR   (KEEPNET_API_BASE_URL, KEEPNET_CLIENT_ID, KEEPNET_CLIENT_SECRET)
"""

import os
import sys
import time

import requests

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
import fleet  # noqa: E402  (reads the manifests: PyYAML + csv)

BASE = os.environ.get("KEEPNET_API_BASE_URL", "https://api.keepnetlabs.com").rstrip("/")
PAGE = 100

session = requests.Session()


def call(method, path, company=None, **kwargs):
    """Sends one request and returns the envelope's data; retries 429 and 5xx a few times."""
    headers = {"X-KEEPNET-Company-Id": company} if company else {}
    for attempt in range(5):
        r = session.request(method, BASE + path, headers=headers, timeout=60, **kwargs)
        if r.status_code == 429 or r.status_code >= 500:
            time.sleep(float(r.headers.get("Retry-After", 2 ** attempt)))
            continue
        body = r.json()
        if r.status_code >= 400 or body.get("isSuccess") is False:
            raise RuntimeError(f"{method} {path}: {r.status_code} {body.get('message')} {body.get('validationMessages')}")
        return body.get("data")
    raise RuntimeError(f"{method} {path}: still failing after retries")


def search(path, text="", company=None):
    """Every result of a paged search endpoint."""
    results, page = [], 1
    while True:
        data = call("POST", path, company, json={
            "pageNumber": page, "pageSize": PAGE, "orderBy": "CreateTime", "ascending": True,
            "filter": {"Condition": "AND", "SearchInputTextValue": text}})
        results += data["results"]
        if page >= data["totalNumberOfPages"]:
            return results
        page += 1


def norm(s):
    return "".join(ch for ch in str(s).lower() if ch.isalnum())


def main():
    fl = fleet.load(sys.argv[1] if len(sys.argv) > 1 else "manifests")

    tok = session.post(BASE + "/connect/token", data={
        "grant_type": "client_credentials", "client_id": os.environ["KEEPNET_CLIENT_ID"],
        "client_secret": os.environ["KEEPNET_CLIENT_SECRET"], "scope": "api1"}, timeout=60)
    tok.raise_for_status()
    session.headers["Authorization"] = "Bearer " + tok.json()["access_token"]

    # Reference data: name -> id.
    types = {norm(t["name"]): t["id"] for t in call("GET", "/api/codetypes")}
    lookups = {}
    for kind in ("country", "industry", "licenseperiodtype", "language"):
        for item in call("GET", f"/api/lookups/{types[kind]}"):
            for key in (item.get("resourceId"), item.get("name"), item.get("code"), item.get("isoCode")):
                if key:
                    lookups.setdefault((kind, key.lower()), item["resourceId"])
    licenses = call("GET", "/api/lookups/licenses")
    license_types = {t["name"].lower(): t["resourceId"] for t in licenses["licenses"]}
    modules = {m["name"].lower(): m["resourceId"] for m in licenses["allLicenseModules"]}
    call("GET", "/api/timezone/timezones")  # the guides check the time zone exists; we trust the manifest
    group_ids = {g["name"]: g["resourceId"] for g in call("GET", "/api/company-groups")}
    group_names = {g["key"]: g["name"] for g in fl["groups"]}
    for g in fl["groups"]:
        if g["name"] not in group_ids:
            group_ids[g["name"]] = call("POST", "/api/company-groups", json={"name": g["name"]})["resourceId"]

    def ref(kind, value):
        return lookups[(kind, str(value).lower())]

    failed = 0
    for cust in fl["customers"]:
        co, lic = cust["company"], cust["license"]
        try:
            found = [c for c in search("/api/companies/search", co["name"]) if c["companyName"] == co["name"]]
            existing_emails = set()
            if found:
                company_id = found[0]["companyResourceId"]
                existing_emails = {u["email"].lower() for u in search("/api/system-users/search", company=company_id)}
                existing_emails |= {u["email"].lower() for u in search("/api/target-users/search", company=company_id)}
            else:
                form = [("Name", co["name"]),
                        ("IndustryResourceId", ref("industry", co["industry"])),
                        ("CountryResourceId", ref("country", co["country"])),
                        ("LicenseTypeResourceId", license_types[lic["type"].lower()]),
                        ("LicensePeriodTypeResourceId", ref("licenseperiodtype", lic["period"])),
                        ("NumberOfUsers", str(lic["users"])),
                        ("TimeZoneId", co["timeZone"]),
                        ("DateFormat", co["dateFormat"]),
                        ("TimeFormat", co["timeFormat"])]
                for field, key in (("Description", "description"), ("Address", "address"), ("WebsiteUrl", "websiteUrl")):
                    if key in co:
                        form.append((field, co[key]))
                if "preferredLanguage" in co:
                    form.append(("PreferredLanguageTypeResourceId", ref("language", co["preferredLanguage"])))
                if "limited" in lic:
                    form.append(("IsNumberOfUsersLimited", "true" if lic["limited"] else "false"))
                if "start" in lic:
                    form.append(("LicenseStartDate", lic["start"]))
                if "end" in lic:
                    form.append(("LicenseEndDate", lic["end"]))
                form += [("LicenseModuleResourceIdArray", modules[m.lower()]) for m in lic.get("modules", [])]
                form += [("CompanyGroupResourceIdArray", group_ids[group_names.get(g, g)]) for g in cust["groups"]]
                form += [("Tags", t) for t in co.get("tags", [])]
                company_id = call("POST", "/api/companies", files=[(k, (None, str(v))) for k, v in form])["resourceId"]

            roles = {}
            if cust["admins"]:
                roles = {r["name"].lower(): r["resourceId"] for r in call("GET", "/api/roles", company_id)}
            for a in cust["admins"]:
                if a["email"].lower() in existing_emails:
                    continue
                body = {"firstName": a["firstName"], "lastName": a["lastName"], "email": a["email"],
                        "phoneNumber": a["phone"], "roleResourceIdList": [roles[r.lower()] for r in a.get("roles", [])]}
                if "active" in a:
                    body["statusId"] = 1 if a["active"] else 2
                call("POST", "/api/system-users", company_id, json=body)
            for u in cust["targetUsers"]:
                if u["email"].lower() in existing_emails:
                    continue
                body = {"email": u["email"], "phoneNumber": u["phone"]}
                for key in ("firstName", "lastName", "department", "priority", "timeZone"):
                    if key in u:
                        body["timeZoneId" if key == "timeZone" else key] = u[key]
                if "active" in u:
                    body["isActive"] = u["active"]
                if "preferredLanguage" in u:
                    body["preferredLanguageId"] = ref("language", u["preferredLanguage"])
                for key, value in (u.get("manager") or {}).items():
                    body["manager" + key[0].upper() + key[1:]] = value
                call("POST", "/api/target-users", company_id, json=body)
            print(f"{cust['key']}: ok", flush=True)
        except (RuntimeError, KeyError, requests.RequestException) as e:
            failed += 1
            print(f"{cust['key']}: FAILED: {e}", file=sys.stderr, flush=True)
    print(f"{len(fl['customers']) - failed} customers onboarded, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
