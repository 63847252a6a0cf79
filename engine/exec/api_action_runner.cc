#include "engine/exec/api_action_runner.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>

#include "engine/exec/executor.h"
#include "engine/text/strings.h"

namespace onboard {

namespace {

ActionResult Failed(std::string error) { return {ActionResult::Kind::Failed, "", std::move(error)}; }

// A create whose answer may have been lost: the object may exist now.
bool AnswerLost(const ApiError& e) {
  if (e.kind == ApiError::Kind::OutcomeUnknown) return true;
  return e.kind == ApiError::Kind::Http && (e.http_status == 500 || e.http_status == 502 || e.http_status == 504);
}

// What looking an object up by its key found.
struct Lookup {
  std::optional<std::string> id;  // found
  std::string error;              // the lookup itself failed, or the key is ambiguous
};
using LookupDone = std::function<void(Lookup)>;
using LookupFn = std::function<void(LookupDone)>;
using CreateFn = std::function<void(Callback<std::string>)>;

}  // namespace

std::string LostCreateMessage(const std::string& lost, int attempts) {
  return lost + ": sent " + std::to_string(attempts) +
         " times, never confirmed; looking the object up afterwards found nothing, so it was not created. "
         "Running apply again is safe: apply looks for an object before it creates it";
}

namespace {

// Sends the create; if its answer is lost, looks first, adopts what it finds, else sends it
// again, at most kMaxCreateAttempts times in all.
void CreateOrAdopt(CreateFn create, LookupFn lookup, ActionRunner::Done done, int attempt = 1) {
  create([create, lookup, done, attempt](Result<std::string> r) {
    if (r.ok()) {
      done({ActionResult::Kind::Done, *r.value, ""});
      return;
    }
    if (!AnswerLost(*r.error)) {
      done(Failed(r.error->ToString()));
      return;
    }
    const std::string lost = r.error->ToString();
    lookup([create, lookup, done, attempt, lost](Lookup found) {
      if (!found.error.empty()) {
        done(Failed(lost + "; looking for the object afterwards failed: " + found.error));
      } else if (found.id) {
        done({ActionResult::Kind::Adopted, *found.id, ""});
      } else if (attempt >= ApiActionRunner::kMaxCreateAttempts) {
        done(Failed(LostCreateMessage(lost, attempt)));
      } else {
        CreateOrAdopt(create, lookup, done, attempt + 1);
      }
    });
  });
}

// Walks a paged search from `page` until `match` finds something or the pages end; two
// matches are an error (the key no longer identifies one object).
template <class T>
void FindInPages(std::function<void(int, Callback<Page<T>>)> fetch, std::function<bool(const T&)> match,
                 std::function<std::string(const T&)> id_of, LookupDone done, int page = 1,
                 std::optional<std::string> found = std::nullopt) {
  fetch(page, [=](Result<Page<T>> r) {
    if (!r.ok()) {
      done({std::nullopt, r.error->ToString()});
      return;
    }
    std::optional<std::string> hit = found;
    for (const T& item : r.value->results) {
      if (!match(item)) continue;
      if (hit && *hit != id_of(item)) {
        done({std::nullopt, "two objects match: " + *hit + " and " + id_of(item)});
        return;
      }
      hit = id_of(item);
    }
    if (page < r.value->total_pages && !r.value->results.empty()) {
      FindInPages<T>(fetch, match, id_of, done, page + 1, hit);
      return;
    }
    done({hit, ""});
  });
}

// Resolves role names against a company's roles, case-insensitively.
void MatchRoles(const std::vector<RoleRecord>& roles, const std::vector<std::string>& names,
                const std::function<void(std::vector<std::string> ids, std::string error)>& done) {
  std::vector<std::string> ids;
  for (const std::string& name : names) {
    const RoleRecord* match = nullptr;
    for (const RoleRecord& role : roles)
      if (ToLowerAscii(role.name) == ToLowerAscii(name)) match = &role;
    if (!match) {
      std::string known;
      for (const RoleRecord& role : roles) known += (known.empty() ? "" : ", ") + role.name;
      done({}, "role \"" + name + "\" does not exist in the company (its roles: " + known + ")");
      return;
    }
    ids.push_back(match->id);
  }
  done(std::move(ids), "");
}

}  // namespace

// A company's roles are read once, however many of its admins need them: the first asks,
// the others wait for that answer.
void ApiActionRunner::ResolveRoles(const std::string& origin, const std::string& company_id,
                                   const std::vector<std::string>& names, RolesDone done) {
  RoleLookup& lookup = roles_[company_id];
  if (lookup.roles) return MatchRoles(*lookup.roles, names, done);
  lookup.waiting.emplace_back(names, std::move(done));
  if (lookup.waiting.size() > 1) return;
  client_.ListRoles(origin, company_id, [this, company_id](Result<std::vector<RoleRecord>> r) {
    RoleLookup& lookup = roles_[company_id];
    auto waiting = std::move(lookup.waiting);
    lookup.waiting.clear();
    if (r.ok()) lookup.roles = std::move(*r.value);  // a failure is not cached: the next admin asks again
    for (auto& [names, done] : waiting) {
      if (!r.ok()) done({}, "reading the company's roles failed: " + r.error->ToString());
      else MatchRoles(*lookup.roles, names, done);
    }
  });
}

namespace {

// Adapts a Callback<Unit> of an update into the action's result, with `id` as its id.
Callback<Unit> UpdateDone(ActionRunner::Done done, std::string id) {
  return [done, id](Result<Unit> r) {
    if (r.ok()) done({ActionResult::Kind::Done, id, ""});
    else done(Failed(r.error->ToString()));
  };
}

}  // namespace

void ApiActionRunner::Start(const Action& action, const ResolvedIds& ids, Done done) {
  KeepnetClient& client = client_;
  const std::string origin = action.address;
  const bool create = action.type == ActionType::Create;
  const bool update = action.type == ActionType::Update;

  switch (action.object()) {
    case ObjectType::Group: {
      if (!create) break;
      const std::string name = action.As<GroupBody>()->name;
      CreateOrAdopt(
          [&client, origin, name](Callback<std::string> cb) { client.CreateGroup(origin, name, cb); },
          [&client, origin, name](LookupDone found) {
            client.ListGroups(origin, [name, found](Result<std::vector<GroupRecord>> r) {
              if (!r.ok()) return found({std::nullopt, r.error->ToString()});
              Lookup l;
              for (const GroupRecord& g : *r.value)
                if (g.name == name) {
                  if (l.id) return found({std::nullopt, "two groups are named \"" + name + "\""});
                  l.id = g.id;
                }
              found(l);
            });
          },
          done);
      return;
    }
    case ObjectType::Company: {
      CompanyRecord body = *action.As<CompanyBody>()->record;
      if (create)  // the groups it joins, with the ids their creates produced
        for (const std::string& id : ids.group_ids)
          if (std::find(body.group_ids.begin(), body.group_ids.end(), id) == body.group_ids.end())
            body.group_ids.push_back(id);
      if (update) {
        const std::string id = action.target_id.empty() ? ids.company_id : action.target_id;
        client.UpdateCompany(origin, id, body, UpdateDone(done, id));
        return;
      }
      if (!create) break;
      CreateOrAdopt(
          [&client, origin, body](Callback<std::string> cb) { client.CreateCompany(origin, body, cb); },
          [&client, origin, name = body.name](LookupDone found) {
            FindInPages<CompanySummary>(
                [&client, origin, name](int page, Callback<Page<CompanySummary>> cb) {
                  client.SearchCompanies(origin, page, name, cb);
                },
                [name](const CompanySummary& c) { return c.name == name; },
                [](const CompanySummary& c) { return c.id; }, found);
          },
          done);
      return;
    }
    case ObjectType::Participant: {
      if (action.type != ActionType::AddParticipant) break;
      // Sent with the other companies joining this group, at the next WaitForSomething.
      joining_[ids.group_id].push_back({origin, ids.company_id, std::move(done)});
      return;
    }
    case ObjectType::Admin: {
      if (!create && !update) break;
      const AdminBody& admin = *action.As<AdminBody>();
      const std::string company_id = ids.company_id;
      const std::string target_id = action.target_id;
      // Sends the write once the body's role ids are known.
      auto send = [&client, origin, company_id, target_id, create, done](SystemUserRecord body) {
        if (!create) {
          client.UpdateSystemUser(origin, company_id, target_id, body, UpdateDone(done, target_id));
          return;
        }
        const std::string email = ToLowerAscii(body.email);
        CreateOrAdopt(
            [&client, origin, company_id, body](Callback<std::string> cb) {
              client.CreateSystemUser(origin, company_id, body, cb);
            },
            [&client, origin, company_id, email](LookupDone found) {
              FindInPages<SystemUserRecord>(
                  [&client, origin, company_id, email](int page, Callback<Page<SystemUserRecord>> cb) {
                    client.SearchSystemUsers(origin, company_id, page, email, cb);
                  },
                  [email](const SystemUserRecord& u) { return ToLowerAscii(u.email) == email; },
                  [](const SystemUserRecord& u) { return u.id; }, found);
            },
            done);
      };
      if (admin.role_names_after_apply.empty()) {
        send(admin.record);
        return;
      }
      ResolveRoles(origin, company_id, admin.role_names_after_apply,
                   [body = admin.record, send, done](std::vector<std::string> role_ids, std::string error) mutable {
                     if (!error.empty()) return done(Failed(error));
                     body.role_ids = std::move(role_ids);
                     send(std::move(body));
                   });
      return;
    }
    case ObjectType::TargetUser: {
      const std::string company_id = ids.company_id;
      const TargetUserRecord body = action.As<TargetUserBody>()->record;
      if (update) {
        client.UpdateTargetUser(origin, company_id, action.target_id, body, UpdateDone(done, action.target_id));
        return;
      }
      if (!create) break;
      const std::string email = ToLowerAscii(body.email);
      CreateOrAdopt(
          [&client, origin, company_id, body](Callback<std::string> cb) {
            client.CreateTargetUser(origin, company_id, body, cb);
          },
          [&client, origin, company_id, email](LookupDone found) {
            FindInPages<TargetUserRecord>(
                [&client, origin, company_id, email](int page, Callback<Page<TargetUserRecord>> cb) {
                  client.SearchTargetUsers(origin, company_id, page, email, cb);
                },
                [email](const TargetUserRecord& u) { return ToLowerAscii(u.email) == email; },
                [](const TargetUserRecord& u) { return u.id; }, found);
          },
          done);
      return;
    }
  }
  done(Failed(std::string("this version cannot ") + ActionTypeName(action.type) + " this kind of object"));
}

bool ApiActionRunner::WaitForSomething() {
  SendParticipants();
  return client_.transport().RunOnce();
}

void ApiActionRunner::SendParticipants() {
  // The plan keeps one action per company and group (customer.<c>.group.<g>); the wire takes
  // the list: one PUT per group for every company that joins it in this turn.
  for (auto& [group_id, joining] : joining_) {
    std::vector<std::string> companies;
    companies.reserve(joining.size());
    for (const Joining& j : joining) companies.push_back(j.company_id);
    std::string origin = joining.front().origin;
    if (joining.size() > 1) origin += " (+" + std::to_string(joining.size() - 1) + " more)";
    client_.AddParticipants(origin, group_id, companies,
                            [group_id = group_id, joining = std::move(joining)](Result<Unit> r) {
                              for (const Joining& j : joining) {
                                if (r.ok()) j.done({ActionResult::Kind::Done, group_id, ""});
                                else j.done(Failed(r.error->ToString()));
                              }
                            });
  }
  joining_.clear();
}

// Defined here rather than in executor.cc so that the Builder loop depends only on the
// ActionRunner interface, never on the API client.
ApplyReport Execute(const Plan& plan, KeepnetClient& client, const ExecuteOptions& options) {
  ApiActionRunner runner(client);
  return Execute(plan, runner, options);
}

}  // namespace onboard
