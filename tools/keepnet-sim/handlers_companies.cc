// Companies: multipart create/replace, get, delete, search, "my companies".

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "dto.h"
#include "reply.h"
#include "search.h"
#include "seed.h"
#include "server.h"
#include "validate.h"

namespace keepnet_sim {

namespace {

/// The multipart fields of a request, by lower-cased name without "[]" / "[0]" suffixes
/// (ASP.NET binds form names case-insensitively and accepts all three array styles).
class Form {
 public:
  explicit Form(const httplib::Request& req) {
    for (const auto& [name, part] : req.files) {
      if (!part.filename.empty()) continue;  // uploaded files (File) carry no field we keep
      std::string key = lower(name);
      if (auto br = key.find('['); br != std::string::npos) key.resize(br);
      fields_.emplace(key, part.content);
    }
  }
  std::optional<std::string> one(std::string_view name) const {
    auto it = fields_.find(lower(name));
    if (it == fields_.end()) return std::nullopt;
    return it->second;
  }
  /// The (lower-cased) names of the fields sent.
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& [name, value] : fields_)
      if (out.empty() || out.back() != name) out.push_back(name);
    return out;
  }
  std::vector<std::string> all(std::string_view name) const {
    std::vector<std::string> out;
    auto [b, e] = fields_.equal_range(lower(name));
    for (auto it = b; it != e; ++it)
      if (!it->second.empty()) out.push_back(it->second);
    return out;
  }

 private:
  std::multimap<std::string, std::string> fields_;
};

/// Reads a reference id field of one lookup type into out.
void lookupField(const Form& f, Problems& p, const Reference& ref, std::string_view field, int typeId,
                 bool required, std::string& out) {
  auto v = f.one(field);
  if (required && !p.required(field, v)) return;
  if (!v || v->empty()) return;
  if (!ref.lookup(typeId, *v)) {
    p.add(field, fmt::format("unknown id '{}'", *v));
    return;
  }
  out = *v;
}

void intField(const Form& f, Problems& p, std::string_view field, int min, std::optional<int>& out) {
  auto v = f.one(field);
  if (!v || v->empty()) return;
  auto n = parseInt32(*v);
  if (!n)
    p.add(field, fmt::format("'{}' is not a valid 32-bit integer", *v));
  else if (*n < min)
    p.add(field, fmt::format("must be at least {}", min));
  else
    out = n;
}

void boolField(const Form& f, Problems& p, std::string_view field, bool& out) {
  auto v = f.one(field);
  if (!v || v->empty()) return;
  auto b = parseBool(*v);
  if (!b)
    p.add(field, fmt::format("'{}' is not a valid boolean", *v));
  else
    out = *b;
}

void dateField(const Form& f, Problems& p, std::string_view field, std::string& out) {
  auto v = f.one(field);
  if (!v || v->empty()) return;
  auto d = parseDate(*v);
  if (!d)
    p.add(field, fmt::format("'{}' is not a valid date", *v));
  else
    out = *d;
}

void textField(const Form& f, Problems& p, std::string_view field, size_t max, std::string& out) {
  auto v = f.one(field);
  if (!v) return;
  p.maxLength(field, *v, max);
  out = *v;
}

// The form fields of the spec's create and update schemas (the update has LogoUrl, the create
// BaseManHourCost and BaseManHour).
constexpr std::string_view kCommonFields[] = {
    "File", "Name", "Description", "IndustryResourceId", "CountryResourceId", "Address", "WebsiteUrl",
    "LicenseTypeResourceId", "LicenseModuleResourceIdArray", "LicensePeriodTypeResourceId", "LicenseStartDate",
    "LicenseEndDate", "IsNumberOfUsersLimited", "NumberOfUsers", "NotificationTemplateTypeResourceId",
    "TrainingContentTypeResourceId", "SmtpConfigurationTypeResourceId", "PreferredLanguageTypeResourceId",
    "IsVersionVisible", "IsReleaseNotesVisible", "ReleaseNotesUrl", "CompanyGroupResourceIdArray", "StatusId",
    "TimeZoneId", "DateFormat", "TimeFormat", "CallBackNumberBookingCount", "Tags"};
constexpr std::string_view kCreateOnlyFields[] = {"BaseManHourCost", "BaseManHour"};
constexpr std::string_view kUpdateOnlyFields[] = {"LogoUrl"};

