#pragma once
// The OAuth2 client-credentials request: the form body of `POST /connect/token` and the
// rule for when a token must be renewed. Fetching and sharing the token is the client's.

#include <chrono>
#include <string>
#include <vector>

#include "engine/http/transport.h"

namespace onboard {

/// The fields of grant_type=client_credentials&client_id=..&client_secret=..&scope=api1;
/// the secret stays a Secret (the transport encodes it onto the wire, nothing shows it).
std::vector<UrlFormField> TokenRequestForm(const std::string& client_id, const Secret& client_secret);

/// A bearer token and when to stop using it.
struct AccessToken {
  Secret value;  ///< never printed
  /// When to fetch a new one: shortly before the server's expiry (a fifth of the lifetime
  /// early, at most a minute early), so a call never leaves with a token about to die.
  std::chrono::steady_clock::time_point renew_at{};
  /// Bumped each time a new token is stored: a 401 for an older token needs no new fetch.
  long generation = 0;

  bool usable(std::chrono::steady_clock::time_point now) const { return !value.empty() && now < renew_at; }
};

/// renew_at for a token received at `now` that expires in `expires_in_seconds`.
std::chrono::steady_clock::time_point RenewAt(std::chrono::steady_clock::time_point now, int expires_in_seconds);

}  // namespace onboard
