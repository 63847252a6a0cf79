#!/usr/bin/env python3
"""Onboard customers the way the vendor's API guides walk through it, with up to 16 requests
in flight.

The peer a capable engineer writes once the sequential script is too slow (peer of onboard in
the benchmarks): the same steps as tools/bench/peers/script/onboard.py, on asyncio and aiohttp
(Debian's python3-aiohttp), every request through one bounded pool of IN_FLIGHT requests over
kept-alive connections. Whatever does not wait for an earlier answer goes out at once:

- the token, then the reference data (the lookup types, then the lookups of each type, the
  licenses, the time zones, the company groups) in parallel, the missing company groups
  created in parallel;
- then the customers, many at a time: search the company by name (as the guides and the
  script do), create it if it is missing (multipart, groups included), then read its roles,
  then create all its admins and all its target users at once. A company that exists already
  has its admins and target users listed (page 1, then the other pages at once) and only the
  missing ones created (no updates: no diff, like the script).

A 429 is sent again after its Retry-After, as often as it takes (16 requests in flight meet a
rate limit at once); a 5xx is retried 4 times (a write too, as the script does); a failing
customer is reported and the others go on; exit code 1 if any failed.

Usage: onboard.py MANIFEST_DIR   (KEEPNET_API_BASE_URL, KEEPNET_CLIENT_ID, KEEPNET_CLIENT_SECRET)
"""

import asyncio
import os
import sys

import aiohttp

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
import fleet  # noqa: E402  (reads the manifests: PyYAML + csv)

BASE = os.environ.get("KEEPNET_API_BASE_URL", "https://api.keepnetlabs.com").rstrip("/")
PAGE = 100
IN_FLIGHT = int(os.environ.get("ASYNC_PEER_IN_FLIGHT", "16"))
# Customers worked on at once: enough that the pool always has requests waiting (a customer's
# company create and roles read take two round trips before its users can go), few enough that
# the waiting requests stay a bounded, small set whatever the fleet's size.
CUSTOMERS_AT_ONCE = 4 * IN_FLIGHT


class ApiError(RuntimeError):
    pass


class Api:
    """One aiohttp session, a bounded pool of requests in flight, the envelope unwrapped."""

    def __init__(self, session):
        self.session = session
        self.pool = asyncio.Semaphore(IN_FLIGHT)
        self.headers = {}

    async def call(self, method, path, company=None, json=None, form=None):
        """Sends one request (retrying 429 and 5xx) and returns the envelope's data."""
        headers = dict(self.headers)
        if company:
            headers["X-KEEPNET-Company-Id"] = company
        failures = 0
        while failures < 5:
            data = None
            if form is not None:  # multipart/form-data (the API takes nothing else), built anew per attempt
                data = aiohttp.MultipartWriter("form-data")
                for k, v in form:
                    data.append(str(v)).set_content_disposition("form-data", name=k)
            async with self.pool:
                async with self.session.request(method, BASE + path, headers=headers, json=json, data=data) as r:
                    status = r.status
                    retry_after = r.headers.get("Retry-After")
                    body = await r.json(content_type=None) if status != 204 else {}
            if status == 429:  # rate limited: wait as told and send again, however often
                await asyncio.sleep(float(retry_after) if retry_after else 1.0)
                continue
            if status >= 500:
                await asyncio.sleep(float(retry_after) if retry_after else 2 ** failures)
                failures += 1
                continue
            if status >= 400 or not isinstance(body, dict) or body.get("isSuccess") is False:
                msg = body.get("message") if isinstance(body, dict) else body
                val = body.get("validationMessages") if isinstance(body, dict) else None
                raise ApiError(f"{method} {path}: {status} {msg} {val}")
            return body.get("data")
        raise ApiError(f"{method} {path}: still failing after retries")

    async def search(self, path, text="", company=None):
        """Every result of a paged search endpoint: page 1, then the other pages at once."""
        def page(n):
            return self.call("POST", path, company, json={
                "pageNumber": n, "pageSize": PAGE, "orderBy": "CreateTime", "ascending": True,
                "filter": {"Condition": "AND", "SearchInputTextValue": text}})
        first = await page(1)
        results = list(first["results"])
        for rest in await asyncio.gather(*(page(n) for n in range(2, first["totalNumberOfPages"] + 1))):
            results += rest["results"]
        return results


def norm(s):
    return "".join(ch for ch in str(s).lower() if ch.isalnum())


def company_form(cust, ref, license_types, modules, group_ids, group_names):
    co, lic = cust["company"], cust["license"]
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
    return form


