#include "engine/api/wire_json.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "engine/api/token.h"

namespace onboard {

namespace {

bool HasField(const std::vector<MultipartField>& form, const std::string& name, const std::string& value) {
  return std::any_of(form.begin(), form.end(), [&](const MultipartField& f) { return f.name == name && f.value == value; });
}

int FieldCount(const std::vector<MultipartField>& form, const std::string& name) {
  return static_cast<int>(std::count_if(form.begin(), form.end(), [&](const MultipartField& f) { return f.name == name; }));
}

}  // namespace

TEST_SUITE("client") {

TEST_CASE("envelope: camelCase success") {
  Envelope env = ReadEnvelope(R"({"data":{"resourceId":"x"},"status":"SUCCESS","message":null,"validationMessages":null})");
  CHECK(env.is_json_object);
  CHECK(env.status == "SUCCESS");
  CHECK_FALSE(env.reports_failure());
  CHECK(EnvelopeSucceeded(200, env));
  CHECK_FALSE(EnvelopeSucceeded(500, env));
}

TEST_CASE("envelope: PascalCase keys with validation messages") {
  Envelope env = ReadEnvelope(
      R"({"Data":null,"Status":"INPUT_ERROR","Message":"Invalid","ValidationMessages":["Name: required","Email: bad"],"IsSuccess":false})");
  CHECK(env.status == "INPUT_ERROR");
  CHECK(env.message == "Invalid");
  REQUIRE(env.validation_messages.size() == 2);
  CHECK(env.validation_messages[1] == "Email: bad");
  REQUIRE(env.is_success.has_value());
  CHECK_FALSE(*env.is_success);
  CHECK(env.reports_failure());
}

TEST_CASE("envelope: isSuccess false with HTTP 200 is a failure") {
  Envelope env = ReadEnvelope(R"({"data":null,"isSuccess":false,"messages":["quota exceeded"]})");
  CHECK(env.reports_failure());
  CHECK_FALSE(EnvelopeSucceeded(200, env));
  REQUIRE(env.validation_messages.size() == 1);
  CHECK(env.validation_messages[0] == "quota exceeded");
}

TEST_CASE("envelope: an error status string with HTTP 200 is a failure") {
  CHECK_FALSE(EnvelopeSucceeded(200, ReadEnvelope(R"({"data":null,"status":"INTERNAL_SERVER_ERROR","message":"boom"})")));
  CHECK(IsErrorStatus("INPUT_ERROR"));
  CHECK(IsErrorStatus("Failed"));
  CHECK(IsErrorStatus("NOT_FOUND"));
  CHECK_FALSE(IsErrorStatus("SUCCESS"));
  CHECK_FALSE(IsErrorStatus(""));
  CHECK_FALSE(IsErrorStatus("OK"));
}

TEST_CASE("envelope: a non-JSON body is an empty envelope, an OAuth error gives its description") {
  Envelope html = ReadEnvelope("<html>Bad gateway</html>");
  CHECK_FALSE(html.is_json_object);
  CHECK_FALSE(html.reports_failure());
  Envelope oauth = ReadEnvelope(R"({"error":"invalid_client","error_description":"unknown client"})");
  CHECK(oauth.message == "unknown client");
  Envelope problem = ReadEnvelope(
      R"({"type":"x","title":"One or more validation errors occurred.","status":400,"errors":{"Name":["The Name field is required."]}})");
  CHECK(problem.message == "One or more validation errors occurred.");
  CHECK(problem.validation_messages == std::vector<std::string>{"Name: The Name field is required."});
  Envelope prism = ReadEnvelope(
      R"({"title":"Invalid request","detail":"Your request is not valid","validation":[{"location":["body"],"message":"must have required property 'Name'"}]})");
  CHECK(prism.message == "Your request is not valid");
  CHECK(prism.validation_messages == std::vector<std::string>{"must have required property 'Name'"});
}

TEST_CASE("companies search: companyResourceId is the id, numberOfUsers a string") {
  Page<CompanySummary> page;
  std::string error;
  REQUIRE(DecodeCompanyPage(R"({"data":{"pageNumber":2,"pageSize":5,"totalNumberOfPages":3,"totalNumberOfRecords":12,
      "results":[{"companyName":"Acme","companyResourceId":"c1","resourceId":"wrong","numberOfUsers":"500",
                  "licenseEndDate":"2027-01-01T00:00:00","targetUserCount":7,"children":[]}]},"status":"SUCCESS"})",
                            &page, &error));
  CHECK(page.page_number == 2);
  CHECK(page.page_size == 5);
  CHECK(page.total_pages == 3);
  CHECK(page.total_records == 12);
  REQUIRE(page.results.size() == 1);
  CHECK(page.results[0].id == "c1");
  CHECK(page.results[0].name == "Acme");
  CHECK(page.results[0].number_of_users == "500");
  CHECK(page.results[0].target_user_count == 7);
  CHECK(page.results[0].license_end == "2027-01-01T00:00:00");
}

