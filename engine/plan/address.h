#pragma once
// The addresses of plan actions, in one place: a delete must use the address its create
// would, the saved-plan checks compare addresses with bodies, and a dependency names the
// address of the action it waits for. E-mails and target-group names are folded (trimmed,
// lower case), so that one object has one address however a manifest spells it.

#include <string>

namespace onboard {

/// "group.<key>": a company group create.
std::string GroupAddress(const std::string& group_key);
/// "customer.<customer>.company".
std::string CompanyAddress(const std::string& customer);
/// "customer.<customer>.group.<group>": the company joining or leaving a company group.
std::string ParticipantAddress(const std::string& customer, const std::string& group);
/// "customer.<customer>.<kind>.<email, folded>", kind "admin" or "target-user".
std::string UserAddress(const std::string& customer, const char* kind, const std::string& email);
/// "customer.<customer>.admin.<email, folded>".
std::string AdminAddress(const std::string& customer, const std::string& email);
/// "customer.<customer>.target-user.<email, folded>".
std::string TargetUserAddress(const std::string& customer, const std::string& email);
/// "customer.<customer>.target-group.<name, folded>".
std::string TargetGroupAddress(const std::string& customer, const std::string& name);

}  // namespace onboard
