#include "engine/plan/address.h"

#include "engine/text/strings.h"

// Addresses are built to their exact length (Concat): a plan holds one per action.
namespace onboard {

std::string GroupAddress(const std::string& group_key) { return Concat({"group.", group_key}); }

std::string CompanyAddress(const std::string& customer) { return Concat({"customer.", customer, ".company"}); }

std::string ParticipantAddress(const std::string& customer, const std::string& group) {
  return Concat({"customer.", customer, ".group.", group});
}

std::string UserAddress(const std::string& customer, const char* kind, const std::string& email) {
  return Concat({"customer.", customer, ".", kind, ".", FoldKey(email)});
}

std::string AdminAddress(const std::string& customer, const std::string& email) {
  return UserAddress(customer, "admin", email);
}

std::string TargetUserAddress(const std::string& customer, const std::string& email) {
  return UserAddress(customer, "target-user", email);
}

std::string TargetGroupAddress(const std::string& customer, const std::string& name) {
  return Concat({"customer.", customer, ".target-group.", FoldKey(name)});
}

}  // namespace onboard
