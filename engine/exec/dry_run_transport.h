#pragma once
// The dry run (ninja's -n): a Transport decorator that lets reads through and records writes
// instead of sending them. Each write is answered with a synthetic success whose
// `data.resourceId` is the placeholder "<id of ADDRESS>" (ADDRESS = the request's origin), so
// ids flow through the executor as placeholders and later requests show, e.g.,
// "X-KEEPNET-Company-Id: <id of customer.acme.company>". The executor does not know it is
// dry: this transport is the whole difference.

#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "engine/http/transport.h"

namespace onboard {

/// A write the dry run did not send. Never holds the bearer token.
struct RecordedRequest {
  std::string method;
  std::string path;        ///< percent-decoded, so placeholders read as written
  std::string company_id;  ///< the X-KEEPNET-Company-Id it would carry ("" = none)
  std::string origin;      ///< the plan address that asked
  /// The body for people: JSON pretty-printed, or multipart fields one "name: value" a line.
  std::string body;
  /// It would carry a bearer token: shown as "Authorization: Bearer [redacted]", as a field.
  bool authorized = false;
};

/// "POST /api/system-users  (customer.acme.admin.ada@acme.example)\n
///    X-KEEPNET-Company-Id: <id of customer.acme.company>\n    {...}\n" (body lines indented).
std::string FormatRecordedRequest(const RecordedRequest& request);

/// The request with the personal data of its body masked (engine/render/mask.h): a JSON
/// string or form field named like a phone field ("phone", "phoneNumber", ...) by MaskPhone,
/// phone-like runs in every other value by MaskPhonesInText. Method, path and scope as they are.
RecordedRequest MaskedRequest(RecordedRequest request);

/// "<id of ADDRESS>".
std::string DryRunPlaceholder(const std::string& address);

class DryRunTransport : public Transport {
 public:
  /// `inner` (which sends the reads) must outlive this. `on_write`, when set, runs for each
  /// write as it is "sent", in order (to print requests as they happen).
  explicit DryRunTransport(Transport& inner, std::function<void(const RecordedRequest&)> on_write = {});

  /// Reads (request.write == false) go to the inner transport. A read scoped to a company
  /// that exists only as a placeholder is sent without the scope (the platform answers
  /// with the reseller's defaults, e.g. its role names, which a new company starts with).
  /// Writes are recorded and answered, on the next RunOnce, with a synthetic 200.
  void Send(HttpRequest request, Callback done) override;
  void After(std::chrono::milliseconds delay, std::function<void()> fn) override;
  void Run() override;
  bool RunOnce() override;
  size_t in_flight() const override;

  /// Every write so far, in the order sent.
  const std::vector<RecordedRequest>& recorded() const { return recorded_; }
  /// FormatRecordedRequest of each, separated by blank lines.
  std::string FormatRecordedRequests() const;

 private:
  Transport& inner_;
  std::function<void(const RecordedRequest&)> on_write_;
  std::vector<RecordedRequest> recorded_;
  std::deque<std::pair<Callback, HttpResponse>> answers_;  // synthetic answers not yet delivered
};

}  // namespace onboard
