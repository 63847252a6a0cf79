#include "engine/live/reader.h"

#include <memory>
#include <unordered_map>

#include <fmt/format.h>

#include "engine/plan/normalize.h"
#include "engine/plan/planner.h"

namespace onboard {
namespace {

// Reads every page of one search: page 1 first (it tells how many pages there are), then all
// the other pages at once. `fetch(page, callback)` issues one page's request; `done` gets the
// results of every page in page order, or the first error.
template <class T>
class AllPages : public std::enable_shared_from_this<AllPages<T>> {
 public:
  using Fetch = std::function<void(int, Callback<Page<T>>)>;
  using Done = std::function<void(Result<std::vector<T>>)>;

  static void Read(Fetch fetch, Done done) {
    auto self = std::shared_ptr<AllPages>(new AllPages(std::move(fetch), std::move(done)));
    self->Start();
  }

 private:
  AllPages(Fetch fetch, Done done) : fetch_(std::move(fetch)), done_(std::move(done)) {}

  void Start() {
    auto self = this->shared_from_this();
    fetch_(1, [self](Result<Page<T>> first) {
      if (!first.ok()) return self->Finish(std::move(first.error));
      int pages = std::max(1, first.value->total_pages);
      self->pages_.resize(pages);
      self->pages_[0] = std::move(first.value->results);
      self->pending_ = pages - 1;
      if (self->pending_ == 0) return self->Finish({});
      for (int p = 2; p <= pages; ++p) {
        self->fetch_(p, [self, p](Result<Page<T>> page) {
          if (!page.ok() && !self->error_) self->error_ = std::move(page.error);
          if (page.ok()) self->pages_[p - 1] = std::move(page.value->results);
          if (--self->pending_ == 0) self->Finish(std::move(self->error_));
        });
      }
    });
  }

  void Finish(std::optional<ApiError> error) {
    Result<std::vector<T>> out;
    if (error) {
      out.error = std::move(error);
    } else {
      out.value.emplace();
      for (auto& page : pages_)
        for (auto& item : page) out.value->push_back(std::move(item));
    }
    done_(std::move(out));
  }