TEST_CASE("companies search: nested children (a sub-reseller's companies) are listed too") {
  Page<CompanySummary> page;
  std::string error;
  REQUIRE(DecodeCompanyPage(R"({"data":{"pageNumber":1,"pageSize":10,"totalNumberOfPages":1,"totalNumberOfRecords":1,
      "results":[{"companyName":"Sub Reseller","companyResourceId":"r1",
                  "children":[{"companyName":"Child A","companyResourceId":"a1",
                               "children":[{"companyName":"Grandchild","companyResourceId":"g1"}]},
                              {"companyName":"Child B","companyResourceId":"b1","children":[]}]},
                 {"companyName":"Acme","companyResourceId":"c1"}]},"status":"SUCCESS"})",
                            &page, &error));
  std::vector<std::string> ids;
  for (const CompanySummary& c : page.results) ids.push_back(c.id);
  CHECK(ids == std::vector<std::string>{"r1", "a1", "g1", "b1", "c1"});
}

TEST_CASE("decoding fails with a reason when data is missing or of the wrong shape") {
  Page<CompanySummary> page;
  std::string error;
  CHECK_FALSE(DecodeCompanyPage("not json", &page, &error));
  CHECK(error.find("not JSON") != std::string::npos);
  CHECK_FALSE(DecodeCompanyPage(R"({"data":[1,2]})", &page, &error));
  std::vector<GroupRecord> groups;
  CHECK_FALSE(DecodeGroups(R"({"data":{"x":1}})", &groups, &error));
  CHECK(error.find("not a list") != std::string::npos);
}

