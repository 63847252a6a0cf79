#pragma once
// The live state: what the platform holds now, as plain data, read by live/reader.h.
// Only what the selected customers need is read.

#include <map>
#include <string>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/model/records.h"

namespace onboard {

/// One company the manifests refer to, with everything the planner compares.
struct LiveCompany {
  CompanyRecord company;                      ///< GET /api/companies/{id}
  std::vector<SystemUserRecord> admins;       ///< system-users search, every page
  std::vector<TargetUserRecord> target_users; ///< target-users search, every page
  std::vector<RoleRecord> roles;              ///< GET /api/roles for this company
  /// True once the roles were read (or asked for). A reader that trims its reads to the plan
  /// (CompanyReadScope::WhatThePlanNeeds) reads them only for a customer whose admins name
  /// roles; an admin update needs them too, to send the admin's roles back as ids (ReadRoles).
  bool roles_read = false;
  /// True once the target groups and their members were read (ReadTargetGroups); until then
  /// target_groups and target_group_members are empty and say nothing, and the target users'
  /// target_group_ids are unset.
  bool target_groups_read = false;
  std::vector<TargetGroupRecord> target_groups;  ///< GET /api/target-groups for this company
  /// Group id -> ids of its member target users (each group's member list, every page).
  std::map<std::string, std::vector<std::string>> target_group_members;
};

struct LiveState {
  /// Every company of the reseller (companies search, every page): for matching by name.
  std::vector<CompanySummary> companies;
  /// Details of the companies matched to selected customers, by company id.
  std::map<std::string, LiveCompany> details;
  std::vector<GroupRecord> groups;
  Catalog catalog;
  /// Companies whose own reads (details, roles, admins, target users) still failed after the
  /// client's retries: company id -> what failed (ApiError::ToString: the request, the
  /// customer, the answer). Their `details` entry is incomplete: the planner plans nothing
  /// for the customer matched to such a company and lists it in Plan::failed_customers.
  std::map<std::string, std::string> failed_reads;
};

}  // namespace onboard