  Fetch fetch_;
  Done done_;
  std::vector<std::vector<T>> pages_;
  int pending_ = 0;
  std::optional<ApiError> error_;
};

// A read every customer needs: without it nothing can be planned.
void ReportError(Diagnostics* diags, const std::string& subject, const ApiError& error) {
  Diagnostic d;
  d.subject = subject;
  d.summary = "reading the " + subject + " failed (every customer needs it, so nothing was planned): " +
              error.ToString();
  if (error.kind == ApiError::Kind::Http && error.http_status == 403)
    d.summary +=
        " (the API client must have Client Role = Reseller: Company -> Company Settings -> REST API in the "
        "Keepnet console)";
  diags->Add(std::move(d));
}

// A read of one company: only the customer matched to it fails; the first failure is kept.
void RecordFailedRead(LiveState* live, const std::string& company_id, const ApiError& error) {
  live->failed_reads.emplace(company_id, error.ToString());
}

// Reads one matched company: details, roles, admins and target users, all at once.
void ReadCompany(KeepnetClient& client, const std::string& customer, const std::string& id, LiveState* live) {
  const std::string origin = fmt::format("customer.{}", customer);
  LiveCompany& slot = live->details[id];
  client.GetCompany(origin, id, [&slot, live, id](Result<CompanyRecord> r) {
    if (!r.ok()) return RecordFailedRead(live, id, *r.error);
    slot.company = std::move(*r.value);
  });
  client.ListRoles(origin, id, [&slot, live, id](Result<std::vector<RoleRecord>> r) {
    if (!r.ok()) return RecordFailedRead(live, id, *r.error);
    slot.roles = std::move(*r.value);
  });
  AllPages<SystemUserRecord>::Read(
      [&client, origin, id](int page, Callback<Page<SystemUserRecord>> cb) {
        client.SearchSystemUsers(origin, id, page, "", std::move(cb));
      },
      [&slot, live, id](Result<std::vector<SystemUserRecord>> r) {
        if (!r.ok()) return RecordFailedRead(live, id, *r.error);
        slot.admins = std::move(*r.value);
      });
  AllPages<TargetUserRecord>::Read(
      [&client, origin, id](int page, Callback<Page<TargetUserRecord>> cb) {
        client.SearchTargetUsers(origin, id, page, "", std::move(cb));
      },
      [&slot, live, id](Result<std::vector<TargetUserRecord>> r) {
        if (!r.ok()) return RecordFailedRead(live, id, *r.error);
        slot.target_users = std::move(*r.value);
      });
}

}  // namespace

void ReadLiveState(KeepnetClient& client, const std::vector<const DesiredCustomer*>& customers,
                   LiveState* live, Diagnostics* diags) {
  client.ReadCatalog("catalog", [live, diags](Result<Catalog> r) {
    if (!r.ok()) return ReportError(diags, "catalog", *r.error);
    live->catalog = std::move(*r.value);
  });
  client.ListGroups("company-groups", [live, diags](Result<std::vector<GroupRecord>> r) {
    if (!r.ok()) return ReportError(diags, "company groups", *r.error);
    live->groups = std::move(*r.value);
  });
  bool companies_ok = false;
  // (customer, company id) for each customer matched to a live company.
  std::vector<std::pair<const DesiredCustomer*, std::string>> matched;
  AllPages<CompanySummary>::Read(
      [&client](int page, Callback<Page<CompanySummary>> cb) {
        client.SearchCompanies("companies", page, "", std::move(cb));
      },
      [&](Result<std::vector<CompanySummary>> r) {
        if (!r.ok()) return ReportError(diags, "companies", *r.error);
        live->companies = std::move(*r.value);
        companies_ok = true;
        // Matched companies are read as soon as the list is complete, while the catalog
        // and the groups may still be on their way.
        CompanyIndex index(live->companies);
        Diagnostics matching;  // the planner reports matching problems; here we only need ids
        for (const DesiredCustomer* c : customers) {
          std::string id;
          if (index.Match(*c, &id, &matching) != CompanyMatch::Found) continue;
          matched.emplace_back(c, id);
          if (!live->details.count(id)) ReadCompany(client, c->key, id, live);
        }
      });
  client.transport().Run();
  if (!companies_ok) return;

  // Target users whose manifest manages their manager need the full record: the search
  // view does not carry the manager fields.
  std::vector<std::pair<std::string, std::string>> detailed;
  for (const auto& [c, id] : matched) {
    auto it = live->details.find(id);
    if (it == live->details.end() || live->failed_reads.count(id)) continue;
    std::unordered_map<std::string, const TargetUserRecord*> by_email;
    for (const TargetUserRecord& u : it->second.target_users) by_email[FoldKey(u.email)] = &u;
    for (const DesiredTargetUser& u : c->target_users) {
      if (!ManagesManager(u)) continue;
      auto found = by_email.find(FoldKey(u.email));
      if (found != by_email.end() && !found->second->detailed) detailed.emplace_back(id, found->second->id);
    }
  }
  ReadTargetUserDetails(client, detailed, live, diags);
}

size_t ReadTargetUserDetails(KeepnetClient& client,
                             const std::vector<std::pair<std::string, std::string>>& user_ids,
                             LiveState* live, Diagnostics* /*diags*/) {
  size_t read = 0;
  for (const auto& [company_id, user_id] : user_ids) {
    client.GetTargetUser("target-user-details", company_id, user_id,
                         [live, &read, company_id = company_id](Result<TargetUserRecord> r) {
                           if (!r.ok()) return RecordFailedRead(live, company_id, *r.error);
                           for (TargetUserRecord& u : live->details[company_id].target_users) {
                             if (u.id == r.value->id) {
                               u = std::move(*r.value);
                               u.detailed = true;
                               ++read;
                               break;
                             }
                           }
                         });
  }
  client.transport().Run();
  return read;
}

}  // namespace onboard
