#include "engine/plan/fingerprint.h"

#include <doctest/doctest.h>

namespace onboard {
namespace {

CompanyRecord Company() {
  CompanyRecord c;
  c.id = "company-1";
  c.name = "Acme Corp";
  c.industry_id = "industry-technology";
  c.license_module_ids = {"module-a", "module-b"};
  c.license_start = "2026-01-01T00:00:00Z";
  c.number_of_users = 500;
  c.tags = {"emea", "gold"};
  c.group_ids = {"group-1"};
  c.passthrough = {{"A", "1"}, {"B", "2"}};
  return c;
}

TEST_SUITE("planner") {
  TEST_CASE("fingerprint: a company's digest ignores order, date format and id case, sees every sent field") {
    CompanyRecord c = Company();
    std::string base = Fingerprint(c);
    CHECK(base.size() == 16);
    CHECK(base.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(Fingerprint(c) == base);

    CompanyRecord same = c;
    same.license_module_ids = {"MODULE-B", "module-a"};
    same.license_start = "2026-01-01";
    same.tags = {"gold", "emea"};
    same.passthrough = {{"B", "2"}, {"A", "1"}};
    same.industry_id = "Industry-Technology";
    CHECK(Fingerprint(same) == base);

    for (auto change : std::vector<void (*)(CompanyRecord&)>{
             [](CompanyRecord& r) { r.number_of_users = 501; },
             [](CompanyRecord& r) { r.users_limited = true; },
             [](CompanyRecord& r) { r.license_end = "2027-01-01"; },
             [](CompanyRecord& r) { r.group_ids.push_back("group-2"); },
             [](CompanyRecord& r) { r.passthrough[0].second = "changed"; },
             [](CompanyRecord& r) { r.status_id = 2; },
             [](CompanyRecord& r) { r.tags = {"emea"}; },
             [](CompanyRecord& r) { r.description = "x"; }}) {
      CompanyRecord other = c;
      change(other);
      CHECK(Fingerprint(other) != base);
    }
    // Moving text from one field into the next is a different record.
    CompanyRecord a = c, b = c;
    a.description = "ab";
    b.description = "a";
    b.address = "b";
    CHECK(Fingerprint(a) != Fingerprint(b));
  }

  TEST_CASE("fingerprint: admins by email (any case), names, phone, roles and status") {
    SystemUserRecord u{"admin-1", "Ada@Acme.example", "Ada", "Admin", "+90", {"r1"}, {"Company Admin"}, 1};
    SystemUserRecord same = u;
    same.email = "ada@acme.example";
    same.role_names = {"company admin"};
    CHECK(Fingerprint(same) == Fingerprint(u));
    SystemUserRecord other = u;
    other.status_id = 2;
    CHECK(Fingerprint(other) != Fingerprint(u));
    other = u;
    other.role_names = {"Read Only Admin"};
    CHECK(Fingerprint(other) != Fingerprint(u));
  }

  TEST_CASE("fingerprint: a target user's manager part counts only when both reads have it") {
    TargetUserRecord search;
    search.email = "jane@acme.example";
    search.phone = "+90";
    search.department = "Finance";
    TargetUserRecord detailed = search;
    detailed.detailed = true;
    detailed.manager_email = "boss@acme.example";

    std::string s = Fingerprint(search), d = Fingerprint(detailed);
    CHECK(s.size() == 16);
    CHECK(d.size() == 33);
    CHECK(d.substr(0, 16) == s);
    CHECK(SameTargetUserFingerprint(s, d));
    CHECK(SameTargetUserFingerprint(d, s));

    TargetUserRecord other_manager = detailed;
    other_manager.manager_email = "new-boss@acme.example";
    CHECK_FALSE(SameTargetUserFingerprint(Fingerprint(other_manager), d));
    CHECK(SameTargetUserFingerprint(Fingerprint(other_manager), s));

    TargetUserRecord moved = search;
    moved.department = "Sales";
    CHECK_FALSE(SameTargetUserFingerprint(Fingerprint(moved), s));
    CHECK_FALSE(SameTargetUserFingerprint(Fingerprint(moved), d));
  }
}

}  // namespace
}  // namespace onboard
