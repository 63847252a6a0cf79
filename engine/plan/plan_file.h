#pragma once
// The saved plan: what `plan --out FILE` writes and `apply --plan FILE` reads back (OpenTofu's
// plans/planfile). Persistence, not a view: renderers live in engine/render. The only file
// that includes RapidJSON for plan files is plan_file.cc; schemas/plan.schema.json describes
// the document.
//
// Personal data: a saved plan carries each action's executable body (the records apply
// sends), phone numbers unmasked, because apply must send them, and its diagnostics and
// update changes as they are. Like Terraform's plan files, which hold secrets, keep it as a
// CI artifact with restricted access, not in git. Credentials are never part of a plan.

#include <string>

#include "engine/plan/plan.h"

namespace onboard {

/// The plan as a JSON document (2-space indented, keys in a fixed order, ends with a
/// newline): format_version (Plan::kFormatVersion = 3), api_url, manifest_digest, customers,
/// summary {create, update, delete, add_participant, remove_participant, membership_change},
/// payload_included (true), names {id: name}, actions[] {address, action, object, customer,
/// depends_on, source ("file:line:col"), fingerprint, target_id, company_ref {id?,
/// from_action?}, changes[] (updates only: {field, before, after, sensitive}), body (by
/// object: group {name}; company {the company record}; participant {group_name,
/// group_ref}; admin {the system-user record, role_names_after_apply}; target-user {the
/// target-user record}; a delete's body is the live record, a company delete's with
/// admins_going and target_users_going)}, diagnostics[] {severity, subject, location, field,
/// summary, fix}, and when set: allow_mass_delete (true), unlisted {customers[] {customer,
/// target_users, admins, target_groups, addresses}, companies[] {id, name}}.
/// ReadPlanFile gives the plan back exactly.
std::string WritePlanFile(const Plan& plan);

/// Reads a document written by WritePlanFile. False, with *error naming the JSON offset
/// (syntax) or the field path (e.g. "actions[2].body.name"), when the text is not JSON, not a
/// plan onboard wrote, of another format_version ("saved plan format 1 is from an older
/// onboard; run onboard plan --out again"), the display document of `plan --format json`
/// (no bodies), an action whose verb its object does not support, or when its summary does
/// not match its actions. *plan is only written on success.
bool ReadPlanFile(const std::string& json, Plan* plan, std::string* error);

}  // namespace onboard