/// A form field the schema of this request does not have is refused (ASP.NET would drop it
/// silently; refusing it is how a client that sends one finds out).
void onlyFormFields(const Form& f, bool update, Problems& p) {
  for (const auto& name : f.names()) {
    auto is = [&](std::string_view known) { return iequals(known, name); };
    bool known = std::any_of(std::begin(kCommonFields), std::end(kCommonFields), is) ||
                 (update ? std::any_of(std::begin(kUpdateOnlyFields), std::end(kUpdateOnlyFields), is)
                         : std::any_of(std::begin(kCreateOnlyFields), std::end(kCreateOnlyFields), is));
    if (!known)
      p.add(name, update ? "is not a field of the company update (PUT) form" : "is not a field of the company create form");
  }
}

/// Builds the company described by the form over base (identity, users, roles are kept;
/// every form field not sent becomes empty, as the real PUT does). groupIds receives the
/// CompanyGroupResourceIdArray.
Company companyFromForm(const Form& f, const Reference& ref, State& st, const Company& base, bool update, Problems& p,
                        std::vector<std::string>& groupIds) {
  onlyFormFields(f, update, p);
  Company c;
  c.resourceId = base.resourceId;
  c.isReseller = base.isReseller;
  c.resellerId = base.resellerId;
  c.seq = base.seq;
  c.createTime = base.createTime;
  c.roles = base.roles;
  c.systemUsers = base.systemUsers;
  c.targetUsers = base.targetUsers;
  c.targetGroups = base.targetGroups;

  auto name = f.one("Name");
  if (p.required("Name", name)) {
    p.maxLength("Name", *name, 64);
    c.name = *name;
  }
  textField(f, p, "Description", 300, c.description);
  textField(f, p, "Address", 200, c.address);
  textField(f, p, "WebsiteUrl", 2000, c.websiteUrl);
  textField(f, p, "ReleaseNotesUrl", 2000, c.releaseNotesUrl);
  if (update) textField(f, p, "LogoUrl", 2000, c.logoUrl);
  lookupField(f, p, ref, "IndustryResourceId", code_type::kIndustry, true, c.industryId);
  lookupField(f, p, ref, "CountryResourceId", code_type::kCountry, true, c.countryId);
  lookupField(f, p, ref, "LicensePeriodTypeResourceId", code_type::kLicensePeriod, true, c.licensePeriodId);
  lookupField(f, p, ref, "PreferredLanguageTypeResourceId", code_type::kLanguage, false, c.preferredLanguageId);
  lookupField(f, p, ref, "NotificationTemplateTypeResourceId", code_type::kNotificationTemplate, false,
              c.notificationTemplateTypeId);
  lookupField(f, p, ref, "TrainingContentTypeResourceId", code_type::kTrainingContent, false, c.trainingContentTypeId);
  lookupField(f, p, ref, "SmtpConfigurationTypeResourceId", code_type::kSmtpConfiguration, false,
              c.smtpConfigurationTypeId);

  const LicenseType* license = nullptr;
  if (auto v = f.one("LicenseTypeResourceId"); p.required("LicenseTypeResourceId", v)) {
    license = ref.licenseType(*v);
    if (!license)
      p.add("LicenseTypeResourceId", fmt::format("unknown id '{}'", *v));
    else
      c.licenseTypeId = *v;
  }
  for (const auto& m : f.all("LicenseModuleResourceIdArray")) {
    if (!ref.module(m)) {
      p.add("LicenseModuleResourceIdArray", fmt::format("unknown id '{}'", m));
    } else if (license && std::find(license->moduleIds.begin(), license->moduleIds.end(), m) == license->moduleIds.end()) {
      p.add("LicenseModuleResourceIdArray",
            fmt::format("module '{}' is not part of license type '{}'", ref.module(m)->name, license->name));
    } else if (std::find(c.moduleIds.begin(), c.moduleIds.end(), m) == c.moduleIds.end()) {
      c.moduleIds.push_back(m);
    }
  }

  if (auto v = f.one("NumberOfUsers"); p.required("NumberOfUsers", v)) {
    std::optional<int> n;
    intField(f, p, "NumberOfUsers", 1, n);
    if (n) c.numberOfUsers = *n;
  }
  boolField(f, p, "IsNumberOfUsersLimited", c.isNumberOfUsersLimited);
  boolField(f, p, "IsVersionVisible", c.isVersionVisible);
  boolField(f, p, "IsReleaseNotesVisible", c.isReleaseNotesVisible);
  dateField(f, p, "LicenseStartDate", c.licenseStartDate);
  dateField(f, p, "LicenseEndDate", c.licenseEndDate);
  if (!c.licenseStartDate.empty() && !c.licenseEndDate.empty() && c.licenseEndDate < c.licenseStartDate)
    p.add("LicenseEndDate", "must not be before LicenseStartDate");

  std::optional<int> status;
  intField(f, p, "StatusId", 1, status);
  if (status && *status != 1 && *status != 2)
    p.add("StatusId", fmt::format("unknown status {}", *status));
  else
    c.statusId = status.value_or(1);
  std::optional<int> n;
  if (update) {  // not in the PUT schema: set on create only, kept by every update
    c.baseManHourCost = base.baseManHourCost;
    c.baseManHour = base.baseManHour;
  } else {
    intField(f, p, "BaseManHourCost", 0, n);
    c.baseManHourCost = n.value_or(0);
    n.reset();
    intField(f, p, "BaseManHour", 0, n);
    c.baseManHour = n.value_or(0);
    n.reset();
  }
  intField(f, p, "CallBackNumberBookingCount", 0, n);
  c.callBackNumberBookingCount = n;

  if (auto v = f.one("TimeZoneId"); p.required("TimeZoneId", v)) {
    if (!ref.timeZone(*v))
      p.add("TimeZoneId", fmt::format("unknown time zone '{}'", *v));
    else
      c.timeZoneId = *v;
  }
  if (auto v = f.one("DateFormat"); p.required("DateFormat", v)) {
    if (!ref.hasDateFormat(*v))
      p.add("DateFormat", fmt::format("unknown date format '{}'", *v));
    else
      c.dateFormat = *v;
  }
  if (auto v = f.one("TimeFormat"); p.required("TimeFormat", v)) {
    if (!ref.hasTimeFormat(*v))
      p.add("TimeFormat", fmt::format("unknown time format '{}'", *v));
    else
      c.timeFormat = *v;
  }
  for (const auto& g : f.all("CompanyGroupResourceIdArray")) {
    if (!st.group(g))
      p.add("CompanyGroupResourceIdArray", fmt::format("unknown company group '{}'", g));
    else if (std::find(groupIds.begin(), groupIds.end(), g) == groupIds.end())
      groupIds.push_back(g);
  }
  for (const auto& t : f.all("Tags")) {
    if (utf8Length(t) > 64) p.add("Tags", "each tag must be at most 64 characters");
    if (std::find(c.tags.begin(), c.tags.end(), t) == c.tags.end()) c.tags.push_back(t);
  }
  return c;
}

