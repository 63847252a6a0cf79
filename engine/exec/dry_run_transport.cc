#include "engine/exec/dry_run_transport.h"

#include <algorithm>
#include <cctype>

#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "engine/render/mask.h"

namespace onboard {

namespace {

constexpr char kPlaceholderPrefix[] = "<id of ";

std::string ReadableBody(const HttpRequest& request) {
  if (!request.form.empty()) {
    std::string out;
    for (const MultipartField& f : request.form) out += f.name + ": " + f.value + "\n";
    return out;
  }
  if (!request.url_form.empty()) return ShownBody(request);  // secret fields "[redacted]"
  if (request.body.empty()) return "";
  rapidjson::Document doc;
  if (doc.Parse(request.body.c_str(), request.body.size()).HasParseError()) return request.body + "\n";
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
  w.SetIndent(' ', 2);
  doc.Accept(w);
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

// For people: the client percent-encodes path segments, which would turn a placeholder id
// into "%3Cid%20of%20group.emea%3E".
std::string PercentDecoded(const std::string& path) {
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '%' && i + 2 < path.size() && std::isxdigit(static_cast<unsigned char>(path[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(path[i + 2]))) {
      out += static_cast<char>(std::stoi(path.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += path[i];
    }
  }
  return out;
}

std::string SyntheticSuccess(const std::string& id) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("data");
  w.StartObject();
  w.Key("resourceId");
  w.String(id.c_str(), static_cast<rapidjson::SizeType>(id.size()));
  w.EndObject();
  w.Key("status");
  w.String("SUCCESS");
  w.Key("message");
  w.String("");
  w.Key("validationMessages");
  w.StartArray();
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

bool NamedLikePhone(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  return name.find("phone") != std::string::npos;
}

std::string MaskedValue(const std::string& name, const std::string& value) {
  return NamedLikePhone(name) ? MaskPhone(value) : MaskPhonesInText(value);
}

void MaskJson(rapidjson::Value& v, const std::string& name, rapidjson::Document::AllocatorType& alloc) {
  if (v.IsString()) {
    std::string masked = MaskedValue(name, std::string(v.GetString(), v.GetStringLength()));
    v.SetString(masked.c_str(), static_cast<rapidjson::SizeType>(masked.size()), alloc);
  } else if (v.IsObject()) {
    for (auto& m : v.GetObject()) MaskJson(m.value, std::string(m.name.GetString(), m.name.GetStringLength()), alloc);
  } else if (v.IsArray()) {
    for (auto& e : v.GetArray()) MaskJson(e, name, alloc);  // an array's elements carry its name
  }
}

}  // namespace

RecordedRequest MaskedRequest(RecordedRequest r) {
  if (r.body.empty()) return r;
  rapidjson::Document doc;
  if (!doc.Parse(r.body.c_str(), r.body.size()).HasParseError()) {
    MaskJson(doc, "", doc.GetAllocator());
    rapidjson::StringBuffer buffer;
    rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
    w.SetIndent(' ', 2);
    doc.Accept(w);
    r.body = std::string(buffer.GetString(), buffer.GetSize()) + "\n";
    return r;
  }
  // Form fields, one "name: value" a line.
  std::string out;
  size_t start = 0;
  while (start < r.body.size()) {
    size_t end = r.body.find('\n', start);
    if (end == std::string::npos) end = r.body.size();
    std::string line = r.body.substr(start, end - start);
    size_t colon = line.find(": ");
    if (colon == std::string::npos) out += MaskPhonesInText(line);
    else out += line.substr(0, colon + 2) + MaskedValue(line.substr(0, colon), line.substr(colon + 2));
    if (end < r.body.size()) out += "\n";
    start = end + 1;
  }
  r.body = std::move(out);
  return r;
}

std::string DryRunPlaceholder(const std::string& address) { return kPlaceholderPrefix + address + ">"; }

std::string FormatRecordedRequest(const RecordedRequest& r) {
  std::string out = r.method + " " + r.path;
  if (!r.origin.empty()) out += "  (" + r.origin + ")";
  out += "\n";
  if (r.authorized) out += "    Authorization: Bearer [redacted]\n";
  if (!r.company_id.empty()) out += "    X-KEEPNET-Company-Id: " + r.company_id + "\n";
  size_t start = 0;
  while (start < r.body.size()) {
    size_t end = r.body.find('\n', start);
    if (end == std::string::npos) end = r.body.size();
    out += "    " + r.body.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

DryRunTransport::DryRunTransport(Transport& inner, std::function<void(const RecordedRequest&)> on_write)
    : inner_(inner), on_write_(std::move(on_write)) {}

void DryRunTransport::Send(HttpRequest request, Callback done) {
  if (!request.write) {
    if (request.company_id.rfind(kPlaceholderPrefix, 0) == 0) request.company_id.clear();
    inner_.Send(std::move(request), std::move(done));
    return;
  }
  // Only what a reader needs is kept: whether a token would go, never the token.
  RecordedRequest r{request.method, PercentDecoded(request.path), request.company_id, request.origin,
                    ReadableBody(request), !request.bearer_token.empty()};
  recorded_.push_back(std::move(r));
  if (on_write_) on_write_(recorded_.back());
  HttpResponse response;
  response.status = 200;
  response.headers["content-type"] = "application/json";
  response.body = SyntheticSuccess(DryRunPlaceholder(request.origin));
  // Answered from the loop, never inside Send, as a real transport would.
  answers_.emplace_back(std::move(done), std::move(response));
}

void DryRunTransport::After(std::chrono::milliseconds delay, std::function<void()> fn) {
  inner_.After(delay, std::move(fn));
}

bool DryRunTransport::RunOnce() {
  if (answers_.empty()) return inner_.RunOnce();
  std::deque<std::pair<Callback, HttpResponse>> batch;
  batch.swap(answers_);
  for (auto& [done, response] : batch) done(std::move(response));
  return true;
}

void DryRunTransport::Run() {
  while (RunOnce()) {
  }
}

size_t DryRunTransport::in_flight() const { return inner_.in_flight() + answers_.size(); }

std::string DryRunTransport::FormatRecordedRequests() const {
  std::string out;
  for (size_t i = 0; i < recorded_.size(); ++i) {
    if (i) out += "\n";
    out += FormatRecordedRequest(recorded_[i]);
  }
  return out;
}

}  // namespace onboard
