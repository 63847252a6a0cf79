#include "store.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fcntl.h>
#include <unistd.h>

#include "seed.h"
#include "state_json.h"

namespace keepnet_sim {

Store::Store(const Options& opts)
    : opts_(opts), ref_(buildReference(opts.seed)), state_(initialState(opts.seed, ref_, opts.clients)) {}

void Store::load() {
  if (opts_.stateFile.empty()) return;
  std::ifstream in(opts_.stateFile, std::ios::binary);
  if (!in) return;
  std::stringstream ss;
  ss << in.rdbuf();
  rapidjson::Document doc;
  doc.Parse(ss.str().c_str());
  if (doc.HasParseError()) throw std::runtime_error("cannot parse state file " + opts_.stateFile);
  State loaded = readState(doc);
  // Clients given now but unknown to the file (a new --client) get their seeded company.
  State fresh = initialState(opts_.seed, ref_, opts_.clients);
  for (const auto& [client, companyId] : fresh.clientCompany) {
    if (loaded.clientCompany.count(client) && loaded.company(loaded.clientCompany[client])) continue;
    if (const Company* c = fresh.company(companyId)) {
      if (!loaded.company(companyId)) {
        Company copy = *c;
        if (!copy.resellerId.empty() && !loaded.company(copy.resellerId)) copy.resellerId.clear();
        loaded.addCompany(std::move(copy));
      }
      loaded.clientCompany[client] = companyId;
    }
  }
  state_ = std::move(loaded);
}

void Store::persist() {
  if (opts_.stateFile.empty()) return;
  rapidjson::StringBuffer sb;
  Writer w(sb);
  writeState(w, state_);
  const std::string tmp = opts_.stateFile + ".tmp";
  // A kill -9 after rename() keeps the data (it is in the page cache); no fsync: a machine
  // crash is not what the tests simulate, and fsync per write would dominate the latency.
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot write " + tmp);
  const char* p = sb.GetString();
  size_t left = sb.GetSize();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n <= 0) {
      ::close(fd);
      throw std::runtime_error("cannot write " + tmp);
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  ::close(fd);
  if (std::rename(tmp.c_str(), opts_.stateFile.c_str()) != 0)
    throw std::runtime_error("cannot rename " + tmp + " to " + opts_.stateFile);
}

void Store::reset() {
  state_ = initialState(opts_.seed, ref_, opts_.clients);
  persist();
}

}  // namespace keepnet_sim
