#include "model.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include <fmt/format.h>

namespace keepnet_sim {

const Lookup* Reference::lookup(int typeId, const std::string& resourceId) const {
  for (const auto& l : lookups)
    if (l.typeId == typeId && l.resourceId == resourceId) return &l;
  return nullptr;
}

const Lookup* Reference::lookupAny(const std::string& resourceId) const {
  for (const auto& l : lookups)
    if (l.resourceId == resourceId) return &l;
  return nullptr;
}

const LicenseType* Reference::licenseType(const std::string& resourceId) const {
  for (const auto& t : licenseTypes)
    if (t.resourceId == resourceId) return &t;
  return nullptr;
}

const LicenseModule* Reference::module(const std::string& resourceId) const {
  for (const auto& m : modules)
    if (m.resourceId == resourceId) return &m;
  return nullptr;
}

const TimeZone* Reference::timeZone(const std::string& id) const {
  for (const auto& t : timeZones)
    if (t.id == id) return &t;
  return nullptr;
}

const CodeType* Reference::codeType(int id) const {
  for (const auto& t : codeTypes)
    if (t.id == id) return &t;
  return nullptr;
}

bool Reference::hasDateFormat(const std::string& f) const {
  return std::find(dateFormats.begin(), dateFormats.end(), f) != dateFormats.end();
}

bool Reference::hasTimeFormat(const std::string& f) const {
  return std::find(timeFormats.begin(), timeFormats.end(), f) != timeFormats.end();
}

Company* State::company(const std::string& id) {
  auto it = companies.find(id);
  return it == companies.end() ? nullptr : &it->second;
}

const Company* State::company(const std::string& id) const {
  auto it = companies.find(id);
  return it == companies.end() ? nullptr : &it->second;
}

CompanyGroup* State::group(const std::string& id) {
  for (auto& g : groups)
    if (g.resourceId == id) return &g;
  return nullptr;
}

std::string State::newId() {
  for (;;) {
    std::string id = randomId(idRng);
    if (!companies.count(id) && !group(id)) return id;
  }
}

Company& State::addCompany(Company c) {
  c.seq = nextSeq++;
  std::string id = c.resourceId;
  companyOrder[c.seq] = id;
  auto [it, inserted] = companies.insert_or_assign(id, std::move(c));
  (void)inserted;
  return it->second;
}

void State::removeCompany(const std::string& id) {
  auto it = companies.find(id);
  if (it == companies.end()) return;
  companyOrder.erase(it->second.seq);
  companies.erase(it);
  for (auto& g : groups) std::erase(g.companyIds, id);
}

std::vector<CustomFieldDef> customFieldDefs(const std::string& companyId) {
  const std::string stem = companyId.substr(0, std::min<size_t>(companyId.size(), 9));
  return {{stem + "cf1", "Employee ID", "Text", 1}, {stem + "cf2", "Cost Center", "Number", 2},
          {stem + "cf3", "Start Date", "Date", 3}};
}

std::string randomId(std::mt19937_64& rng) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string id(12, ' ');
  for (auto& ch : id) ch = kAlphabet[rng() % 62];
  return id;
}

std::string nowIso() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
}

}  // namespace keepnet_sim
