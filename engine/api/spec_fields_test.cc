#include "engine/api/spec_fields.h"

#include <doctest/doctest.h>

namespace onboard {

TEST_SUITE("client") {

TEST_CASE("request fields come from the spec: LogoUrl is update-only, BaseManHourCost create-only") {
  CHECK(FindSpecField(CompanyUpdateFields(), "logourl") != nullptr);
  CHECK(*FindSpecField(CompanyUpdateFields(), "logourl") == "LogoUrl");
  CHECK(FindSpecField(CompanyUpdateFields(), "BaseManHourCost") == nullptr);
  CHECK(FindSpecField(CompanyCreateFields(), "BaseManHourCost") != nullptr);
  CHECK(FindSpecField(CompanyCreateFields(), "LogoUrl") == nullptr);
  CHECK(FindSpecField(TargetUserUpdateFields(), "customFields") != nullptr);
  CHECK(FindSpecField(TargetUserCreateFields(), "targetGroupResourceIds") != nullptr);
  CHECK(FindSpecField(SystemUserCreateFields(), "companyResourceId") != nullptr);
  CHECK(FindSpecField(SystemUserUpdateFields(), "companyResourceId") == nullptr);
}

}  // TEST_SUITE

}  // namespace onboard
