#pragma once
// The plan as one JSON document (CONTRACT §3): what `plan --format json` prints and what
// `plan --out FILE` saves for `apply --plan FILE`. The only file that includes RapidJSON for
// plans is plan_json.cc; schemas/plan.schema.json describes the document.
//
// Personal data: a document written with RenderOptions.include_payload carries each action's
// executable `payload` (the bodies apply sends), phone numbers unmasked, because apply must
// send them. Such a saved plan is personal data, like Terraform's plan files hold secrets:
// keep it as a CI artifact with restricted access, not in git. Without include_payload (the
// stdout form for people and pipelines) there is no payload at all. In both forms the
// display fields (`changes[]`, diagnostics) are masked unless RenderOptions.show_sensitive,
// and the top-level `payload_included` / `sensitive_values` say which form a document is.
// Credentials are never part of a plan.

#include <string>

#include "engine/plan/plan.h"
#include "engine/render/render_options.h"

namespace onboard {

/// The plan as a JSON document (2-space indented, keys in a fixed order, ends with a
/// newline): format_version (Plan::kFormatVersion), api_url, manifest_digest, customers,
/// summary {create, update, delete, add_participant, remove_participant}, payload_included,
/// sensitive_values ("masked" | "shown"), actions[] {address, action, object, customer,
/// depends_on, source ("file:line:col"), fingerprint, target_id, company_ref {id?,
/// from_action?}, group_ref, group_name, role_names_after_apply, changes[] {field, before,
/// after, sensitive}, and with include_payload: payload {company | admin | target_user}},
/// diagnostics[] {severity, subject, location, field, summary, fix}.
/// Full fidelity with include_payload: PlanFromJson gives the plan back (with show_sensitive,
/// exactly; without it, sensitive change values come back masked, which is all they are used
/// for: display).
std::string PlanToJson(const Plan& plan, const RenderOptions& options);

/// Reads a saved plan written by PlanToJson with include_payload. False, with *error naming
/// the JSON offset (syntax) or the field path (e.g. "actions[2].payload.company.name"), when
/// the text is not JSON, not a plan onboard wrote, of an unknown format_version, without its
/// payload (a `--format json` document cannot be applied), or when its summary does not
/// match its actions. *plan is only written on success.
bool PlanFromJson(const std::string& json, Plan* plan, std::string* error);

}  // namespace onboard
