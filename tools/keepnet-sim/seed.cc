#include "seed.h"

namespace keepnet_sim {

namespace {

struct Row {
  const char* name;
  const char* code;
  const char* iso = "";
  const char* isoFriendly = "";
};

void addLookups(Reference& ref, std::mt19937_64& rng, int typeId, const std::vector<Row>& rows) {
  int order = 1;
  for (const auto& r : rows) {
    Lookup l;
    l.resourceId = randomId(rng);
    l.typeId = typeId;
    l.name = r.name;
    l.code = r.code;
    l.isoCode = r.iso;
    l.isoFriendlyName = r.isoFriendly;
    l.orderNumber = order++;
    ref.lookups.push_back(std::move(l));
  }
}

}  // namespace

Reference buildReference(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  Reference ref;
  ref.codeTypes = {
      {code_type::kCountry, "Country", "Countries with their ISO 3166 codes"},
      {code_type::kIndustry, "Industry", "Industry of a company"},
      {code_type::kLicensePeriod, "License Period Type", "Billing period of a license"},
      {code_type::kLanguage, "Language", "Preferred language of a company or user"},
      {code_type::kCompanyStatus, "Company Status", "Status of a company"},
      {code_type::kNotificationTemplate, "Notification Template Type", "Notification template set"},
      {code_type::kTrainingContent, "Training Content Type", "Training content set"},
      {code_type::kSmtpConfiguration, "Smtp Configuration Type", "Outgoing mail configuration"},
  };
  addLookups(ref, rng, code_type::kCountry,
             {{"Turkey", "TR", "TR", "Türkiye"},
              {"United States", "US", "US", "United States of America"},
              {"United Kingdom", "GB", "GB", "United Kingdom of Great Britain and Northern Ireland"},
              {"Germany", "DE", "DE", "Germany"},
              {"France", "FR", "FR", "France"},
              {"Netherlands", "NL", "NL", "Netherlands"},
              {"Spain", "ES", "ES", "Spain"},
              {"Italy", "IT", "IT", "Italy"},
              {"Brazil", "BR", "BR", "Brazil"},
              {"Portugal", "PT", "PT", "Portugal"},
              {"Japan", "JP", "JP", "Japan"},
              {"India", "IN", "IN", "India"},
              {"United Arab Emirates", "AE", "AE", "United Arab Emirates"},
              {"Saudi Arabia", "SA", "SA", "Saudi Arabia"},
              {"Canada", "CA", "CA", "Canada"}});
  addLookups(ref, rng, code_type::kIndustry,
             {{"Technology", "TECH"},
              {"Finance", "FIN"},
              {"Healthcare", "HEALTH"},
              {"Education", "EDU"},
              {"Government", "GOV"},
              {"Retail", "RETAIL"},
              {"Manufacturing", "MFG"},
              {"Energy", "ENERGY"},
              {"Telecommunications", "TELCO"},
              {"Other", "OTHER"}});
  addLookups(ref, rng, code_type::kLicensePeriod,
             {{"Monthly", "MONTHLY"}, {"Yearly", "YEARLY"}, {"Perpetual", "PERPETUAL"}});
  // Two languages share the name "Portuguese" on purpose: the real platform has such pairs.
  addLookups(ref, rng, code_type::kLanguage,
             {{"English", "en", "en", "English"},
              {"Turkish", "tr", "tr", "Türkçe"},
              {"German", "de", "de", "Deutsch"},
              {"French", "fr", "fr", "Français"},
              {"Spanish", "es", "es", "Español"},
              {"Portuguese", "pt-BR", "pt-BR", "Português (Brasil)"},
              {"Portuguese", "pt-PT", "pt-PT", "Português (Portugal)"}});
  addLookups(ref, rng, code_type::kCompanyStatus, {{"Active", "1"}, {"Inactive", "2"}});
  addLookups(ref, rng, code_type::kNotificationTemplate, {{"Default", "DEFAULT"}, {"Custom", "CUSTOM"}});
  addLookups(ref, rng, code_type::kTrainingContent, {{"Standard", "STANDARD"}, {"Custom", "CUSTOM"}});
  addLookups(ref, rng, code_type::kSmtpConfiguration, {{"Keepnet SMTP", "KEEPNET"}, {"Custom SMTP", "CUSTOM"}});

  for (const char* name : {"Phishing Simulator", "Awareness Educator", "Incident Responder", "Threat Intelligence",
                           "Threat Sharing", "Smishing Simulator", "Vishing Simulator", "Quishing Simulator",
                           "Callback Simulator"})
    ref.modules.push_back({randomId(rng), name});
  auto ids = [&](std::initializer_list<int> idx) {
    std::vector<std::string> out;
    for (int i : idx) out.push_back(ref.modules[static_cast<size_t>(i)].resourceId);
    return out;
  };
  ref.licenseTypes.push_back({randomId(rng), "Enterprise", ids({0, 1, 2, 3, 4, 5, 6, 7, 8})});
  ref.licenseTypes.push_back({randomId(rng), "Professional", ids({0, 1, 2, 5})});
  ref.licenseTypes.push_back({randomId(rng), "Trial", ids({0, 1})});

  ref.timeZones = {
      {"UTC", "(UTC) Coordinated Universal Time"},
      {"GMT Standard Time", "(UTC+00:00) Dublin, Edinburgh, Lisbon, London"},
      {"W. Europe Standard Time", "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna"},
      {"Turkey Standard Time", "(UTC+03:00) Istanbul"},
      {"Arabian Standard Time", "(UTC+04:00) Abu Dhabi, Muscat"},
      {"India Standard Time", "(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi"},
      {"Tokyo Standard Time", "(UTC+09:00) Osaka, Sapporo, Tokyo"},
      {"E. South America Standard Time", "(UTC-03:00) Brasilia"},
      {"Eastern Standard Time", "(UTC-05:00) Eastern Time (US & Canada)"},
      {"Pacific Standard Time", "(UTC-08:00) Pacific Time (US & Canada)"},
  };
  ref.dateFormats = {"dd/MM/yyyy", "MM/dd/yyyy", "yyyy-MM-dd", "dd.MM.yyyy"};
  ref.timeFormats = {"HH:mm", "hh:mm tt"};
  return ref;
}

std::vector<Role> defaultRoles(std::mt19937_64& rng) {
  std::vector<Role> roles;
  for (const char* name : {"Company Admin", "Read Only Admin", "Campaign Manager"})
    roles.push_back({randomId(rng), name});
  return roles;
}

namespace {

const Lookup& firstOf(const Reference& ref, int typeId, const std::string& code) {
  for (const auto& l : ref.lookups)
    if (l.typeId == typeId && l.code == code) return l;
  return ref.lookups.front();
}

}  // namespace

Company defaultCompany(const Reference& ref, std::string name) {
  Company c;
  c.name = std::move(name);
  c.industryId = firstOf(ref, code_type::kIndustry, "TECH").resourceId;
  c.countryId = firstOf(ref, code_type::kCountry, "US").resourceId;
  c.licenseTypeId = ref.licenseTypes.front().resourceId;
  c.licensePeriodId = firstOf(ref, code_type::kLicensePeriod, "YEARLY").resourceId;
  c.numberOfUsers = 100;
  c.statusId = 1;
  c.timeZoneId = "UTC";
  c.dateFormat = ref.dateFormats.front();
  c.timeFormat = ref.timeFormats.front();
  return c;
}

State initialState(std::uint64_t seed, const Reference& ref, const std::vector<Client>& clients) {
  // A stream apart from the reference data's, so adding lookups does not move company ids.
  std::mt19937_64 rng(seed ^ 0x5eed5eed5eedULL);
  State st;
  st.idRng.seed(seed * 0x9E3779B97F4A7C15ULL + 17);
  const std::string seededTime = "2024-01-01T00:00:00.000Z";

  auto addSeeded = [&](Company c) -> Company& {
    c.resourceId = randomId(rng);
    c.roles = defaultRoles(rng);
    c.createTime = seededTime;
    return st.addCompany(std::move(c));
  };

  Company demo = defaultCompany(ref, "Demo Reseller");
  demo.isReseller = true;
  demo.numberOfUsers = 100000;
  const std::string demoId = addSeeded(std::move(demo)).resourceId;

  bool demoTaken = false;
  for (const auto& cl : clients) {
    if (cl.role == ClientRole::kReseller) {
      if (!demoTaken) {
        st.clientCompany[cl.id] = demoId;
        demoTaken = true;
        continue;
      }
      Company r = defaultCompany(ref, cl.id + " Reseller");
      r.isReseller = true;
      r.numberOfUsers = 100000;
      st.clientCompany[cl.id] = addSeeded(std::move(r)).resourceId;
    } else {
      Company c = defaultCompany(ref, cl.id + " Company");
      c.resellerId = demoId;
      st.clientCompany[cl.id] = addSeeded(std::move(c)).resourceId;
    }
  }
  return st;
}

}  // namespace keepnet_sim