TEST_CASE("company DTO: modules as given, groups, passthrough under multipart names") {
  CompanyRecord c;
  std::string error;
  REQUIRE(DecodeCompany(R"({"data":{"resourceId":"c1","name":"Acme","description":null,"industryResourceId":"ind",
      "countryResourceId":"tr","licenseTypeResourceId":"ent","licensePeriodTypeResourceId":"yr",
      "licenseModules":["Phishing Simulator","mod-2"],"licenseStartDate":"2026-01-01T00:00:00",
      "isNumberOfUsersLimited":true,"numberOfUsers":500,"preferredLanguageTypeResourceId":"en",
      "timeZoneId":"Turkey Standard Time","dateFormat":"dd/MM/yyyy","timeFormat":"HH:mm","tags":["gold"],
      "companyGroups":[{"resourceId":"g1","name":"EMEA"}],"statusId":1,
      "notificationTemplateTypeResourceId":"ntt","isVersionVisible":false,"baseManHour":8,
      "logoUrl":"https://cdn.example/acme.png","callBackNumberBookingCount":3,
      "releaseNotesUrl":null,"statusName":"Active"},"status":"SUCCESS"})",
                        &c, &error));
  CHECK(c.id == "c1");
  CHECK(c.description.empty());
  CHECK(c.license_module_ids == std::vector<std::string>{"Phishing Simulator", "mod-2"});
  CHECK(c.users_limited);
  CHECK(c.number_of_users == 500);
  CHECK(c.group_ids == std::vector<std::string>{"g1"});
  CHECK(c.tags == std::vector<std::string>{"gold"});
  REQUIRE(c.status_id.has_value());
  CHECK(*c.status_id == 1);
  using P = PassthroughFields::value_type;
  CHECK(std::find(c.passthrough.begin(), c.passthrough.end(), P{"NotificationTemplateTypeResourceId", "ntt"}) != c.passthrough.end());
  CHECK(std::find(c.passthrough.begin(), c.passthrough.end(), P{"IsVersionVisible", "false"}) != c.passthrough.end());
  CHECK(std::find(c.passthrough.begin(), c.passthrough.end(), P{"LogoUrl", "https://cdn.example/acme.png"}) != c.passthrough.end());
  CHECK(std::find(c.passthrough.begin(), c.passthrough.end(), P{"CallBackNumberBookingCount", "3"}) != c.passthrough.end());
  // Fields the PUT form lacks are not kept: baseManHour is create-only, statusName read-only.
  CHECK(std::none_of(c.passthrough.begin(), c.passthrough.end(), [](const P& p) { return p.first == "BaseManHour"; }));
  CHECK(std::none_of(c.passthrough.begin(), c.passthrough.end(), [](const P& p) { return p.first == "statusName"; }));
  // Nulls are not kept: sending "" back would not be the same as not sending.
  CHECK(std::none_of(c.passthrough.begin(), c.passthrough.end(), [](const P& p) { return p.first == "ReleaseNotesUrl"; }));

  // An update sends them back.
  auto form = EncodeCompanyForm(c, /*update=*/true);
  CHECK(HasField(form, "NotificationTemplateTypeResourceId", "ntt"));
  CHECK(HasField(form, "LogoUrl", "https://cdn.example/acme.png"));
  CHECK(HasField(form, "CompanyGroupResourceIdArray", "g1"));
  CHECK(std::none_of(form.begin(), form.end(), [](const MultipartField& f) { return f.name == "BaseManHour"; }));
  // A create sends no field the create form lacks, whatever the record holds.
  auto create = EncodeCompanyForm(c, /*update=*/false);
  CHECK(std::none_of(create.begin(), create.end(), [](const MultipartField& f) { return f.name == "LogoUrl"; }));
}

TEST_CASE("target user DTO: unmanaged fields of the PUT schema go back on the update") {
  TargetUserRecord u;
  std::string error;
  REQUIRE(DecodeTargetUser(R"({"data":{"resourceId":"u1","email":"jane@acme.example","phoneNumber":"+1",
      "department":"IT","priority":"High","isActive":true,"timeZoneId":"UTC",
      "customFieldValues":[{"resourceId":"cf1","name":"Employee ID","dataType":"Text","value":"E-7","timestampValue":null}],
      "managerFirstName":"Max","managerFullName":"Max","preferredLanguageId":null},"status":"SUCCESS"})",
                           &u, &error));
  using P = PassthroughFields::value_type;
  REQUIRE(u.passthrough.size() == 1);  // managed fields are members; managerFullName is read-only
  CHECK(u.passthrough[0] ==
        P{"customFields", R"([{"resourceId":"cf1","name":"Employee ID","dataType":"Text","value":"E-7","timestampValue":null}])"});
  CHECK_FALSE(u.target_group_ids.has_value());
  u.target_group_ids = std::vector<std::string>{"g1", "g2"};
  const std::string body = EncodeTargetUserBody(u, /*update=*/true);
  CHECK(body.find(R"("customFields":[{"resourceId":"cf1")") != std::string::npos);
  CHECK(body.find(R"("targetGroupResourceIds":["g1","g2"])") != std::string::npos);
  CHECK(body.find("managerFullName") == std::string::npos);
  // A passthrough name the request lacks is dropped; one a member wrote is not written twice.
  u.passthrough.push_back({"department", R"("other")"});
  u.passthrough.push_back({"notInTheSpec", "1"});
  const std::string again = EncodeTargetUserBody(u, /*update=*/true);
  CHECK(again.find("notInTheSpec") == std::string::npos);
  CHECK(again.find(R"("department":"IT")") != std::string::npos);
  CHECK(again.find("other") == std::string::npos);
}

