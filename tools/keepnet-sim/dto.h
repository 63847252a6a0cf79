#pragma once
// The response DTOs of the spec, written with exactly the spec's property names.

#include <string>

#include "json.h"
#include "model.h"

namespace keepnet_sim {

/// CompanyDto (GET /api/companies/{id}).
void writeCompanyDto(Writer& w, const Reference& ref, const State& st, const Company& c);
/// SearchCompanyDto (companies/search); today is "YYYY-MM-DD" for licenceExpired.
void writeSearchCompanyDto(Writer& w, const Reference& ref, const State& st, const Company& c, const std::string& today);
/// SearchGroupCompanyDto (company-groups/{id}/companies/search).
void writeSearchGroupCompanyDto(Writer& w, const Reference& ref, const Company& c);
/// CompanyGroupDto.
void writeCompanyGroupDto(Writer& w, const CompanyGroup& g);
/// SystemUserSearchDto: roles = role names joined by ", ".
void writeSystemUserSearchDto(Writer& w, const Company& c, const SystemUser& u);
/// TargetUserDto.
void writeTargetUserDto(Writer& w, const TargetUser& u);
/// TargetUserSearchView.
void writeTargetUserSearchView(Writer& w, const Reference& ref, const TargetUser& u);
/// TargetGroupDto.
void writeTargetGroupDto(Writer& w, const TargetGroup& g);
/// TargetGroupSearchView.
void writeTargetGroupSearchView(Writer& w, const Company& c, const TargetGroup& g);

/// The name of a lookup id ("" when unknown).
std::string lookupName(const Reference& ref, const std::string& id);

}  // namespace keepnet_sim
