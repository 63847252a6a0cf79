#include "engine/catalog/catalog.h"

#include <doctest/doctest.h>

#include "tests/support/plan_fixtures.h"

namespace onboard {
namespace {

TEST_SUITE("planner") {
  TEST_CASE("catalog: a reference resolves by name, code, ISO code or id, trimmed and case-insensitively") {
    Catalog c = fixtures::SimCatalog();
    for (const char* text : {"Turkey", "turkey", "  TURKEY ", "TR", "tr", "country-tr", "COUNTRY-TR"}) {
      Resolution r = Resolve(ReferenceKind::Country, c.countries, text);
      CHECK_MESSAGE(r.ok, text);
      CHECK(r.id == "country-tr");
    }
    CHECK(Resolve(ReferenceKind::Language, c.languages, "pt-br").id == "language-pt-br");
    CHECK(Resolve(ReferenceKind::Industry, c.industries, "finance").id == "industry-finance");
    CHECK(Resolve(ReferenceKind::TimeZone, c.time_zones, "turkey standard time").id == "Turkey Standard Time");
  }

  TEST_CASE("catalog: an unknown reference names only the close entries, once") {
    Catalog c = fixtures::SimCatalog();
    Resolution r = Resolve(ReferenceKind::Country, c.countries, "Turky");
    CHECK_FALSE(r.ok);
    CHECK(r.id.empty());
    CHECK(r.error == "\"Turky\" matches no country");
    CHECK(r.candidates == std::vector<std::string>{"Turkey"});

    // Nothing close: no suggestion rather than three far-off names.
    Resolution far = Resolve(ReferenceKind::Country, c.countries, "Atlantis");
    CHECK_FALSE(far.ok);
    CHECK(far.candidates.empty());
    // A code is close too, and a name the text begins.
    CHECK(Resolve(ReferenceKind::Country, c.countries, "Unit").candidates ==
          std::vector<std::string>{"United States", "United Kingdom", "United Arab Emirates"});
    CHECK(Resolve(ReferenceKind::Country, c.countries, "TRR").candidates == std::vector<std::string>{"Turkey"});

    Resolution empty = Resolve(ReferenceKind::Role, {}, "Owner");
    CHECK_FALSE(empty.ok);
    CHECK(empty.candidates.empty());
    CHECK(empty.error == "\"Owner\" matches no role");
  }

  TEST_CASE("catalog: a name two entries share is ambiguous and lists both with their codes") {
    Catalog c = fixtures::SimCatalog();
    Resolution r = Resolve(ReferenceKind::Language, c.languages, "portuguese");
    CHECK_FALSE(r.ok);
    CHECK(r.error.find("matches 2 languages") != std::string::npos);
    REQUIRE(r.candidates.size() == 2);
    CHECK(r.candidates[0].find("pt-BR") != std::string::npos);
    CHECK(r.candidates[1].find("pt-PT") != std::string::npos);
    CHECK(r.candidates[1].find("language-pt-pt") != std::string::npos);

    Resolution plural = Resolve(ReferenceKind::Country, {{"a", "X", {}, {}}, {"b", "X", {}, {}}}, "x");
    CHECK(plural.error.find("matches 2 countries") != std::string::npos);
  }

  TEST_CASE("catalog: one entry listed twice is not ambiguous, an exact-case match settles a tie") {
    std::vector<CatalogEntry> twice = {{"id-1", "Alpha", {}, {}}, {"id-1", "Alpha", {}, {}}};
    CHECK(Resolve(ReferenceKind::Industry, twice, "alpha").ok);

    std::vector<CatalogEntry> formats = {{"HH:mm", "HH:mm", {}, {}}, {"hh:mm", "hh:mm", {}, {}}};
    CHECK(Resolve(ReferenceKind::TimeFormat, formats, "HH:mm").id == "HH:mm");
    CHECK(Resolve(ReferenceKind::TimeFormat, formats, "hh:mm").id == "hh:mm");
    CHECK_FALSE(Resolve(ReferenceKind::TimeFormat, formats, "Hh:mm").ok);
    CHECK_FALSE(Resolve(ReferenceKind::TimeFormat, formats, "  ").ok);
  }

  TEST_CASE("catalog: list() returns the list of each kind, roles live with their company") {
    Catalog c = fixtures::SimCatalog();
    CHECK(&c.list(ReferenceKind::Country) == &c.countries);
    CHECK(&c.list(ReferenceKind::LicenseModule) == &c.all_modules);
    CHECK(&c.list(ReferenceKind::TimeFormat) == &c.time_formats);
    CHECK(c.list(ReferenceKind::Role).empty());
    CHECK(std::string(ReferenceKindName(ReferenceKind::LicensePeriod)) == "license period");
    CHECK(std::string(ReferenceKindName(ReferenceKind::TimeZone)) == "time zone");
  }
}

}  // namespace
}  // namespace onboard
