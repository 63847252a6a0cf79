#include "engine/exec/journal.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace onboard {

namespace {

std::string IsoUtc(std::chrono::system_clock::time_point t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  long millis = static_cast<long>(ms % 1000);
  if (millis < 0) {
    millis += 1000;
    --seconds;
  }
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
}

// Fills the entry's outcome, id and error from an answer (envelope rules as in docs/keepnet-api.md).
void ReadAnswer(const HttpResponse& response, JournalEntry* e) {
  e->http_status = response.status;
  if (response.status == 0) {
    e->outcome = response.maybe_delivered ? "unknown" : "not-sent";
    e->error = response.transport_error;
    return;
  }
  bool ok = response.status >= 200 && response.status < 300;
  rapidjson::Document doc;
  if (!doc.Parse(response.body.c_str(), response.body.size()).HasParseError() && doc.IsObject()) {
    auto data = doc.FindMember("data");
    if (data != doc.MemberEnd() && data->value.IsObject()) {
      auto id = data->value.FindMember("resourceId");
      if (id != data->value.MemberEnd() && id->value.IsString()) e->id = id->value.GetString();
    }
    for (const char* key : {"isSuccess", "IsSuccess"}) {
      auto it = doc.FindMember(key);
      if (it != doc.MemberEnd() && it->value.IsBool() && !it->value.GetBool()) ok = false;
    }
    for (const char* key : {"message", "Message"}) {
      auto it = doc.FindMember(key);
      if (it != doc.MemberEnd() && it->value.IsString() && e->error.empty()) e->error = it->value.GetString();
    }
  }
  e->outcome = ok ? "ok" : "failed";
  if (ok) e->error.clear();
  if (!ok && e->error.empty()) e->error = fmt::format("HTTP {}", response.status);
}

}  // namespace

std::string JournalLine(const JournalEntry& e) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  auto str = [&w](const std::string& s) { w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size())); };
  auto opt = [&](const std::string& s) {
    if (s.empty()) w.Null(); else str(s);
  };
  w.StartObject();
  w.Key("time"); str(IsoUtc(e.time));
  w.Key("address"); str(e.address);
  w.Key("method"); str(e.method);
  w.Key("path"); str(e.path);
  w.Key("company_id"); opt(e.company_id);
  w.Key("status"); w.Int(e.http_status);
  w.Key("id"); opt(e.id);
  w.Key("duration_ms"); w.Int64(e.duration_ms);
  w.Key("outcome"); str(e.outcome);
  w.Key("error"); opt(e.error);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

namespace {

// Appends to `path`, owner-only (0600): a journal holds personal data, so a file of that name
// that is readable by others is narrowed too.
std::FILE* OpenPrivateForAppend(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return nullptr;
  std::FILE* file = ::fchmod(fd, 0600) == 0 ? ::fdopen(fd, "a") : nullptr;
  if (!file) {
    int saved = errno;
    ::close(fd);
    errno = saved;
  }
  return file;
}

}  // namespace

Journal::Journal(const std::string& path) : file_(OpenPrivateForAppend(path)) {
  if (!file_) error_ = fmt::format("cannot open journal {}: {}", path, std::strerror(errno));
}

Journal::Journal(std::ostream& out) : out_(&out) {}

Journal::~Journal() {
  if (file_) std::fclose(file_);
}

void Journal::Append(const JournalEntry& entry) {
  const std::string line = JournalLine(entry) + "\n";
  if (!ok()) return;
  if (out_) {
    *out_ << line << std::flush;
    return;
  }
  // Each line reaches the disk before the next request's answer is handled, so the journal
  // is complete up to the moment of a crash.
  std::fwrite(line.data(), 1, line.size(), file_);
  std::fflush(file_);
  ::fsync(fileno(file_));
}

JournalTransport::JournalTransport(Transport& inner, Journal& journal, SteadyNow now,
                                   std::function<std::chrono::system_clock::time_point()> wall)
    : inner_(inner), journal_(journal), now_(std::move(now)), wall_(std::move(wall)) {}

void JournalTransport::Send(HttpRequest request, Callback done) {
  if (!request.write) {
    inner_.Send(std::move(request), std::move(done));
    return;
  }
  JournalEntry entry;
  entry.address = request.origin;
  entry.method = request.method;
  entry.path = request.path;
  entry.company_id = request.company_id;
  const auto sent = now_();
  inner_.Send(std::move(request), [this, entry = std::move(entry), sent, done = std::move(done)](HttpResponse response) mutable {
    entry.time = wall_();
    entry.duration_ms = static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(now_() - sent).count());
    ReadAnswer(response, &entry);
    journal_.Append(entry);
    done(std::move(response));
  });
}

}  // namespace onboard
