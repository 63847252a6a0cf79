#include "engine/plan/plan.h"

namespace onboard {

const char* ActionTypeName(ActionType type) {
  switch (type) {
    case ActionType::Create: return "create";
    case ActionType::Update: return "update";
    case ActionType::Delete: return "delete";
    case ActionType::AddParticipant: return "add-participant";
    case ActionType::RemoveParticipant: return "remove-participant";
  }
  return "?";
}

const char* ObjectTypeName(ObjectType object) {
  switch (object) {
    case ObjectType::Group: return "group";
    case ObjectType::Company: return "company";
    case ObjectType::Participant: return "participant";
    case ObjectType::Admin: return "admin";
    case ObjectType::TargetUser: return "target-user";
    case ObjectType::TargetGroup: return "target-group";
    case ObjectType::TargetGroupMembers: return "target-group-members";
  }
  return "?";
}

const char* ActionTypeSymbol(ActionType type) {
  switch (type) {
    case ActionType::Create: return "+";
    case ActionType::Update: return "~";
    case ActionType::Delete: return "-";
    case ActionType::AddParticipant: return "+";
    case ActionType::RemoveParticipant: return "-";
  }
  return "?";
}

bool ValidVerb(ActionType type, ObjectType object) {
  switch (object) {
    case ObjectType::Group: return type == ActionType::Create;
    case ObjectType::Participant: return type == ActionType::AddParticipant || type == ActionType::RemoveParticipant;
    case ObjectType::Company:
    case ObjectType::Admin:
    case ObjectType::TargetUser:
      return type == ActionType::Create || type == ActionType::Update || type == ActionType::Delete;
    case ObjectType::TargetGroup:
      return type == ActionType::Create || type == ActionType::Update || type == ActionType::Delete;
    case ObjectType::TargetGroupMembers:
      return type == ActionType::AddParticipant || type == ActionType::RemoveParticipant;
  }
  return false;
}

PlanSummary Plan::Summarize() const {
  PlanSummary s;
  for (const Action& a : actions) {
    if (a.object() == ObjectType::TargetGroupMembers) {
      ++s.membership_change;
      continue;
    }
    switch (a.type) {
      case ActionType::Create: ++s.create; break;
      case ActionType::Update: ++s.update; break;
      case ActionType::Delete: ++s.destroy; break;
      case ActionType::AddParticipant: ++s.add_participant; break;
      case ActionType::RemoveParticipant: ++s.remove_participant; break;
    }
  }
  return s;
}

const Action* Plan::Find(const std::string& address) const {
  for (const Action& a : actions)
    if (a.address == address) return &a;
  return nullptr;
}

const std::string& Plan::NameOf(const std::string& id) const {
  auto it = names.find(id);
  return it == names.end() ? id : it->second;
}

}  // namespace onboard
