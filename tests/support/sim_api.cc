#include "tests/support/sim_api.h"

#include <doctest/doctest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace onboard::test {

namespace {

SimAnswer Answer(const httplib::Result& r) {
  REQUIRE_MESSAGE(r, "no HTTP response: " << httplib::to_string(r.error()));
  SimAnswer out;
  out.status = r->status;
  out.body = r->body;
  out.json.Parse(out.body.c_str(), out.body.size());
  return out;
}

}  // namespace

const rapidjson::Value& SimAnswer::data() const {
  REQUIRE_MESSAGE((json.IsObject() && json.HasMember("data")), "not an envelope: " << body);
  return json["data"];
}

SimApi::SimApi(const SimProcess& sim, const std::string& client_id, const std::string& secret)
    : cli_(sim.host(), sim.port()) {
  auto r = cli_.Post("/connect/token",
                     "grant_type=client_credentials&client_id=" + client_id + "&client_secret=" + secret + "&scope=api1",
                     "application/x-www-form-urlencoded");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  rapidjson::Document d;
  d.Parse(r->body.c_str());
  token_ = d["access_token"].GetString();
}

httplib::Headers SimApi::headers() const {
  httplib::Headers h{{"Authorization", "Bearer " + token_}};
  if (!company_.empty()) h.emplace("X-KEEPNET-Company-Id", company_);
  return h;
}

SimAnswer SimApi::get(const std::string& path) { return Answer(cli_.Get(path, headers())); }
SimAnswer SimApi::post(const std::string& path, const std::string& json) {
  return Answer(cli_.Post(path, headers(), json, "application/json"));
}
SimAnswer SimApi::put(const std::string& path, const std::string& json) {
  return Answer(cli_.Put(path, headers(), json, "application/json"));
}
SimAnswer SimApi::del(const std::string& path, const std::string& json) {
  return json.empty() ? Answer(cli_.Delete(path, headers())) : Answer(cli_.Delete(path, headers(), json, "application/json"));
}

SimAnswer SimApi::form(const std::string& method, const std::string& path, const FormFields& fields) {
  const std::string boundary = "----onboardtestboundary5c1e";
  std::string body;
  for (const auto& [name, value] : fields)
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
  body += "--" + boundary + "--\r\n";
  const std::string type = "multipart/form-data; boundary=" + boundary;
  return Answer(method == "PUT" ? cli_.Put(path, headers(), body, type.c_str())
                                : cli_.Post(path, headers(), body, type.c_str()));
}

std::vector<std::string> SimApi::searchAll(const std::string& path, const std::string& extra_members) {
  std::vector<std::string> out;
  for (int page = 1;; ++page) {
    SimAnswer a = post(path, R"({"pageNumber":)" + std::to_string(page) +
                                 R"(,"pageSize":100,"orderBy":"CreateTime","ascending":true,"filter":{"condition":"AND","searchInputTextValue":""})" +
                                 extra_members + "}");
    REQUIRE_MESSAGE(a.status == 200, path << ": " << a.body);
    for (const auto& r : a.data()["results"].GetArray()) {
      rapidjson::StringBuffer sb;
      rapidjson::Writer<rapidjson::StringBuffer> w(sb);
      r.Accept(w);
      out.emplace_back(sb.GetString(), sb.GetSize());
    }
    if (page >= a.data()["totalNumberOfPages"].GetInt()) break;
  }
  return out;
}

}  // namespace onboard::test
