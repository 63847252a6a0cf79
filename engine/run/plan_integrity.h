#pragma once
// Plan integrity: a saved plan cannot do what its reviewer did not see. A plan file holds both
// what apply sends (each action's body) and what renderings show (an update's changes; a
// create's fields, derived from its body by FieldsOf in engine/render/plan_view.h). Someone
// who edits the file can change one without the other; this check, run against the live
// state read again just before apply, finds every such difference. Pure: no I/O.
//
// The rules, per kind of action:
// - Update (company, admin, target user): the body must be the live object with the shown
//   changes laid over it. Each managed field whose body value differs from the live one (by
//   the planner's comparison: trimmed text, dates as dates, lists as sets, ids ignoring case)
//   needs a change of that field whose `after` is the body value as the planner shows it
//   (ShowReference, DisplayList, DisplayDate, ...); every change's `after` must be what the
//   body sends. Fields an update never changes (resource id, passthrough fields, a company's
//   groups and status, a target user's target groups, an email) must equal the live ones.
//   The action's target id must be the live object's, and its body's id that id too.
// - Create (company, admin, target user): everything the body sends is shown: the fields
//   FieldsOf lists are shown by construction, so the others must be empty (resource id,
//   passthrough fields, a company's group ids and status, a target user's target groups,
//   an admin's role ids when its roles are named "after apply"), and each name a rendering
//   shows for an id (Plan::names) must be the name the live catalog (or the company's live
//   roles) gives that id.
// - Company joins, participants: the group shown by name is the one joined: a known group id
//   is the live group of that name; one "known after apply" comes from the create of the
//   group of that name in the plan.
// - Admins and target users: the address shows the email (customer.<key>.admin.<email>),
//   so the email sent is the address's (ignoring case). A create's other fields are shown by
//   the rendering of the file itself: a reviewer who approved another file's rendering is
//   protected only where the file binds a value to something it cannot change (the live
//   state, the address).
// - Delete (company, admin, target user): the object deleted is live (by the action's target
//   id, in the customer's company), the body is that object (its id; an admin's or target
//   user's email, a company's name, which the rendering shows); a company leaving a group
//   (remove-participant) is in that group live.
// - Group create: the name shown is the name sent (it is the whole body); it is not empty.
// - Every action of a customer acts on one company: a known company id is the same for all
//   of them (the company update's target), and one "known after apply" comes from that
//   customer's company create.
// Limits: the binding of a customer key to a company (by id) is not itself shown for
// customers without a company update; the stale check (saved_plan_check.h) finds the company
// by the id the plan holds.

#include <string>
#include <vector>

#include "engine/live/live_state.h"
#include "engine/plan/plan.h"

namespace onboard {

/// One way an action's payload differs from what the plan shows. No values: they may be
/// personal data, and the plan file holds them anyway.
struct IntegrityProblem {
  std::string address;  ///< the action
  std::string field;    ///< manifest field path ("company.name", "email") or body part ("passthrough")
  std::string problem;  ///< what is wrong, e.g. "sent but not shown"
};

/// Every difference between what `plan`'s actions send and what the plan shows, given
/// `fresh`, the live state read again for it (ChangedSincePlan's `fresh`), in plan order.
/// Empty: the plan does exactly what its rendering shows. Run after the stale check: an
/// action whose live object is gone is reported here too (as "no live object").
std::vector<IntegrityProblem> PlanIntegrityProblems(const Plan& plan, const LiveState& fresh);

/// One line per problem, "address: field: problem" (for logs and tests).
std::string ListProblems(const std::vector<IntegrityProblem>& problems);

}  // namespace onboard
