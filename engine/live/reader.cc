#include "engine/live/reader.h"

#include <algorithm>
#include <map>
#include <memory>
#include <unordered_map>

#include <fmt/format.h>

#include "engine/desired/queries.h"
#include "engine/match/company_match.h"
#include "engine/text/strings.h"

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
      // Sized exactly: grown by doubling, a company's hundred users would hold room for 128.
      size_t total = 0;
      for (const auto& page : pages_) total += page.size();
      out.value.emplace().reserve(total);
      for (auto& page : pages_)
        for (auto& item : page) out.value->push_back(std::move(item));
      pages_.clear();
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

void ReadRolesOf(KeepnetClient& client, const std::string& origin, const std::string& id, LiveCompany& slot,
                 LiveState* live) {
  slot.roles_read = true;
  client.ListRoles(origin, id, [&slot, live, id](Result<std::vector<RoleRecord>> r) {
    if (!r.ok()) return RecordFailedRead(live, id, *r.error);
    slot.roles = std::move(*r.value);
  });
}

// Which reads of a company to send beyond its details and admins.
struct CompanyReads {
  bool roles = true;
  bool target_users = true;
};

// Reads one matched company: details, roles, admins and target users, all at once (those
// `reads` asks for).
void ReadCompany(KeepnetClient& client, const std::string& customer, const std::string& id, CompanyReads reads,
                 LiveState* live) {
  const std::string origin = fmt::format("customer.{}", customer);
  LiveCompany& slot = live->details[id];
  client.GetCompany(origin, id, [&slot, live, id](Result<CompanyRecord> r) {
    if (!r.ok()) return RecordFailedRead(live, id, *r.error);
    slot.company = std::move(*r.value);
  });
  if (reads.roles) ReadRolesOf(client, origin, id, slot, live);
  AllPages<SystemUserRecord>::Read(
      [&client, origin, id](int page, Callback<Page<SystemUserRecord>> cb) {
        client.SearchSystemUsers(origin, id, page, "", std::move(cb));
      },
      [&slot, live, id](Result<std::vector<SystemUserRecord>> r) {
        if (!r.ok()) return RecordFailedRead(live, id, *r.error);
        slot.admins = std::move(*r.value);
      });
  if (!reads.target_users) return;
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

// What the reads fill, shared with their callbacks: a reader dropped with reads in flight
// (the manifests were invalid) leaves the callbacks nothing dangling to write to.
struct LiveReader::State {
  State(KeepnetClient& c, CompanyReadScope s) : client(c), scope(s) {}

  // What to read of company `id` for `customer`.
  CompanyReads ReadsFor(const CustomerReadKeys& customer, const std::string& id) {
    if (scope == CompanyReadScope::Everything) return {};
    if (user_counts.empty())
      for (const CompanySummary& s : live.companies) user_counts.emplace(s.id, s.target_user_count);
    auto count = user_counts.find(id);
    // The count alone is not trusted: only a customer that lists no user skips the read.
    const bool live_users = count == user_counts.end() || count->second != 0;
    return {customer.names_roles, customer.lists_target_users || live_users};
  }

  // The live company `customer` matches, or "" (once the companies list is complete).
  std::string MatchedId(const DesiredCustomer& customer) {
    if (!index) index = std::make_unique<CompanyIndex>(live.companies);
    Diagnostics matching;  // the planner reports matching problems; here we only need ids
    std::string id;
    return index->Match(customer, &id, &matching) == CompanyMatch::Found ? id : "";
  }

  // Reads the matched companies of `customers` (once the companies list is complete), those
  // read early aside.
  void ReadMatched() {
    for (const DesiredCustomer* c : *customers) {
      std::string id = MatchedId(*c);
      if (id.empty()) continue;
      matched.emplace_back(c, id);
      if (!live.details.count(id)) ReadCompany(client, c->key, id, ReadsFor(CustomerReadKeys::Of(*c), id), &live);
    }
  }

  // Reads the companies of the customers seen early (once the companies list is complete).
  void ReadEarly() {
    for (const CustomerReadKeys& c : early) {
      std::string id = MatchedId(c.matching);
      if (!id.empty() && !live.details.count(id)) ReadCompany(client, c.matching.key, id, ReadsFor(c, id), &live);
    }
    early.clear();
  }

  KeepnetClient& client;
  const CompanyReadScope scope;
  std::unordered_map<std::string, int> user_counts;  // company id -> targetUserCount of the search
  LiveState live;
  Diagnostics diags;
  int shared_pending = 3;  // catalog, groups, companies
  bool companies_ok = false;
  std::optional<std::vector<const DesiredCustomer*>> customers;
  std::vector<CustomerReadKeys> early;  // seen before the companies list was complete
  std::unique_ptr<CompanyIndex> index;
  // (customer, company id) for each customer matched to a live company.
  std::vector<std::pair<const DesiredCustomer*, std::string>> matched;
};

CustomerReadKeys CustomerReadKeys::Of(const DesiredCustomer& customer) {
  CustomerReadKeys keys;
  keys.matching.key = customer.key;
  keys.matching.company = customer.company;
  keys.names_roles = std::any_of(customer.admins.begin(), customer.admins.end(),
                                 [](const DesiredAdmin& a) { return a.roles.has_value(); });
  keys.lists_target_users = !customer.target_users.empty();
  return keys;
}

LiveReader::LiveReader(KeepnetClient& client, CompanyReadScope scope)
    : state_(std::make_shared<State>(client, scope)) {
  std::shared_ptr<State> s = state_;
  client.ReadCatalog("catalog", [s](Result<Catalog> r) {
    --s->shared_pending;
    if (!r.ok()) return ReportError(&s->diags, "catalog", *r.error);
    s->live.catalog = std::move(*r.value);
  });
  client.ListGroups("company-groups", [s](Result<std::vector<GroupRecord>> r) {
    --s->shared_pending;
    if (!r.ok()) return ReportError(&s->diags, "company groups", *r.error);
    s->live.groups = std::move(*r.value);
  });
  KeepnetClient* c = &client;
  AllPages<CompanySummary>::Read(
      [c](int page, Callback<Page<CompanySummary>> cb) { c->SearchCompanies("companies", page, "", std::move(cb)); },
      [s](Result<std::vector<CompanySummary>> r) {
        --s->shared_pending;
        if (!r.ok()) return ReportError(&s->diags, "companies", *r.error);
        s->live.companies = std::move(*r.value);
        s->companies_ok = true;
        // Matched companies are read as soon as the list is complete, while the catalog
        // and the groups may still be on their way.
        s->ReadEarly();
        if (s->customers) s->ReadMatched();
      });
}

LiveReader::~LiveReader() = default;

bool LiveReader::shared_done() const { return state_->shared_pending == 0; }

void LiveReader::ReadEarly(const DesiredCustomer& customer) { ReadEarly(CustomerReadKeys::Of(customer)); }

void LiveReader::ReadEarly(CustomerReadKeys customer) {
  state_->early.push_back(std::move(customer));
  if (state_->companies_ok) state_->ReadEarly();
}

void LiveReader::ReadCustomers(std::vector<const DesiredCustomer*> customers) {
  state_->customers = std::move(customers);
  if (state_->companies_ok) state_->ReadMatched();
}

void LiveReader::Finish(LiveState* live, Diagnostics* diags, const ReadOptions& options) {
  State& s = *state_;
  s.client.transport().Run();
  if (s.companies_ok) {
    // Target users whose manifest manages their manager need the full record: the search
    // view does not carry the manager fields.
    std::vector<std::pair<std::string, std::string>> detailed;
    for (const auto& [c, id] : s.matched) {
      auto it = s.live.details.find(id);
      if (it == s.live.details.end() || s.live.failed_reads.count(id)) continue;
      std::unordered_map<std::string, const TargetUserRecord*> by_email;
      for (const TargetUserRecord& u : it->second.target_users) by_email[FoldKey(u.email)] = &u;
      for (const DesiredTargetUser& u : c->target_users) {
        if (!ManagesManager(u)) continue;
        auto found = by_email.find(FoldKey(u.email));
        if (found != by_email.end() && !found->second->detailed) detailed.emplace_back(id, found->second->id);
      }
    }
    ReadTargetUserDetails(s.client, detailed, &s.live, &s.diags);
    if (options.target_groups) {
      std::vector<std::string> with_groups;
      for (const auto& [c, id] : s.matched)
        if (options.target_groups(*c)) with_groups.push_back(id);
      ReadTargetGroups(s.client, with_groups, &s.live, &s.diags);
    }
  }
  *live = std::move(s.live);
  diags->Append(s.diags);
}

void ReadLiveState(KeepnetClient& client, const std::vector<const DesiredCustomer*>& customers,
                   LiveState* live, Diagnostics* diags, const ReadOptions& options) {
  LiveReader reader(client);
  reader.ReadCustomers(customers);
  reader.Finish(live, diags, options);
}

namespace {

// The memberships as the users' target_group_ids, from the groups' member lists.
void SetMemberships(LiveCompany* company) {
  std::unordered_map<std::string, std::vector<std::string>> by_user;
  for (const TargetGroupRecord& g : company->target_groups)
    for (const std::string& user : company->target_group_members[g.id]) by_user[user].push_back(g.id);
  for (TargetUserRecord& u : company->target_users) {
    auto it = by_user.find(u.id);
    u.target_group_ids = it == by_user.end() ? std::vector<std::string>{} : std::move(it->second);
  }
  company->target_groups_read = true;
}

}  // namespace

size_t ReadTargetGroups(KeepnetClient& client, const std::vector<std::string>& company_ids, LiveState* live,
                        Diagnostics* /*diags*/) {
  std::vector<std::string> todo;
  for (const std::string& id : company_ids) {
    auto it = live->details.find(id);
    if (it != live->details.end() && !it->second.target_groups_read &&
        std::find(todo.begin(), todo.end(), id) == todo.end())
      todo.push_back(id);
  }
  // Per company: the list, then every group's members at once; SetMemberships once all are in.
  struct Pending {
    int groups_left = 0;
    bool failed = false;
  };
  std::map<std::string, Pending> pending;
  for (const std::string& id : todo) {
    const std::string origin = "target-groups";
    LiveCompany* company = &live->details[id];
    Pending* state = &pending[id];
    client.ListTargetGroups(origin, id, [&client, live, company, state, origin, id](Result<std::vector<TargetGroupRecord>> r) {
      if (!r.ok()) {
        state->failed = true;
        return RecordFailedRead(live, id, *r.error);
      }
      company->target_groups = std::move(*r.value);
      state->groups_left = static_cast<int>(company->target_groups.size());
      if (state->groups_left == 0) return SetMemberships(company);
      for (const TargetGroupRecord& g : company->target_groups) {
        const std::string group_id = g.id;
        AllPages<TargetUserRecord>::Read(
            [&client, origin, id, group_id](int page, Callback<Page<TargetUserRecord>> cb) {
              client.SearchTargetGroupUsers(origin, id, group_id, page, std::move(cb));
            },
            [live, id, company, state, group_id](Result<std::vector<TargetUserRecord>> members) {
              if (!members.ok()) {
                state->failed = true;
                RecordFailedRead(live, id, *members.error);
              } else {
                auto& ids = company->target_group_members[group_id];
                for (const TargetUserRecord& u : *members.value) ids.push_back(u.id);
              }
              if (--state->groups_left == 0 && !state->failed) SetMemberships(company);
            });
      }
    });
  }
  client.transport().Run();
  size_t read = 0;
  for (const auto& [id, state] : pending) read += state.failed ? 0 : 1;
  return read;
}

size_t ReadRoles(KeepnetClient& client, const std::vector<std::string>& company_ids, LiveState* live,
                 Diagnostics* /*diags*/) {
  size_t read = 0;
  for (const std::string& id : company_ids) {
    auto it = live->details.find(id);
    if (it == live->details.end() || it->second.roles_read) continue;
    ReadRolesOf(client, "roles", id, it->second, live);
    ++read;
  }
  client.transport().Run();
  return read;
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
                               auto memberships = std::move(u.target_group_ids);  // not in the record
                               u = std::move(*r.value);
                               u.target_group_ids = std::move(memberships);
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
