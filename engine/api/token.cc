#include "engine/api/token.h"

#include <algorithm>

namespace onboard {

std::vector<UrlFormField> TokenRequestForm(const std::string& client_id, const Secret& client_secret) {
  std::vector<UrlFormField> form(4);
  form[0] = {"grant_type", "client_credentials", {}};
  form[1] = {"client_id", client_id, {}};
  form[2] = {"client_secret", "", client_secret};
  form[3] = {"scope", "api1", {}};
  return form;
}

std::chrono::steady_clock::time_point RenewAt(std::chrono::steady_clock::time_point now, int expires_in_seconds) {
  using std::chrono::milliseconds;
  const milliseconds lifetime{std::max(0, expires_in_seconds) * 1000LL};
  const milliseconds early = std::min<milliseconds>(lifetime / 5, milliseconds(60000));
  return now + lifetime - early;
}

}  // namespace onboard
