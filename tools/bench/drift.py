"""Drift for the benchmarks: changes live objects through the simulator's API, as someone
clicking in the platform's UI would, so that onboard's next plan has something to mend.

A deterministic share of the target users get another department, and a share of the
companies another license size (NumberOfUsers). Python stdlib only.
"""

import json
import math
import urllib.parse
import urllib.request
import uuid


def _request(method, url, body=None, headers=None, content_type=None):
    req = urllib.request.Request(url, data=body, method=method, headers=dict(headers or {}))
    if content_type:
        req.add_header("Content-Type", content_type)
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.load(r)


def _multipart(fields):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n')
    parts.append(f"--{boundary}--\r\n")
    return "".join(parts).encode("utf-8"), f"multipart/form-data; boundary={boundary}"


def _every(items, share):
    """A deterministic, evenly spread share of items (at least one)."""
    k = max(1, math.floor(len(items) * share))
    step = len(items) / k
    return [items[int(i * step)] for i in range(k)]


def apply_drift(url, client_id, client_secret, state, user_share=0.01, license_share=0.05):
    """Changes the department of user_share of all target users and the NumberOfUsers of
    license_share of the companies; returns {"users": n, "companies": m}."""
    token = _request("POST", url + "/connect/token", urllib.parse.urlencode({
        "grant_type": "client_credentials", "client_id": client_id, "client_secret": client_secret,
        "scope": "api1"}).encode(), content_type="application/x-www-form-urlencoded")["access_token"]
    auth = {"Authorization": "Bearer " + token}
    companies = [c for c in state["companies"] if not c.get("isReseller")]
    groups = {}
    for g in state.get("companyGroups", []):
        for cid in g.get("companyResourceIds", []):
            groups.setdefault(cid, []).append(g["resourceId"])

    users = [(c, u) for c in companies for u in c.get("targetUsers", [])]
    changed_users = _every(users, user_share) if users else []
    for c, u in changed_users:
        body = {k: u.get(k) for k in ("email", "phoneNumber", "firstName", "lastName", "priority", "timeZoneId",
                                      "preferredLanguageId", "managerFirstName", "managerLastName", "managerEmail")
                if u.get(k) not in (None, "")}
        body["isActive"] = u.get("isActive", True)
        body["department"] = ((u.get("department") or "") + " (moved)")[-64:]
        _request("PUT", f"{url}/api/target-users/{u['resourceId']}", json.dumps(body).encode(),
                 dict(auth, **{"X-KEEPNET-Company-Id": c["resourceId"]}), "application/json")

    changed_companies = _every(companies, license_share) if companies else []
    for c in changed_companies:
        # PUT replaces the company: send every field it has, with the one change.
        fields = [("Name", c["name"]), ("NumberOfUsers", str(int(c["numberOfUsers"]) + 7)),
                  ("IsNumberOfUsersLimited", "true" if c.get("isNumberOfUsersLimited") else "false"),
                  ("StatusId", str(c.get("statusId") or 1))]
        for form, key in (("Description", "description"), ("Address", "address"), ("WebsiteUrl", "websiteUrl"),
                          ("IndustryResourceId", "industryResourceId"), ("CountryResourceId", "countryResourceId"),
                          ("LicenseTypeResourceId", "licenseTypeResourceId"),
                          ("LicensePeriodTypeResourceId", "licensePeriodTypeResourceId"),
                          ("LicenseStartDate", "licenseStartDate"), ("LicenseEndDate", "licenseEndDate"),
                          ("PreferredLanguageTypeResourceId", "preferredLanguageTypeResourceId"),
                          ("NotificationTemplateTypeResourceId", "notificationTemplateTypeResourceId"),
                          ("TrainingContentTypeResourceId", "trainingContentTypeResourceId"),
                          ("SmtpConfigurationTypeResourceId", "smtpConfigurationTypeResourceId"),
                          ("TimeZoneId", "timeZoneId"), ("DateFormat", "dateFormat"), ("TimeFormat", "timeFormat"),
                          ("LogoUrl", "logoUrl"), ("ReleaseNotesUrl", "releaseNotesUrl")):
            if c.get(key):
                fields.append((form, c[key]))
        for flag in ("IsVersionVisible", "IsReleaseNotesVisible"):
            fields.append((flag, "true" if c.get(flag[0].lower() + flag[1:]) else "false"))
        # BaseManHourCost and BaseManHour are fields of the create form only: a PUT with them is a 400.
        for key in ("callBackNumberBookingCount",):
            if c.get(key) is not None:
                fields.append((key[0].upper() + key[1:], str(c[key])))
        fields += [("LicenseModuleResourceIdArray", m) for m in c.get("licenseModules") or []]
        fields += [("CompanyGroupResourceIdArray", g) for g in groups.get(c["resourceId"], [])]
        fields += [("Tags", t) for t in c.get("tags") or []]
        body, ctype = _multipart(fields)
        _request("PUT", f"{url}/api/companies/{c['resourceId']}", body, auth, ctype)
    return {"users": len(changed_users), "companies": len(changed_companies)}
