#pragma once
// A credential (the client secret, a bearer token) as a value that cannot reach output: it
// has no conversion to text, no operator<<, no fmt formatter, and nothing that prints a
// request can see it. Only the transport that puts a request on the wire reads it, through
// WireBody and WireAuthorization (transport.h). Redaction is by type, not by searching text,
// so an ordinary word as a secret garbles nothing, and no encoding of it can slip through.

#include <string>
#include <utility>

namespace onboard {

struct HttpRequest;

class Secret {
 public:
  Secret() = default;
  // Implicit from text on purpose: making a Secret is harmless, reading one is not.
  Secret(std::string value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Secret(const char* value) : value_(value) {}             // NOLINT(google-explicit-constructor)

  bool empty() const { return value_.empty(); }
  /// Compares without revealing (tests: "was the renewed token sent?").
  bool operator==(const Secret& other) const = default;
  /// Replaces every copy of the value in `text` (raw, URL-encoded, JSON-escaped) with
  /// "[redacted]": for text from elsewhere that may echo it (a server quoting a bearer token
  /// it was sent). Not for text onboard makes, which never holds a secret.
  void CutFrom(std::string* text) const;

 private:
  friend std::string WireBody(const HttpRequest& request);
  friend std::string WireAuthorization(const HttpRequest& request);
  std::string value_;
};

}  // namespace onboard