/// Makes the company a member of exactly these groups.
void setMemberships(State& st, const std::string& companyId, const std::vector<std::string>& groupIds) {
  for (auto& g : st.groups) {
    bool wanted = std::find(groupIds.begin(), groupIds.end(), g.resourceId) != groupIds.end();
    auto it = std::find(g.companyIds.begin(), g.companyIds.end(), companyId);
    if (wanted && it == g.companyIds.end()) g.companyIds.push_back(companyId);
    if (!wanted && it != g.companyIds.end()) g.companyIds.erase(it);
  }
}

bool requireMultipart(Call& call) {
  if (call.req.is_multipart_form_data()) return true;
  reply(call.res, 415, "UNSUPPORTED_MEDIA_TYPE", "This endpoint only accepts multipart/form-data.");
  return false;
}

const std::string* companyKey(const Company& c, const std::string& orderBy) {
  if (orderBy == "name" || orderBy == "companyname") return &c.name;
  return nullptr;
}

}  // namespace

void Sim::companiesSearch(Call& call) {
  std::vector<std::string> vms;
  auto s = parseSearch(call.req.body, opts_.maxPageSize, false, vms);
  if (!s) return replyInput(call.res, vms);
  std::shared_lock lock(store_.mutex());
  const State& st = store_.state();
  std::vector<const Company*> items;
  int exceeded = 0;
  for (const auto& [seq, id] : st.companyOrder) {
    const Company& c = st.companies.at(id);
    if (c.isReseller || c.resellerId != call.who.companyId) continue;
    if (!icontains(c.name, s->text)) continue;
    bool over = c.isNumberOfUsersLimited && static_cast<int>(c.targetUsers.size()) > c.numberOfUsers;
    exceeded += over ? 1 : 0;
    if (s->exceededOnly && !over) continue;
    items.push_back(&c);
  }
  orderItems(items, *s, companyKey);
  const std::string today = nowIso().substr(0, 10);
  replyOk(call.res, [&](Writer& w) {
    writePage(
        w, *s, items, [&](Writer& w2, const Company& c) { writeSearchCompanyDto(w2, store_.ref(), st, c, today); },
        [&](Writer& w2) { jkv(w2, "limitExceededCompanyCount", exceeded); });
  });
}

