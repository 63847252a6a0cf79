#pragma once
// The property names of the request schemas onboard sends, exactly as the vendor spec
// (schemas/openapi-subset.json) spells them, extracted when CMake configures the build.
// A request carries a field only if its schema has it; a live object's unmanaged fields are
// sent back on an update under these names, so a field the spec gains is kept without code.

#include <string>
#include <vector>

namespace onboard {

using SpecFields = std::vector<std::string>;

/// POST /api/companies (multipart form field names, PascalCase).
const SpecFields& CompanyCreateFields();
/// PUT /api/companies/{resourceId} (multipart form field names, PascalCase).
const SpecFields& CompanyUpdateFields();
/// CreateSystemUserRequest.
const SpecFields& SystemUserCreateFields();
/// UpdateSystemUserRequest.
const SpecFields& SystemUserUpdateFields();
/// CreateTargetUserRequest.
const SpecFields& TargetUserCreateFields();
/// UpdateTargetUserRequest.
const SpecFields& TargetUserUpdateFields();

/// The name in `fields` equal to `name` ignoring ASCII case, or nullptr.
const std::string* FindSpecField(const SpecFields& fields, const std::string& name);

}  // namespace onboard
