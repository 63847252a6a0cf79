// POST /connect/token: the OAuth 2.0 client-credentials flow, form-urlencoded only.

#include <map>

#include "reply.h"
#include "server.h"

namespace keepnet_sim {

namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string urlDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hexValue(s[i + 1]) >= 0 &&
               hexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(hexValue(s[i + 1]) * 16 + hexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::map<std::string, std::string> parseForm(std::string_view body) {
  std::map<std::string, std::string> out;
  size_t i = 0;
  while (i <= body.size()) {
    size_t amp = body.find('&', i);
    if (amp == std::string_view::npos) amp = body.size();
    auto pair = body.substr(i, amp - i);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      out[urlDecode(pair.substr(0, eq))] = eq == std::string_view::npos ? "" : urlDecode(pair.substr(eq + 1));
    }
    i = amp + 1;
  }
  return out;
}

void oauthError(httplib::Response& res, int status, std::string_view error, std::string_view description) {
  rapidjson::StringBuffer sb;
  Writer w(sb);
  w.StartObject();
  jkv(w, "error", error);
  jkv(w, "error_description", description);
  w.EndObject();
  res.status = status;
  res.set_content(std::string(sb.GetString(), sb.GetSize()), "application/json");
}

}  // namespace

void Sim::token(Call& call) {
  const std::string type = lower(call.req.get_header_value("Content-Type"));
  // The real identity server fails hard on anything but a form (a JSON body gets a 500).
  if (type.rfind("application/x-www-form-urlencoded", 0) != 0) {
    reply(call.res, 500, "INTERNAL_SERVER_ERROR", "The token endpoint only accepts application/x-www-form-urlencoded.");
    return;
  }
  auto form = parseForm(call.req.body);
  if (form["grant_type"] != "client_credentials")
    return oauthError(call.res, 400, "unsupported_grant_type", "grant_type must be client_credentials");
  if (form["scope"] != "api1") return oauthError(call.res, 400, "invalid_scope", "scope must be api1");
  const Client* client = nullptr;
  for (const auto& c : opts_.clients)
    if (c.id == form["client_id"] && c.secret == form["client_secret"]) client = &c;
  if (!client)
    return oauthError(call.res, 401, "invalid_client",
                      opts_.tokenEcho ? "unknown client or wrong secret in request: " + call.req.body
                                      : std::string("unknown client or wrong secret"));

  Principal who{client->id, client->role, {}};
  {
    std::shared_lock lock(store_.mutex());
    auto it = store_.state().clientCompany.find(client->id);
    if (it != store_.state().clientCompany.end()) who.companyId = it->second;
  }
  const std::string token = tokens_.issue(who, opts_.tokenTtl);
  rapidjson::StringBuffer sb;
  Writer w(sb);
  w.StartObject();
  jkv(w, "access_token", token);
  jkv(w, "expires_in", opts_.tokenTtl);
  jkv(w, "token_type", "Bearer");
  jkv(w, "scope", "api1");
  w.EndObject();
  call.res.set_content(std::string(sb.GetString(), sb.GetSize()), "application/json");
}

}  // namespace keepnet_sim
