#pragma once
// The plan as JSON for people and pipelines: what `plan --format json` prints. A view, like
// the text and Markdown ones; the saved plan (`plan --out`) is engine/plan/plan_file.h and
// shares this document's outline (format_version, summary, actions[] with address, action,
// depends_on and changes) but carries the bodies apply sends instead of display fields.

#include <string>

#include "engine/plan/plan.h"
#include "engine/render/render_options.h"

namespace onboard {

/// The plan as a JSON document (2-space indented, keys in a fixed order, ends with a
/// newline): format_version (Plan::kFormatVersion), api_url, manifest_digest, customers,
/// summary {create, update, delete, add_participant, remove_participant, membership_change}, payload_included
/// (false: this document cannot be applied), sensitive_values ("masked" | "shown"),
/// actions[] {address, action, object, customer, depends_on, source ("file:line:col"),
/// fingerprint, target_id, company_ref {id?, from_action?}, group_ref, group_name,
/// role_names_after_apply, changes[] {field, before, after, sensitive}: an update's changes,
/// a create's fields as FieldsOf derives them from its body}, diagnostics[] {severity,
/// subject, location, field, summary, fix}. Phone numbers masked unless
/// options.show_sensitive.
std::string PlanToJson(const Plan& plan, const RenderOptions& options);

}  // namespace onboard
