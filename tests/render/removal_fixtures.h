#pragma once
// The removal scenario of the golden renderings (tests/render/removal/): a pruned target user
// and admin, a company leaving a group, an offboarded company, and what is live but unlisted.

#include "tests/render/fixtures.h"

namespace onboard::render_fixtures {

inline Plan Removal() {
  Plan p;
  p.customers = {"acme", "old-co"};
  p.manifest_digest = "sha256:de1e7e";
  p.api_url = "https://api.keepnetlabs.com";
  p.names = {{"ind-tech", "Technology"}, {"lt-enterprise", "Enterprise"}};  // the planner names a delete's ids

  Action user;
  user.address = "customer.acme.target-user.leaver@acme.example";
  user.type = ActionType::Delete;
  TargetUserRecord r;
  r.id = "tu-leaver";
  r.email = "leaver@acme.example";
  r.first_name = "Lee";
  r.last_name = "Ver";
  r.department = "Sales";
  r.phone = "+905553334455";
  user.body = TargetUserBody{r};
  user.customer = "acme";
  user.target_id = "tu-leaver";
  user.company_ref.id = "cmp-acme";
  user.fingerprint = "0123456789abcdef";
  user.source = At("manifests/acme.yaml", 9, 10);
  p.actions.push_back(user);

  Action admin;
  admin.address = "customer.acme.admin.old@acme.example";
  admin.type = ActionType::Delete;
  admin.body = AdminBody{SystemUserRecord{"su-old", "old@acme.example", "Old", "Admin", "+905550001122", {}, {"Company Admin"}, 1}, {}};
  admin.customer = "acme";
  admin.target_id = "su-old";
  admin.company_ref.id = "cmp-acme";
  admin.fingerprint = "fedcba9876543210";
  admin.source = At("manifests/acme.yaml", 9, 10);
  p.actions.push_back(admin);

  Action leave;
  leave.address = "customer.acme.group.gold-tier";
  leave.type = ActionType::RemoveParticipant;
  leave.body = ParticipantBody{"Gold Tier", IdRef{"grp-gold", {}}};
  leave.customer = "acme";
  leave.company_ref.id = "cmp-acme";
  leave.fingerprint = "00112233445566aa";
  leave.source = At("manifests/acme.yaml", 9, 10);
  p.actions.push_back(leave);

  Action company;
  company.address = "customer.old-co.company";
  company.type = ActionType::Delete;
  CompanyRecord c;
  c.id = "cmp-old";
  c.name = "Old Customer Ltd";
  c.industry_id = "ind-tech";
  c.license_type_id = "lt-enterprise";
  c.number_of_users = 50;
  c.time_zone_id = "UTC";
  CompanyBody body{c, {}};
  body.admins_going = 2;
  body.target_users_going = 40;
  company.body = std::move(body);
  company.customer = "old-co";
  company.target_id = "cmp-old";
  company.company_ref.id = "cmp-old";
  company.fingerprint = "aabbccddeeff0011";
  company.source = At("manifests/old-co.yaml", 5, 11);
  p.actions.push_back(company);

  p.unlisted.customers.push_back({"globex", 3, 1, 0,
                                  {"customer.globex.admin.temp@globex.example", "customer.globex.target-user.a@globex.example",
                                   "customer.globex.target-user.b@globex.example", "customer.globex.target-user.c@globex.example"}});
  p.unlisted.companies.push_back({"cmp-stray", "Stray Co"});
  p.unlisted.companies.push_back({"cmp-legacy", "Legacy Inc"});
  return p;
}

}  // namespace onboard::render_fixtures