def admin_body(a, roles):
    body = {"firstName": a["firstName"], "lastName": a["lastName"], "email": a["email"],
            "phoneNumber": a["phone"], "roleResourceIdList": [roles[r.lower()] for r in a.get("roles", [])]}
    if "active" in a:
        body["statusId"] = 1 if a["active"] else 2
    return body


def target_body(u, ref):
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
    return body


async def run(fl):
    connector = aiohttp.TCPConnector(limit=IN_FLIGHT)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        api = Api(session)
        async with session.post(BASE + "/connect/token", data={
                "grant_type": "client_credentials", "client_id": os.environ["KEEPNET_CLIENT_ID"],
                "client_secret": os.environ["KEEPNET_CLIENT_SECRET"], "scope": "api1"}) as r:
            r.raise_for_status()
            api.headers["Authorization"] = "Bearer " + (await r.json(content_type=None))["access_token"]

        # Reference data, all at once (the lookups wait for their type ids).
        async def lookups_of(types, kind):
            return kind, await api.call("GET", f"/api/lookups/{types[kind]}")

        async def all_lookups():
            types = {norm(t["name"]): t["id"] for t in await api.call("GET", "/api/codetypes")}
            return await asyncio.gather(*(lookups_of(types, k)
                                          for k in ("country", "industry", "licenseperiodtype", "language")))
        kinds, licenses, _, live_groups = await asyncio.gather(
            all_lookups(), api.call("GET", "/api/lookups/licenses"),
            api.call("GET", "/api/timezone/timezones"),  # the guides check the time zone exists
            api.call("GET", "/api/company-groups"))
        lookups = {}
        for kind, items in kinds:
            for item in items:
                for key in (item.get("resourceId"), item.get("name"), item.get("code"), item.get("isoCode")):
                    if key:
                        lookups.setdefault((kind, key.lower()), item["resourceId"])
        license_types = {t["name"].lower(): t["resourceId"] for t in licenses["licenses"]}
        modules = {m["name"].lower(): m["resourceId"] for m in licenses["allLicenseModules"]}
        group_ids = {g["name"]: g["resourceId"] for g in live_groups}
        group_names = {g["key"]: g["name"] for g in fl["groups"]}
        missing = [g["name"] for g in fl["groups"] if g["name"] not in group_ids]
        for name, created in zip(missing, await asyncio.gather(
                *(api.call("POST", "/api/company-groups", json={"name": n}) for n in missing))):
            group_ids[name] = created["resourceId"]

        def ref(kind, value):
            return lookups[(kind, str(value).lower())]

        async def customer(cust):
            existing = set()
            name = cust["company"]["name"]
            found = [c for c in await api.search("/api/companies/search", name) if c["companyName"] == name]
            company_id = found[0]["companyResourceId"] if found else None
            if company_id is None:
                form = company_form(cust, ref, license_types, modules, group_ids, group_names)
                company_id = (await api.call("POST", "/api/companies", form=form))["resourceId"]
                roles = await api.call("GET", "/api/roles", company_id) if cust["admins"] else []
            else:
                admins, targets, roles = await asyncio.gather(
                    api.search("/api/system-users/search", company=company_id),
                    api.search("/api/target-users/search", company=company_id),
                    api.call("GET", "/api/roles", company_id) if cust["admins"] else asyncio.sleep(0, []))
                existing = {u["email"].lower() for u in admins + targets}
            roles = {r["name"].lower(): r["resourceId"] for r in roles}
            writes = [api.call("POST", "/api/system-users", company_id, json=admin_body(a, roles))
                      for a in cust["admins"] if a["email"].lower() not in existing]
            writes += [api.call("POST", "/api/target-users", company_id, json=target_body(u, ref))
                       for u in cust["targetUsers"] if u["email"].lower() not in existing]
            # Every write is awaited even if one fails, so none is left running unreported.
            errors = [e for e in await asyncio.gather(*writes, return_exceptions=True) if isinstance(e, BaseException)]
            if errors:
                raise errors[0]

        queue = asyncio.Queue()
        for cust in fl["customers"]:
            queue.put_nowait(cust)
        failed = 0

        async def worker():
            nonlocal failed
            while not queue.empty():
                cust = queue.get_nowait()
                try:
                    await customer(cust)
                    print(f"{cust['key']}: ok", flush=True)
                except (ApiError, KeyError, aiohttp.ClientError, asyncio.TimeoutError) as e:
                    failed += 1
                    print(f"{cust['key']}: FAILED: {e}", file=sys.stderr, flush=True)
        await asyncio.gather(*(worker() for _ in range(CUSTOMERS_AT_ONCE)))
        return failed


def main():
    fl = fleet.load(sys.argv[1] if len(sys.argv) > 1 else "manifests")
    failed = asyncio.run(run(fl))
    print(f"{len(fl['customers']) - failed} customers onboarded, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
