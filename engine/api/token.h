#pragma once
// The OAuth2 client-credentials request: the form body of `POST /connect/token` and the
// rule for when a token must be renewed. Fetching and sharing the token is the client's.

#include <chrono>
#include <string>

namespace onboard {

/// application/x-www-form-urlencoded encoding of one value: RFC 3986 unreserved
/// characters are kept, everything else is %XX (so '+', '&', '=' in a secret survive).
std::string FormUrlEncode(const std::string& value);

/// grant_type=client_credentials&client_id=..&client_secret=..&scope=api1, values encoded.
std::string TokenRequestBody(const std::string& client_id, const std::string& client_secret);

/// A bearer token and when to stop using it.
struct AccessToken {
  std::string value;  ///< never printed
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
