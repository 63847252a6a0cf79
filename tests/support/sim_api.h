#pragma once
// A plain HTTP client of keepnet-sim's API for end-to-end tests that set up or inspect
// objects the way a console user or another tool would: it holds a bearer token, scopes calls
// with X-KEEPNET-Company-Id, and parses every answer as JSON.

#include <httplib.h>
#include <rapidjson/document.h>

#include <string>
#include <utility>
#include <vector>

#include "tests/support/sim_process.h"

namespace onboard::test {

/// One HTTP answer, its body parsed as JSON when it is JSON.
struct SimAnswer {
  int status = 0;
  std::string body;
  rapidjson::Document json;
  /// The envelope's data (REQUIREs an object answer with data).
  const rapidjson::Value& data() const;
};

/// Multipart form fields, in order; a repeated name is an array.
using FormFields = std::vector<std::pair<std::string, std::string>>;

class SimApi {
 public:
  /// Fetches a token for the client (REQUIREs success).
  explicit SimApi(const SimProcess& sim, const std::string& client_id = "demo-client",
                  const std::string& secret = "demo-secret");
  /// Scopes the following calls to a company; "" for none.
  void scope(std::string company_id) { company_ = std::move(company_id); }

  SimAnswer get(const std::string& path);
  SimAnswer post(const std::string& path, const std::string& json);
  SimAnswer put(const std::string& path, const std::string& json);
  SimAnswer del(const std::string& path, const std::string& json = "");
  /// A multipart/form-data request (method "POST" or "PUT").
  SimAnswer form(const std::string& method, const std::string& path, const FormFields& fields);

  /// Every result of a search (all pages), as JSON texts of the result objects.
  std::vector<std::string> searchAll(const std::string& path, const std::string& extra_members = "");

 private:
  httplib::Headers headers() const;
  httplib::Client cli_;
  std::string token_;
  std::string company_;
};

}  // namespace onboard::test
