#include "engine/match/company_match.h"

#include <fmt/format.h>

#include "engine/desired/queries.h"
#include "engine/text/strings.h"

namespace onboard {

CompanyIndex::CompanyIndex(const std::vector<CompanySummary>& companies) : companies_(companies) {
  for (size_t i = 0; i < companies.size(); ++i) {
    by_id_.emplace(Trim(companies[i].id), i);
    by_name_[Trim(companies[i].name)].push_back(i);
    by_loose_name_[LooseKey(companies[i].name)].push_back(i);
  }
}

CompanyMatch CompanyIndex::Match(const DesiredCustomer& customer, std::string* id, Diagnostics* diags) const {
  if (customer.company.resource_id) {
    std::string pinned = Trim(*customer.company.resource_id);
    if (by_id_.count(pinned)) {
      *id = pinned;
      return CompanyMatch::Found;
    }
    diags->Add({Severity::Error, FieldLocation(customer.locations, "company.resourceId", customer.location),
                "spec.company.resourceId", fmt::format("no live company has resourceId \"{}\"", pinned),
                "remove resourceId to match by name, or use the id of a company this reseller manages", customer.key});
    return CompanyMatch::Conflict;
  }
  std::string name = Trim(customer.company.name);
  auto exact = by_name_.find(name);
  if (exact != by_name_.end() && exact->second.size() == 1) {
    *id = companies_[exact->second.front()].id;
    return CompanyMatch::Found;
  }
  if (exact != by_name_.end()) {
    std::vector<std::string> ids;
    for (size_t i : exact->second) ids.push_back(companies_[i].id);
    diags->Add({Severity::Error, FieldLocation(customer.locations, "company.name", customer.location),
                "spec.company.name",
                fmt::format("{} live companies are named \"{}\": {}", ids.size(), name, fmt::join(ids, ", ")),
                "pin one with spec.company.resourceId", customer.key});
    return CompanyMatch::Conflict;
  }
  auto loose = by_loose_name_.find(LooseKey(name));
  if (loose != by_loose_name_.end()) {
    const CompanySummary& near = companies_[loose->second.front()];
    diags->Add({Severity::Warning, FieldLocation(customer.locations, "company.name", customer.location),
                "spec.company.name",
                fmt::format("likely typo: would create a near-duplicate of live company '{}' ({})", near.name, near.id),
                fmt::format("write the name exactly as \"{}\", or pin resourceId {}", near.name, near.id),
                customer.key});
  }
  return CompanyMatch::Missing;
}

std::string MatchCompany(const DesiredCustomer& customer, const std::vector<CompanySummary>& companies,
                       Diagnostics* diags) {
  std::string id;
  CompanyIndex index(companies);
  return index.Match(customer, &id, diags) == CompanyMatch::Found ? id : "";
}

}  // namespace onboard
