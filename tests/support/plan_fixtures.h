#pragma once
// Builders of desired state, live state and catalog for tests that need no HTTP: a catalog
// mirroring keepnet-sim's seeded reference data, a typical customer, and a fake apply that
// turns a plan into the live state the platform would then hold.

#include <string>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/desired/desired_state.h"
#include "engine/live/live_state.h"
#include "engine/plan/plan.h"

namespace onboard::fixtures {

/// keepnet-sim's seeded catalog (tools/keepnet-sim/seed.cc) with readable ids instead of
/// random ones: 15 countries (id "country-<iso lower>", code = ISO code), 10 industries
/// ("industry-<name lower>", codes TECH, FIN, ...), license types Enterprise (all 9
/// modules), Professional (Phishing Simulator, Awareness Educator, Incident Responder,
/// Smishing Simulator) and Trial (Phishing Simulator, Awareness Educator)
/// ("license-type-<name lower>", modules "module-<name lower, dashes>"), periods Monthly,
/// Yearly, Perpetual ("period-<name lower>", codes MONTHLY, ...), languages English en,
/// Turkish tr, German de, French fr, Spanish es and two named "Portuguese" (pt-BR, pt-PT)
/// ("language-<code lower>"), 10 time zones (id = Windows id, name = display name), date
/// formats and time formats (id = name = the format).
Catalog SimCatalog();

/// The roles keepnet-sim seeds for a company: Company Admin, Read Only Admin, Campaign
/// Manager, with ids "<company_id>-role-<name lower, dashes>".
std::vector<RoleRecord> SimRoles(const std::string& company_id);

/// A location in a fake manifest file "manifests/<key>.yaml", for asserting where a
/// diagnostic points.
SourceLocation FakeLocation(const std::string& key, int line, int column = 3);

/// A customer with every company and license field set (Defaults merged): company name
/// `company_name`, Technology, TR, Turkey Standard Time, dd/MM/yyyy, HH:mm, English, tags
/// [emea, gold]; Enterprise, Yearly, modules [Phishing Simulator, Awareness Educator], 500
/// users, limited, 2026-01-01 .. 2027-01-01; no groups, admins or target users. Each field
/// has a location in manifests/<key>.yaml (line per field, see plan_fixtures.cc).
DesiredCustomer MakeCustomer(const std::string& key, const std::string& company_name);

/// An admin with names, phone and roles [Company Admin].
DesiredAdmin MakeAdmin(const std::string& email);

/// A target user with names, phone and department.
DesiredTargetUser MakeTargetUser(const std::string& email, const std::string& department = "Finance");

/// The README's example: group emea-partners ("EMEA Partners") and customer acme ("Acme
/// Corp") in it, with admin ada@acme.example and target users jane@ and john@acme.example.
DesiredState AcmeDesired();

/// A platform with the seeded catalog and nothing else.
LiveState EmptyLive();

/// Carries out `plan` against `live` as the platform would (new ids "company-N", "group-N",
/// "admin-N", "user-N"; roles seeded for new companies; target users read in detail), so a
/// test can plan again. Returns false (and does nothing more) at an action it cannot do.
bool ApplyToLive(const Plan& plan, LiveState* live);

/// `customers` customers "c<i>" (company "Customer <i>"), each with `users` target users.
DesiredState LargeDesired(int customers, int users);

}  // namespace onboard::fixtures