TEST_CASE("target group bodies") {
  std::vector<TargetGroupRecord> groups;
  std::string error;
  REQUIRE(DecodeTargetGroups(
      R"({"data":[{"resourceId":"g1","name":"Finance","priority":"High","createDate":"2026-01-02T03:04:05Z"}],"status":"SUCCESS"})",
      &groups, &error));
  REQUIRE(groups.size() == 1);
  CHECK(groups[0].name == "Finance");
  CHECK(groups[0].priority == "High");
  CHECK(groups[0].create_time == "2026-01-02T03:04:05Z");  // which of two same-named groups is older
  CHECK(EncodeTargetGroupBody({"", "Finance", ""}) == R"({"name":"Finance","priority":"Medium"})");
  CHECK(EncodeAddTargetGroupUsersBody({"g1"}, {"u1", "u2"}) ==
        R"({"targetUserResourceIds":["u1","u2"],"targetGroupResourceIds":["g1"],"selectAll":false})");
  CHECK(EncodeRemoveTargetGroupUsersBody({"u1"}) == R"({"targetUserResourceIds":["u1"]})");
}

TEST_CASE("system user search: roles is one comma-joined string") {
  Page<SystemUserRecord> page;
  std::string error;
  REQUIRE(DecodeSystemUserPage(R"({"data":{"results":[{"resourceId":"u1","email":"ada@acme.example","firstName":"Ada",
      "lastName":"Admin","phoneNumber":"+90555","roles":"Company Admin, Auditor","statusId":1}]},"status":"SUCCESS"})",
                               &page, &error));
  REQUIRE(page.results.size() == 1);
  const auto& u = page.results[0];
  CHECK(u.id == "u1");
  CHECK(u.phone == "+90555");
  CHECK(u.role_names == std::vector<std::string>{"Company Admin", "Auditor"});
  CHECK(u.role_ids.empty());
  REQUIRE(u.status_id.has_value());
  CHECK(*u.status_id == 1);
}

TEST_CASE("target users: search view status and detailed DTO") {
  Page<TargetUserRecord> page;
  std::string error;
  REQUIRE(DecodeTargetUserPage(R"({"data":{"results":[
      {"resourceId":"t1","email":"a@x","status":"Active","timeZone":"UTC","preferredLanguage":"en"},
      {"resourceId":"t2","email":"b@x","status":"Inactive"}]},"status":"SUCCESS"})",
                               &page, &error));
  REQUIRE(page.results.size() == 2);
  CHECK(page.results[0].active == std::optional<bool>(true));
  CHECK(page.results[0].time_zone_id == "UTC");
  CHECK(page.results[0].preferred_language_id == "en");
  CHECK(page.results[1].active == std::optional<bool>(false));
  CHECK_FALSE(page.results[0].detailed);

  TargetUserRecord u;
  REQUIRE(DecodeTargetUser(R"({"data":{"resourceId":"t1","email":"a@x","phoneNumber":"1","isActive":false,
      "managerFirstName":"M","managerEmail":"m@x","priority":"High"}})",
                           &u, &error));
  CHECK(u.detailed);
  CHECK(u.active == std::optional<bool>(false));
  CHECK(u.manager_first_name == "M");
  CHECK(u.manager_email == "m@x");
  CHECK(u.priority == "High");
}

