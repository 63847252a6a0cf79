#include "engine/exec/api_action_runner.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "engine/exec/converge.h"
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
// A user create refused because the e-mail is taken (keepnet-sim: 400, "Email: email
// already exists"): another apply, or a person, created the user after the plan was made.
bool EmailTaken(const ApiError& e) {
  if (e.kind != ApiError::Kind::Http && e.kind != ApiError::Kind::Api) return false;
  if (e.kind == ApiError::Kind::Http && e.http_status != 400 && e.http_status != 409) return false;
  std::vector<std::string> texts = e.validation_messages;
  texts.push_back(e.message);
  for (const std::string& text : texts) {
    const std::string t = ToLowerAscii(text);
    if (t.find("email") == std::string::npos) continue;
    if (t.find("already exist") != std::string::npos || t.find("already in use") != std::string::npos ||
        t.find("already taken") != std::string::npos)
      return true;
  }
  return false;
}

// What to do when the object already exists when the create is answered.
enum class OnTaken {
  Fail,   // the create's error is the action's
  Adopt,  // a user create refused for its taken e-mail: look the user up and adopt it
};

// Sends the create; if its answer is lost, looks first, adopts what it finds, else sends it
// again, at most kMaxCreateAttempts times in all.
void CreateOrAdopt(CreateFn create, LookupFn lookup, ActionRunner::Done done, OnTaken on_taken = OnTaken::Fail,
                   int attempt = 1) {
  create([create, lookup, done, on_taken, attempt](Result<std::string> r) {
    if (r.ok()) {
      done({ActionResult::Kind::Done, *r.value, "", ""});
      return;
    }
    if (on_taken == OnTaken::Adopt && EmailTaken(*r.error)) {
      const std::string refused = r.error->ToString();
      lookup([done, refused](Lookup found) {
        if (!found.error.empty()) return done(Failed(refused + "; looking the user up by e-mail failed: " + found.error));
        if (!found.id) return done(Failed(refused + "; no user with this e-mail was found in the company"));
        // Not updated here: the plan showed a create, and a PUT with the create's body would
        // clear the fields the manifest does not manage. The next plan shows any difference.
        done({ActionResult::Kind::Adopted, *found.id, "",
              "a user with this e-mail already existed (another apply, or made by hand): adopted as it is; "
              "the next plan shows any field that differs from the manifest"});
      });
      return;
    }
    if (!AnswerLost(*r.error)) {
      done(Failed(r.error->ToString()));
      return;
    }
    const std::string lost = r.error->ToString();
    lookup([create, lookup, done, on_taken, attempt, lost](Lookup found) {
      if (!found.error.empty()) {
        done(Failed(lost + "; looking for the object afterwards failed: " + found.error));
      } else if (found.id) {
        done({ActionResult::Kind::Adopted, *found.id, "", "the create's answer was lost; the object was found by its key"});
      } else if (attempt >= ApiActionRunner::kMaxCreateAttempts) {
        done(Failed(LostCreateMessage(lost, attempt)));
      } else {
        CreateOrAdopt(create, lookup, done, on_taken, attempt + 1);
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

// ---- Creates that two applies may send at the same moment (companies, company groups).
//
// The API has no unique constraint on company or group names and no conditional create, so
// two runs that planned the same create both send it. Each run therefore:
//   1. lists the live objects with the key just before creating; any there: adopts the
//      winner (PickWinner: oldest creation time, then smallest id), sends no create;
//   2. creates (a lost answer is looked up as usual, and adopts the winner of what it finds);
//   3. lists again; when its own object is not the winner, deletes it (nothing is in it yet:
//      the action has not finished, so no dependent of it has started) and adopts the winner.
// Why every run ends on the same object, assuming a search lists every create that was
// answered before the search began, and that creation times grow with the order of creates:
//  - A creates a, B creates b, A lists, B lists: both see {a, b}; both pick the older, a. B
//    deletes b and adopts a; A keeps a.
//  - A lists before B creates: A sees only {a} and keeps it. B's create came after A's list,
//    so after a's create: b is newer, B's own list sees {a, b} and B yields to a. In general
//    a run keeps its object only if nothing older is listed, and an older object can never
//    appear later; so the oldest is never deleted, and every other copy is deleted by its
//    creator. A third run's step 1 may see {a, b} before B deleted b: it adopts a, too.
//  - The delete fails (after the client's retries): the action fails, naming the empty copy
//    to delete by hand, and its dependents are skipped; the next plan names both companies.
//    A 404 on the delete (a retry of a delete that landed) counts as deleted.
//  - B's run is a later apply whose plan still says create (planned before A's create
//    landed, or from a saved plan): step 1 finds a and adopts it; B's user creates then meet
//    taken e-mails and adopt those users (OnTaken::Adopt).
//  - Equal creation times (both creates and one list within one tick of the server's clock)
//    fall back to the smaller id, on which two runs agree only if both listed both; a run
//    that saw only its own keeps it, and the next plan names both. With the vendor's clock
//    (and keepnet-sim's milliseconds) this needs a round trip shorter than a tick.
//  - A listing lacks the run's own new object (a search that lags): it is added as the
//    newest candidate, so it yields to any other copy and is kept when alone.

using CandidatesDone = std::function<void(std::vector<Candidate> found, std::string error)>;
using ListFn = std::function<void(CandidatesDone)>;
using RemoveFn = std::function<void(const std::string& id, Callback<Unit>)>;

struct ConvergingCreate {
  std::string what;  // "company \"Acme\"", for messages
  bool look_first = true;  // step 1; false when the plan's own read, moments ago, was that look
  ListFn list;       // every live object with the create's key
  CreateFn create;
  RemoveFn remove;   // deletes this run's copy
};

ActionResult Adopted(std::string id, std::string note) {
  return {ActionResult::Kind::Adopted, std::move(id), "", std::move(note)};
}

// Step 3: this run created `mine`; keep it or yield to an older copy.
void ConfirmUnique(std::shared_ptr<const ConvergingCreate> c, std::string mine, ActionRunner::Done done) {
  c->list([c, mine, done](std::vector<Candidate> found, std::string error) {
    if (!error.empty())
      return done(Failed(fmt::format(
          "{} was created ({}), but listing the objects with its name afterwards, to check that no other apply "
          "created it too, failed: {}; run apply again (a second copy, if there is one, shows in the plan)",
          c->what, mine, error)));
    if (std::none_of(found.begin(), found.end(), [&](const Candidate& x) { return x.id == mine; }))
      found.push_back({mine, ""});
    const Candidate winner = found[PickWinner(found)];
    if (winner.id == mine) {
      std::string note;
      if (found.size() > 1)
        note = fmt::format("{} newer cop{} made by another apply at the same time: each is deleted by its own run",
                           found.size() - 1, found.size() == 2 ? "y was" : "ies were");
      return done({ActionResult::Kind::Done, mine, "", note});
    }
    c->remove(mine, [c, mine, winner, done](Result<Unit> r) {
      const bool gone = r.ok() || (r.error->kind == ApiError::Kind::Http && r.error->http_status == 404);
      if (!gone)
        return done(Failed(fmt::format(
            "another apply created {} at the same time, first ({}); deleting this run's copy {} failed: {}. "
            "Delete {} by hand (nothing was put into it), or the next plan stops at two objects with one name",
            c->what, winner.id, mine, r.error->ToString(), mine)));
      done(Adopted(winner.id, fmt::format("another apply created {} at the same time, first; this run's copy {} was "
                                          "deleted and {} adopted",
                                          c->what, mine, winner.id)));
    });
  });
}

// Step 2, then step 3.
void CreateThenConfirm(std::shared_ptr<const ConvergingCreate> c, ActionRunner::Done done) {
  LookupFn lookup = [c](LookupDone found) {
    c->list([found](std::vector<Candidate> all, std::string error) {
      if (!error.empty()) return found({std::nullopt, error});
      if (all.empty()) return found({std::nullopt, ""});
      found({all[PickWinner(all)].id, ""});
    });
  };
  CreateOrAdopt(c->create, lookup, [c, done](ActionResult r) {
    if (r.kind != ActionResult::Kind::Done) return done(std::move(r));
    ConfirmUnique(c, r.id, done);
  });
}

// Steps 1 to 3. Step 1 only spares a create and a delete when another run's copy is already
// there: step 3 alone makes the runs agree. So it is skipped when the plan was read in this
// run (look_first false), and kept for a saved plan, which may be hours old.
void CreateConverging(std::shared_ptr<const ConvergingCreate> c, ActionRunner::Done done) {
  if (!c->look_first) return CreateThenConfirm(c, std::move(done));
  c->list([c, done](std::vector<Candidate> found, std::string error) {
    if (!error.empty()) return done(Failed(fmt::format("looking for {} before creating it failed: {}", c->what, error)));
    if (!found.empty()) {
      const Candidate& winner = found[PickWinner(found)];
      return done(Adopted(winner.id, fmt::format("{} already existed (another apply created it after this plan was "
                                                 "made): adopted{}",
                                                 c->what, found.size() > 1 ? " the oldest copy" : "")));
    }
    CreateThenConfirm(c, done);
  });
}

// Every row of a paged search that `match` accepts, as candidates.
template <class T>
void ListInPages(std::function<void(int, Callback<Page<T>>)> fetch, std::function<bool(const T&)> match,
                 std::function<Candidate(const T&)> candidate, CandidatesDone done, int page = 1,
                 std::vector<Candidate> found = {}) {
  fetch(page, [=](Result<Page<T>> r) mutable {
    if (!r.ok()) return done({}, r.error->ToString());
    for (const T& item : r.value->results)
      if (match(item)) found.push_back(candidate(item));
    if (page < r.value->total_pages && !r.value->results.empty())
      return ListInPages<T>(fetch, match, candidate, done, page + 1, std::move(found));
    done(std::move(found), "");
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

// A delete's answer: a 404 after an attempt whose outcome was unknown is already counted as
// done by the client; any other failure fails the action.
Callback<Unit> DeleteDone(ActionRunner::Done done, std::string id) {
  return [done, id](Result<Unit> r) {
    if (r.ok()) done({ActionResult::Kind::Done, id, "", ""});
    else done(Failed(r.error->ToString()));
  };
}

// Adapts a Callback<Unit> of an update into the action's result, with `id` as its id.
Callback<Unit> UpdateDone(ActionRunner::Done done, std::string id) {
  return [done, id](Result<Unit> r) {
    if (r.ok()) done({ActionResult::Kind::Done, id, "", ""});
    else done(Failed(r.error->ToString()));
  };
}

}  // namespace

void ApiActionRunner::CreateCompanyConverging(const std::string& origin, const CompanyRecord& body, Done done) {
  KeepnetClient& client = client_;
  auto c = std::make_shared<ConvergingCreate>();
  c->what = "company \"" + body.name + "\"";
  c->look_first = look_before_create_;
  c->list = [&client, origin, name = Trim(body.name), known = known_companies_](CandidatesDone found) {
    ListInPages<CompanySummary>(
        [&client, origin, name](int page, Callback<Page<CompanySummary>> cb) {
          client.SearchCompanies(origin, page, name, cb);
        },
        // Companies the plan acts on as other customers' (a pinned company renamed to this
        // name) are not copies of this one.
        [name, known](const CompanySummary& s) { return Trim(s.name) == name && !known.count(s.id); },
        [](const CompanySummary& s) { return Candidate{s.id, s.create_time}; }, found);
  };
  c->create = [&client, origin, body](Callback<std::string> cb) { client.CreateCompany(origin, body, cb); };
  c->remove = [&client, origin](const std::string& id, Callback<Unit> cb) { client.DeleteCompany(origin, id, cb); };
  CreateConverging(c, std::move(done));
}

void ApiActionRunner::CreateGroupConverging(const std::string& origin, const std::string& name, Done done) {
  KeepnetClient& client = client_;
  auto c = std::make_shared<ConvergingCreate>();
  c->what = "company group \"" + name + "\"";
  c->look_first = look_before_create_;
  c->list = [this, origin, name](CandidatesDone found) {
    // One list of every group answers all the group creates that ask in one turn.
    listing_groups_.push_back({origin, [name, found](const Result<std::vector<GroupRecord>>& r) {
                                 if (!r.ok()) return found({}, r.error->ToString());
                                 std::vector<Candidate> all;
                                 for (const GroupRecord& g : *r.value)
                                   if (Trim(g.name) == Trim(name)) all.push_back({g.id, g.added_time});
                                 found(std::move(all), "");
                               }});
  };
  c->create = [this, &client, origin, name](Callback<std::string> cb) {
    ++group_creates_unanswered_;
    client.CreateGroup(origin, name, [this, cb](Result<std::string> r) {
      --group_creates_unanswered_;
      cb(std::move(r));
    });
  };
  c->remove = [&client, origin](const std::string& id, Callback<Unit> cb) { client.DeleteGroup(origin, id, cb); };
  CreateConverging(c, std::move(done));
}

void ApiActionRunner::CreateTargetGroupConverging(const std::string& origin, const std::string& company_id,
                                                  const TargetGroupRecord& body, Done done) {
  KeepnetClient& client = client_;
  auto c = std::make_shared<ConvergingCreate>();
  c->what = "target group \"" + body.name + "\"";
  // Target-group names are compared without case, as the manifests compare them.
  c->list = [&client, origin, company_id, key = FoldKey(body.name)](CandidatesDone found) {
    client.ListTargetGroups(origin, company_id, [key, found](Result<std::vector<TargetGroupRecord>> r) {
      if (!r.ok()) return found({}, r.error->ToString());
      std::vector<Candidate> all;
      for (const TargetGroupRecord& g : *r.value)
        if (FoldKey(g.name) == key) all.push_back({g.id, g.create_time});
      found(std::move(all), "");
    });
  };
  c->create = [&client, origin, company_id, body](Callback<std::string> cb) {
    client.CreateTargetGroup(origin, company_id, body, cb);
  };
  c->remove = [&client, origin, company_id](const std::string& id, Callback<Unit> cb) {
    client.DeleteTargetGroup(origin, company_id, id, cb);
  };
  CreateConverging(c, std::move(done));
}

void ApiActionRunner::Start(const Action& action, const ResolvedIds& ids, Done done) {
  KeepnetClient& client = client_;
  const std::string origin = action.address;
  const bool create = action.type == ActionType::Create;
  const bool update = action.type == ActionType::Update;
  if (action.type == ActionType::Delete) {
    const std::string company_id = ids.company_id;
    const std::string id = action.target_id;
    switch (action.object()) {
      case ObjectType::Company: return client.DeleteCompany(origin, id, DeleteDone(done, id));
      case ObjectType::Admin: return client.DeleteSystemUser(origin, company_id, id, DeleteDone(done, id));
      case ObjectType::TargetUser: return client.DeleteTargetUser(origin, company_id, id, DeleteDone(done, id));
      case ObjectType::TargetGroup: return client.DeleteTargetGroup(origin, company_id, id, DeleteDone(done, id));
      default: break;
    }
    return done(Failed(std::string("this version cannot delete a ") + ObjectTypeName(action.object())));
  }

  switch (action.object()) {
    case ObjectType::Group: {
      if (!create) break;
      CreateGroupConverging(origin, action.As<GroupBody>()->name, done);
      return;
    }
    case ObjectType::Company: {
      CompanyRecord body = *action.As<CompanyBody>()->record;
      if (create)  // the groups it joins, with the ids their creates produced
        for (const std::string& id : ids.group_ids)
          if (std::find(body.group_ids.begin(), body.group_ids.end(), id) == body.group_ids.end())
            body.group_ids.push_back(id);
      if (update) {
        const std::string id = action.target_id.empty() ? ids.company_id : action.target_id.str();
        client.UpdateCompany(origin, id, body, UpdateDone(done, id));
        return;
      }
      if (!create) break;
      CreateCompanyConverging(origin, body, done);
      return;
    }
    case ObjectType::Participant: {
      // Sent with the other companies joining (leaving) this group, at the next WaitForSomething.
      if (action.type == ActionType::AddParticipant) {
        joining_[ids.group_id].push_back({origin, ids.company_id, std::move(done)});
        return;
      }
      if (action.type != ActionType::RemoveParticipant) break;
      leaving_[ids.group_id].push_back({origin, ids.company_id, std::move(done)});
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
            done, OnTaken::Adopt);
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
      TargetUserRecord body = action.As<TargetUserBody>()->record;
      if (create && !ids.group_ids.empty()) {  // the target groups it joins, with the ids their creates produced
        std::vector<std::string>& joined = body.target_group_ids ? *body.target_group_ids : body.target_group_ids.emplace();
        for (const std::string& id : ids.group_ids)
          if (std::find(joined.begin(), joined.end(), id) == joined.end()) joined.push_back(id);
      }
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
          done, OnTaken::Adopt);
      return;
    }
    case ObjectType::TargetGroup: {
      const std::string company_id = ids.company_id;
      const TargetGroupRecord& body = action.As<TargetGroupBody>()->record;
      if (create) return CreateTargetGroupConverging(origin, company_id, body, done);
      if (update) return client.UpdateTargetGroup(origin, company_id, action.target_id, body, UpdateDone(done, action.target_id));
      break;
    }
    case ObjectType::TargetGroupMembers: {
      const std::string company_id = ids.company_id;
      const std::string group_id = ids.group_id;
      const std::vector<std::string>& users = action.As<TargetGroupMembersBody>()->user_ids;
      // Joining twice or leaving twice changes nothing: the client sends these again itself
      // when an answer is lost (Repeat::Safe), so their result is final here.
      if (action.type == ActionType::AddParticipant)
        return client.AddTargetGroupUsers(origin, company_id, {group_id}, users, UpdateDone(done, group_id));
      if (action.type == ActionType::RemoveParticipant)
        return client.RemoveTargetGroupUsers(origin, company_id, group_id, users, UpdateDone(done, group_id));
      break;
    }
  }
  done(Failed(std::string("this version cannot ") + ActionTypeName(action.type) + " this kind of object"));
}

bool ApiActionRunner::WaitForSomething() {
  SendParticipants();
  SendGroupLists();
  return client_.transport().RunOnce();
}

void ApiActionRunner::SendGroupLists() {
  // The group creates start together (nothing precedes them): the checks of all of them wait
  // for the last answer and share one list.
  if (listing_groups_.empty() || group_creates_unanswered_ > 0) return;
  std::string origin = listing_groups_.front().origin;
  if (listing_groups_.size() > 1) origin += " (+" + std::to_string(listing_groups_.size() - 1) + " more)";
  client_.ListGroups(origin, [waiting = std::move(listing_groups_)](Result<std::vector<GroupRecord>> r) {
    for (const ListingGroups& w : waiting) w.done(r);
  });
  listing_groups_.clear();
}

void ApiActionRunner::SendParticipants() {
  // The plan keeps one action per company and group (customer.<c>.group.<g>); the wire takes
  // the list: one PUT (DELETE) per group for every company that joins (leaves) it in this turn.
  // (No pointer to member function here: GCC 12's UBSan misreads one called in a lambda.)
  auto send = [this](std::map<std::string, std::vector<Joining>>& pending, bool join) {
    for (auto& [group_id, joining] : pending) {
      std::vector<std::string> companies;
      companies.reserve(joining.size());
      for (const Joining& j : joining) companies.push_back(j.company_id);
      std::string origin = joining.front().origin;
      if (joining.size() > 1) origin += " (+" + std::to_string(joining.size() - 1) + " more)";
      Callback<Unit> done = [group_id = group_id, joining = std::move(joining)](Result<Unit> r) {
        for (const Joining& j : joining) {
          if (r.ok()) j.done({ActionResult::Kind::Done, group_id, ""});
          else j.done(Failed(r.error->ToString()));
        }
      };
      if (join) client_.AddParticipants(origin, group_id, companies, std::move(done));
      else client_.RemoveParticipants(origin, group_id, companies, std::move(done));
    }
    pending.clear();
  };
  send(joining_, true);
  send(leaving_, false);
}

// Defined here rather than in executor.cc so that the Builder loop depends only on the
// ActionRunner interface, never on the API client.
ApplyReport Execute(const Plan& plan, KeepnetClient& client, const ExecuteOptions& options) {
  ApiActionRunner runner(client);
  std::set<std::string> known;
  for (const Action& a : plan.actions)
    if (a.object() == ObjectType::Company && !a.target_id.empty()) known.insert(a.target_id);
  runner.SetKnownCompanies(std::move(known));
  runner.SetLookBeforeCreate(!options.plan_read_in_this_run);
  return Execute(plan, runner, options);
}

}  // namespace onboard
