// ApiError (declared in keepnet_client.h): how a failed call is described to a person.

#include <string>

#include "engine/api/keepnet_client.h"

namespace onboard {

bool ApiError::permanent() const {
  switch (kind) {
    case Kind::Api:
    case Kind::Decode:
      return true;
    case Kind::Transport:
    case Kind::OutcomeUnknown:
      return false;
    case Kind::Http:
      return http_status >= 400 && http_status < 500 && http_status != 408 && http_status != 429;
  }
  return false;
}

std::string ApiError::ToString() const {
  std::string out = method + " " + path;
  if (!origin.empty()) out += " [" + origin + "]";
  if (!company_id.empty()) out += " (company " + company_id + ")";
  out += ": ";
  switch (kind) {
    case Kind::Transport:
      out += "no answer";
      break;
    case Kind::OutcomeUnknown:
      out += "outcome unknown, the write may have been applied (look before sending it again)";
      break;
    case Kind::Decode:
      out += "unexpected answer";
      break;
    case Kind::Http:
    case Kind::Api:
      break;
  }
  if (http_status > 0) {
    if (kind == Kind::Transport || kind == Kind::OutcomeUnknown || kind == Kind::Decode) out += ", ";
    out += "HTTP " + std::to_string(http_status);
    if (!api_status.empty()) out += " " + api_status;
  }
  if (!message.empty()) out += ": " + message;
  if (!validation_messages.empty()) {
    out += message.empty() ? ": validation: " : "; validation: ";
    for (size_t i = 0; i < validation_messages.size(); ++i) {
      if (i) out += "; ";
      out += validation_messages[i];
    }
  }
  return out;
}

}  // namespace onboard