TEST_CASE("lookups, licenses and time zones fill the catalog") {
  std::vector<std::pair<int, CatalogEntry>> lookups;
  std::string error;
  REQUIRE(DecodeLookups(R"({"data":[{"resourceId":"tr","genericCodeTypeId":7,"name":"Turkey","code":"TR","isoCode":"TUR"}]})",
                        &lookups, &error));
  REQUIRE(lookups.size() == 1);
  CHECK(lookups[0].first == 7);
  CHECK(lookups[0].second.iso_code == "TUR");

  Catalog catalog;
  REQUIRE(DecodeLicenses(R"({"data":{"licenses":[{"resourceId":"ent","name":"Enterprise",
      "licenseModules":[{"resourceId":"m1","name":"Phishing Simulator","isAvailable":true}]}],
      "allLicenseModules":[{"resourceId":"m1","name":"Phishing Simulator"},{"resourceId":"m2","name":"Awareness"}]}})",
                         &catalog, &error));
  REQUIRE(catalog.license_types.size() == 1);
  CHECK(catalog.modules_by_license_type["ent"].size() == 1);
  CHECK(catalog.all_modules.size() == 2);

  REQUIRE(DecodeTimeZones(R"({"data":{"timeZoneList":[{"displayName":"(UTC+03:00) Istanbul","id":"Turkey Standard Time"}],
      "dateFormatList":["dd/MM/yyyy"],"timeFormatList":["HH:mm"]}})",
                          &catalog, &error));
  REQUIRE(catalog.time_zones.size() == 1);
  CHECK(catalog.time_zones[0].id == "Turkey Standard Time");
  CHECK(catalog.time_zones[0].name == "(UTC+03:00) Istanbul");
  CHECK(catalog.date_formats[0].id == "dd/MM/yyyy");
  CHECK(catalog.date_formats[0].name == "dd/MM/yyyy");
}