void Sim::companyCreate(Call& call) {
  if (!requireMultipart(call)) return;
  Form form(call.req);
  std::unique_lock lock(store_.mutex());
  State& st = store_.state();
  Problems p;
  std::vector<std::string> groupIds;
  Company base;
  base.resellerId = call.who.companyId;
  Company c = companyFromForm(form, store_.ref(), st, base, /*update=*/false, p, groupIds);
  if (!p.empty()) return replyInput(call.res, p.messages);
  c.resourceId = st.newId();
  c.createTime = nowIso();
  c.roles = defaultRoles(st.idRng);
  const std::string id = st.addCompany(std::move(c)).resourceId;
  setMemberships(st, id, groupIds);
  store_.persist();
  replyId(call.res, id);
}

void Sim::companyUpdate(Call& call) {
  if (!requireMultipart(call)) return;
  Form form(call.req);
  std::unique_lock lock(store_.mutex());
  State& st = store_.state();
  Company* current = pathCompany(call, 0);
  if (!current) return;
  Problems p;
  std::vector<std::string> groupIds;
  Company c = companyFromForm(form, store_.ref(), st, *current, /*update=*/true, p, groupIds);
  if (!p.empty()) return replyInput(call.res, p.messages);
  *current = std::move(c);
  setMemberships(st, current->resourceId, groupIds);
  store_.persist();
  replyId(call.res, current->resourceId);
}

void Sim::companyGet(Call& call) {
  std::shared_lock lock(store_.mutex());
  Company* c = pathCompany(call, 0);
  if (!c) return;
  replyOk(call.res, [&](Writer& w) { writeCompanyDto(w, store_.ref(), store_.state(), *c); });
}

void Sim::companyDelete(Call& call) {
  std::unique_lock lock(store_.mutex());
  Company* c = pathCompany(call, 0);
  if (!c) return;
  if (c->isReseller) return replyForbidden(call.res, "A reseller cannot delete its own company.");
  const std::string id = c->resourceId;
  store_.state().removeCompany(id);
  store_.persist();
  replyId(call.res, id);
}

void Sim::companyLicenseCheck(Call& call) {
  std::shared_lock lock(store_.mutex());
  Company* c = pathCompany(call, 0);
  if (!c) return;
  int active = 0;
  for (const auto& u : c->targetUsers) active += u.isActive ? 1 : 0;
  const int total = static_cast<int>(c->targetUsers.size());
  replyOk(call.res, [&](Writer& w) {
    w.StartObject();
    jkb(w, "isLimited", c->isNumberOfUsersLimited);
    jkv(w, "licenseLimit", c->isNumberOfUsersLimited ? std::optional<int>(c->numberOfUsers) : std::nullopt);
    jkv(w, "activeUserCount", active);
    jkv(w, "totalUserCount", total);
    jkb(w, "isLicenseExceeded", c->isNumberOfUsersLimited && active > c->numberOfUsers);
    w.EndObject();
  });
}

void Sim::companiesMy(Call& call) {
  std::shared_lock lock(store_.mutex());
  const State& st = store_.state();
  const Company* own = st.company(call.who.companyId);
  auto entry = [&](Writer& w, const Company& c, bool withChildren) {
    w.StartObject();
    jkvn(w, "name", c.name);
    jkv(w, "resourceId", c.resourceId);
    jkvn(w, "logoUrl", c.logoUrl);
    jkv(w, "privacyDurationId", 0);
    jkb(w, "licenceExpired", false);
    jkey(w, "privacyDurationStartTime");
    w.Null();
    jkey(w, "privacyDurationEndTime");
    w.Null();
    jkey(w, "children");
    w.StartArray();
    if (withChildren)
      for (const auto& [seq, id] : st.companyOrder) {
        const Company& child = st.companies.at(id);
        if (!child.isReseller && child.resellerId == c.resourceId) {
          w.StartObject();
          jkvn(w, "name", child.name);
          jkv(w, "resourceId", child.resourceId);
          jkvn(w, "logoUrl", child.logoUrl);
          jkv(w, "privacyDurationId", 0);
          jkb(w, "licenceExpired", false);
          jkey(w, "privacyDurationStartTime");
          w.Null();
          jkey(w, "privacyDurationEndTime");
          w.Null();
          jkey(w, "children");
          w.StartArray();
          w.EndArray();
          w.EndObject();
        }
      }
    w.EndArray();
    w.EndObject();
  };
  replyOk(call.res, [&](Writer& w) {
    w.StartArray();
    if (own) entry(w, *own, call.who.role == ClientRole::kReseller);
    w.EndArray();
  });
}

}  // namespace keepnet_sim
