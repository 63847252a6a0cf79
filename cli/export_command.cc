// `onboard export`: list every company, read the selected ones in full with the live-state
// reader (each pinned by its id, so duplicate names are no obstacle), turn the live state
// into files with the pure exporter, and write them: all of them or, when one exists and
// --force is not given, none.

#include "cli/export_command.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include <fmt/format.h>

#include "cli/session.h"
#include "engine/export/exporter.h"
#include "engine/live/reader.h"
#include "engine/text/strings.h"
#include "engine/text/suggest.h"

namespace onboard::cli {
namespace {

namespace fs = std::filesystem;

// Every company the reseller manages: page 1 says how many pages there are, then the others
// are read at once.
bool ListCompanies(KeepnetClient& client, std::vector<CompanySummary>* out, Diagnostics* diags) {
  Result<Page<CompanySummary>> first = Await<Page<CompanySummary>>(
      client.transport(), [&](Callback<Page<CompanySummary>> cb) { client.SearchCompanies("export", 1, "", cb); });
  if (!first.ok()) {
    diags->Error({}, "", "listing the companies failed: " + first.error->ToString());
    return false;
  }
  int pages = std::max(1, first.value->total_pages);
  std::vector<std::vector<CompanySummary>> results(pages);
  results[0] = std::move(first.value->results);
  bool ok = true;
  for (int p = 2; p <= pages; ++p) {
    client.SearchCompanies("export", p, "", [&, p](Result<Page<CompanySummary>> r) {
      if (!r.ok()) {
        if (ok) diags->Error({}, "", "listing the companies failed: " + r.error->ToString());
        ok = false;
        return;
      }
      results[p - 1] = std::move(r.value->results);
    });
  }
  client.transport().Run();
  // A company that moved between pages while they were read would appear twice.
  std::set<std::string> seen;
  for (auto& page : results)
    for (CompanySummary& c : page)
      if (seen.insert(c.id).second) out->push_back(std::move(c));
  return ok;
}

bool WriteFile(const fs::path& path, const std::string& content, std::string* error) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) {
    *error = fmt::format("cannot create {}: {}", path.parent_path().string(), ec.message());
    return false;
  }
  fs::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out) {
      *error = fmt::format("cannot write {}", tmp.string());
      return false;
    }
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    *error = fmt::format("cannot write {}: {}", path.string(), ec.message());
    return false;
  }
  return true;
}

}  // namespace

std::vector<std::string> SelectCompanies(const std::vector<CompanySummary>& companies,
                                         const std::vector<std::string>& names, Diagnostics* diags) {
  std::vector<std::string> ids;
  if (names.empty()) {
    for (const CompanySummary& c : companies) ids.push_back(c.id);
    return ids;
  }
  std::map<std::string, std::string> keys = AssignKeys(companies);
  std::set<std::string> selected;
  for (const std::string& name : names) {
    bool found = false;
    for (const CompanySummary& c : companies) {
      if (FoldKey(c.name) == FoldKey(name) || keys[c.id] == Trim(name)) {
        selected.insert(c.id);
        found = true;
      }
    }
    if (found) continue;
    std::vector<std::string> all;
    for (const auto& [id, key] : keys) all.push_back(key);
    std::vector<std::string> closest = ClosestNames(all, name, 3);
    diags->Error({}, "--customer", fmt::format("\"{}\" names no company", Trim(name)),
                 closest.empty() ? "" : fmt::format("did you mean {}?", fmt::join(closest, ", ")));
  }
  for (const CompanySummary& c : companies)
    if (selected.count(c.id)) ids.push_back(c.id);
  return ids;
}

int RunExport(const ExportOptionsCli& options) {
  bool color = isatty(STDERR_FILENO);
  Connection connection;
  if (!Connect(options.connection, {}, &connection)) return 1;
  KeepnetClient& client = *connection.client;

  Diagnostics diags;
  std::vector<CompanySummary> companies;
  if (!ListCompanies(client, &companies, &diags)) {
    PrintDiagnostics(diags, color);
    return 1;
  }
  std::vector<std::string> ids = SelectCompanies(companies, options.customers, &diags);
  if (diags.has_errors()) {
    PrintDiagnostics(diags, color);
    return 1;
  }

  // The reader reads what customers need; a customer pinned to each selected id needs
  // exactly that company.
  std::map<std::string, std::string> keys = AssignKeys(companies);
  std::map<std::string, std::string> names;
  for (const CompanySummary& c : companies) names.emplace(c.id, c.name);
  std::vector<DesiredCustomer> stubs(ids.size());
  std::vector<const DesiredCustomer*> selected;
  for (size_t i = 0; i < ids.size(); ++i) {
    stubs[i].key = keys[ids[i]];
    stubs[i].company.name = names[ids[i]];
    stubs[i].company.resource_id = ids[i];
    selected.push_back(&stubs[i]);
  }
  LiveState live;
  ReadOptions read;
  read.target_groups = [](const DesiredCustomer&) { return true; };  // exported with their memberships
  ReadLiveState(client, selected, &live, &diags, read);
  if (diags.has_errors()) {
    PrintDiagnostics(diags, color);
    return 1;
  }

  ExportOptions export_options;
  if (options.with_users) export_options.users = UsersMode::Inline;
  if (options.users_csv) export_options.users = UsersMode::Csv;
  export_options.defaults = !options.no_defaults;
  export_options.pin_ids = options.pin_ids;
  ExportResult result = ExportManifests(live, export_options);
  diags.Append(result.diagnostics);
  PrintDiagnostics(diags, color);

  // Check every file before writing any: a half-written export is worse than none.
  const fs::path root(options.out);
  if (!options.force) {
    std::vector<std::string> existing;
    for (const ExportedFile& f : result.files)
      if (fs::exists(root / f.path)) existing.push_back((root / f.path).string());
    if (!existing.empty()) {
      for (const std::string& path : existing) std::fprintf(stderr, "error: %s exists\n", path.c_str());
      std::fprintf(stderr, "error: %zu file(s) exist; nothing was written (use --force to overwrite them)\n",
                   existing.size());
      return 1;
    }
  }
  for (const ExportedFile& f : result.files) {
    std::string error;
    if (!WriteFile(root / f.path, f.content, &error)) {
      std::fprintf(stderr, "error: %s\n", error.c_str());
      return 1;
    }
    std::printf("wrote %s\n", (root / f.path).string().c_str());
  }
  std::printf("Exported %zu customer(s) (%zu admin(s), %zu target user(s)) and %zu group(s) to %s.\n",
              result.customers, result.admins, result.target_users, result.groups, options.out.c_str());
  std::printf("Check: onboard validate %s && onboard plan %s --detailed-exitcode\n", options.out.c_str(),
              options.out.c_str());
  return 0;
}

}  // namespace onboard::cli