TEST_CASE("search body: stable paging and a filter that is never null") {
  CHECK(EncodeSearchBody(3, 50, "acme", FilterKeys::Pascal) ==
        R"({"pageNumber":3,"pageSize":50,"orderBy":"CreateTime","ascending":true,"filter":{"Condition":"AND","SearchInputTextValue":"acme"}})");
  CHECK(EncodeSearchBody(1, 100, "", FilterKeys::Camel) ==
        R"({"pageNumber":1,"pageSize":100,"orderBy":"CreateTime","ascending":true,"filter":{"condition":"AND","searchInputTextValue":""}})");
  // Text is escaped, not spliced.
  CHECK(EncodeSearchBody(1, 1, "a\"b", FilterKeys::Pascal).find(R"("a\"b")") != std::string::npos);
}

TEST_CASE("company multipart: spec names, repeated arrays, empty optionals left out on create") {
  CompanyRecord c;
  c.name = "Acme";
  c.industry_id = "ind";
  c.country_id = "tr";
  c.license_type_id = "ent";
  c.license_period_id = "yr";
  c.license_module_ids = {"m1", "m2"};
  c.number_of_users = 500;
  c.users_limited = true;
  c.time_zone_id = "Turkey Standard Time";
  c.date_format = "dd/MM/yyyy";
  c.time_format = "HH:mm";
  c.tags = {"emea", "gold"};
  c.license_start = "2026-01-01";

  auto create = EncodeCompanyForm(c, /*update=*/false);
  CHECK(HasField(create, "Name", "Acme"));
  CHECK(HasField(create, "IndustryResourceId", "ind"));
  CHECK(HasField(create, "CountryResourceId", "tr"));
  CHECK(HasField(create, "LicenseTypeResourceId", "ent"));
  CHECK(HasField(create, "LicensePeriodTypeResourceId", "yr"));
  CHECK(HasField(create, "NumberOfUsers", "500"));
  CHECK(HasField(create, "IsNumberOfUsersLimited", "true"));
  CHECK(HasField(create, "TimeZoneId", "Turkey Standard Time"));
  CHECK(HasField(create, "DateFormat", "dd/MM/yyyy"));
  CHECK(HasField(create, "TimeFormat", "HH:mm"));
  CHECK(HasField(create, "LicenseStartDate", "2026-01-01T00:00:00Z"));
  CHECK(FieldCount(create, "LicenseModuleResourceIdArray") == 2);
  CHECK(HasField(create, "LicenseModuleResourceIdArray", "m2"));
  CHECK(FieldCount(create, "Tags") == 2);
  CHECK(FieldCount(create, "Description") == 0);
  CHECK(FieldCount(create, "Address") == 0);
  CHECK(FieldCount(create, "LicenseEndDate") == 0);
  CHECK(FieldCount(create, "StatusId") == 0);

  auto update = EncodeCompanyForm(c, /*update=*/true);
  CHECK(HasField(update, "Description", ""));
  CHECK(HasField(update, "Address", ""));
  CHECK(HasField(update, "WebsiteUrl", ""));
  CHECK(FieldCount(update, "LicenseEndDate") == 0);  // "" is not a date-time
  c.license_end = "2027-01-01T10:30:00";
  c.license_start = "2026-01-01T00:00:00+03:00";
  update = EncodeCompanyForm(c, /*update=*/true);
  CHECK(HasField(update, "LicenseEndDate", "2027-01-01T10:30:00Z"));
  CHECK(HasField(update, "LicenseStartDate", "2026-01-01T00:00:00+03:00"));
}

TEST_CASE("user bodies") {
  SystemUserRecord admin;
  admin.email = "ada@acme.example";
  admin.first_name = "Ada";
  admin.last_name = "Admin";
  admin.phone = "+905550000000";
  admin.role_ids = {"r1"};
  admin.role_names = {"Company Admin"};
  CHECK(EncodeSystemUserBody(admin, /*update=*/true) ==
        R"({"firstName":"Ada","lastName":"Admin","email":"ada@acme.example","phoneNumber":"+905550000000","roleResourceIdList":["r1"]})");

  TargetUserRecord t;
  t.email = "jane@acme.example";
  t.phone = "+905551111111";
  t.first_name = "Jane";
  t.active = true;
  CHECK(EncodeTargetUserBody(t, false) ==
        R"({"email":"jane@acme.example","phoneNumber":"+905551111111","firstName":"Jane","isActive":true})");
  const std::string update = EncodeTargetUserBody(t, true);
  CHECK(update.find(R"("department":"")") != std::string::npos);
  CHECK(update.find(R"("managerEmail":"")") != std::string::npos);
  CHECK(update.find("priority") == std::string::npos);
}

TEST_CASE("small bodies and the token form") {
  CHECK(EncodeCreateGroupBody("EMEA") == R"({"name":"EMEA"})");
  CHECK(EncodeParticipantsBody({"c1", "c2"}) == R"({"companyResourceIdArray":["c1","c2"]})");
  CHECK(EncodeLookupsBody({7, 3}) == R"({"typeIdList":[7,3]})");
  HttpRequest token_request;
  token_request.url_form = TokenRequestForm("demo client", Secret("s+c&r=t/%"));
  CHECK(WireBody(token_request) ==
        "grant_type=client_credentials&client_id=demo%20client&client_secret=s%2Bc%26r%3Dt%2F%25&scope=api1");
  CHECK(ShownBody(token_request) == "grant_type=client_credentials\nclient_id=demo client\nclient_secret=[redacted]\nscope=api1\n");
  std::string token, error;
  int expires = 0;
  REQUIRE(DecodeToken(R"({"access_token":"abc","expires_in":60,"token_type":"Bearer"})", &token, &expires, &error));
  CHECK(token == "abc");
  CHECK(expires == 60);
  CHECK_FALSE(DecodeToken(R"({"error":"invalid_client"})", &token, &expires, &error));
}

TEST_CASE("ApiError::ToString names the request and never a secret it was not given") {
  ApiError e{ApiError::Kind::Http, 400, "INPUT_ERROR", "Name: too long", {"Name: max 64", "Email: invalid"},
             "POST", "/api/companies", "c1", "customer.acme.company"};
  CHECK(e.ToString() ==
        "POST /api/companies [customer.acme.company] (company c1): HTTP 400 INPUT_ERROR: Name: too long; validation: Name: max 64; Email: invalid");
  CHECK(e.permanent());
  e.http_status = 429;
  CHECK_FALSE(e.permanent());
  ApiError unknown{ApiError::Kind::OutcomeUnknown, 0, "", "Empty reply from server", {}, "POST", "/api/companies", "", ""};
  CHECK(unknown.ToString().find("outcome unknown") != std::string::npos);
  CHECK(unknown.ToString().find("Empty reply from server") != std::string::npos);
  CHECK_FALSE(unknown.permanent());
}

}  // TEST_SUITE

}  // namespace onboard
