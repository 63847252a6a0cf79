#include "engine/manifest/yaml_reader.h"

#include <string>

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <rapidjson/pointer.h>

namespace onboard {
namespace {

std::string Str(const SourceDocument& doc, const char* pointer) {
  const rapidjson::Value* v = rapidjson::Pointer(pointer).Get(doc.json);
  REQUIRE_MESSAGE(v, pointer);
  REQUIRE_MESSAGE(v->IsString(), pointer);
  return {v->GetString(), v->GetStringLength()};
}

TEST_SUITE("yaml") {
  TEST_CASE("yaml: ordinary anchors and aliases repeat a value, with the anchor's locations") {
    Diagnostics diags;
    auto docs = ReadYamlDocuments("f.yaml",
                                  "license: &lic\n"
                                  "  type: enterprise\n"
                                  "  modules: [phishing, awareness]\n"
                                  "other: *lic\n"
                                  "name: &n Acme\n"
                                  "again: *n\n",
                                  &diags);
    INFO(diags.ToString());
    REQUIRE(docs.size() == 1);
    CHECK(diags.empty());
    const SourceDocument& d = docs[0];
    CHECK(Str(d, "/other/type") == "enterprise");
    CHECK(Str(d, "/other/modules/1") == "awareness");
    CHECK(Str(d, "/again") == "Acme");
    // A value repeated by an alias is located where it is written (the anchor)...
    CHECK(d.ValueLocation("/other/modules/1").line == 3);
    CHECK(d.ValueLocation("/other/modules/1").column == 23);
    // ...and the aliased member itself at its own key.
    CHECK(d.KeyLocation("/other").line == 4);
    CHECK(d.KeyLocation("/again").line == 6);
  }

  TEST_CASE("yaml: merge keys fill what the mapping does not set, its own keys and the first source win") {
    Diagnostics diags;
    auto docs = ReadYamlDocuments("f.yaml",
                                  "base: &base {type: enterprise, period: YEARLY, users: 10}\n"
                                  "more: &more {users: 20, limited: true, period: MONTHLY}\n"
                                  "one:\n"
                                  "  users: 5\n"
                                  "  <<: *base\n"
                                  "two:\n"
                                  "  <<: [*more, *base]\n"
                                  "three:\n"
                                  "  <<: {inline: yes-it-is}\n",
                                  &diags);
    INFO(diags.ToString());
    REQUIRE(docs.size() == 1);
    CHECK(diags.empty());
    const SourceDocument& d = docs[0];
    CHECK(d.json["one"]["users"].GetInt() == 5);
    CHECK(Str(d, "/one/type") == "enterprise");
    CHECK(Str(d, "/one/period") == "YEARLY");
    CHECK(d.json["two"]["users"].GetInt() == 20);
    CHECK(d.json["two"]["limited"].GetBool());
    CHECK(Str(d, "/two/period") == "MONTHLY");
    CHECK(Str(d, "/two/type") == "enterprise");
    CHECK(Str(d, "/three/inline") == "yes-it-is");
    CHECK_FALSE(d.json["one"].HasMember("<<"));
    // A merged value is located where it is written.
    CHECK(d.ValueLocation("/one/type").line == 1);
    CHECK(d.ValueLocation("/two/limited").line == 2);
    CHECK(d.Mark("/one/<<").line == 0);
    // A quoted "<<" is an ordinary key.
    docs = ReadYamlDocuments("f.yaml", "a:\n  \"<<\": 1\n", &diags);
    REQUIRE(docs.size() == 1);
    CHECK(docs[0].json["a"]["<<"].GetInt() == 1);
  }

  TEST_CASE("yaml: a merge key must name mappings") {
    Diagnostics diags;
    auto docs = ReadYamlDocuments("f.yaml", "s: &s text\nm:\n  <<: *s\n", &diags);
    REQUIRE(diags.error_count() == 1);
    CHECK(diags.items()[0].location.line == 3);
    CHECK(diags.items()[0].summary.find("merge key") != std::string::npos);
  }

  TEST_CASE("yaml: a recursive alias is refused at the alias, not followed forever") {
    Diagnostics diags;
    auto docs = ReadYamlDocuments("f.yaml", "a: &x [*x]\n", &diags);
    CHECK(docs.empty());
    REQUIRE(diags.error_count() == 1);
    CHECK(diags.items()[0].ToString().find("f.yaml:1:8:") == 0);
    CHECK(diags.items()[0].summary.find("the alias *x is inside the value it names") != std::string::npos);
    docs = ReadYamlDocuments("f.yaml", "a: &x {b: {c: *x}}\n", &diags);
    CHECK(docs.empty());
  }

  TEST_CASE("yaml: aliases may add at most max(10000, file size) values") {
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char level = 'b'; level <= 'j'; ++level) {
      bomb += std::string(1, level) + ": &" + level + " [";
      for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", " : "") + "*" + static_cast<char>(level - 1);
      bomb += "]\n";
    }
    Diagnostics diags;
    auto docs = ReadYamlDocuments("bomb.yaml", bomb, &diags);
    CHECK(docs.empty());
    REQUIRE(diags.error_count() == 1);
    // Anchors count what they keep, aliases what they repeat: a keeps 11 values; b repeats
    // 10 x 11 and keeps 111; c repeats 10 x 111 and keeps 1,111 (2,453 so far); each *c of d
    // repeats 1,111, and the 7th takes the total past 10,000 (at column 8 + 6 x 4).
    CHECK(diags.items()[0].ToString().find("bomb.yaml:4:32:") == 0);
    CHECK(diags.items()[0].summary.find("more than 10000 values") != std::string::npos);
  }

  TEST_CASE("yaml: nesting deeper than 64 levels is refused, plain or through an alias") {
    Diagnostics diags;
    auto docs = ReadYamlDocuments("f.yaml", "a: " + std::string(64, '[') + std::string(64, ']') + "\n", &diags);
    CHECK(docs.empty());
    REQUIRE(diags.error_count() == 1);
    CHECK(diags.items()[0].ToString().find("f.yaml:1:67:") == 0);  // the 64th [, the root mapping being the first
    diags = {};
    docs = ReadYamlDocuments("f.yaml", "a: " + std::string(63, '[') + std::string(63, ']') + "\n", &diags);
    CHECK(docs.size() == 1);
    CHECK(diags.empty());
    docs = ReadYamlDocuments("f.yaml", "a: &d " + std::string(40, '[') + std::string(40, ']') + "\nb: " +
                                           std::string(30, '[') + "*d" + std::string(30, ']') + "\n",
                             &diags);
    CHECK(docs.empty());
    REQUIRE(diags.error_count() == 1);
    CHECK(diags.items()[0].summary.find("the alias *d nests values more than 64 levels deep") != std::string::npos);
  }

  TEST_CASE("yaml: a file may hold at most 1,000,000 values") {
    // The default limit, refused at the value that passes it.
    std::string text = "a: [";
    for (int i = 0; i < 1000000; ++i) text += "1,";
    Diagnostics diags;
    auto docs = ReadYamlDocuments("big.yaml", text + "1]\n", &diags);
    CHECK(docs.empty());
    REQUIRE(diags.error_count() == 1);
    // The root mapping and the list are two values; the 999,999th item is the 1,000,001st.
    CHECK(diags.items()[0].ToString().find("big.yaml:1:2000001: error: a[999998]: the file holds more than 1000000 values") == 0);
  }

  TEST_CASE("yaml: a file of exactly the most values it may hold is read, one more is refused") {
    YamlLimits limits;
    limits.max_values = 1000;
    std::string text = "a: [";
    for (int i = 0; i < 998; ++i) text += fmt::format("{}{}", i ? "," : "", i);
    Diagnostics diags;
    auto docs = ReadYamlDocuments("f.yaml", text + "]\n", &diags, limits);  // 2 + 998 values
    CHECK(diags.empty());
    REQUIRE(docs.size() == 1);
    CHECK(docs[0].json["a"].Size() == 998);
    docs = ReadYamlDocuments("f.yaml", text + ",998]\n", &diags, limits);
    CHECK(docs.empty());
    REQUIRE(diags.error_count() == 1);
    CHECK(diags.items()[0].summary == "the file holds more than 1000 values");
    CHECK(diags.items()[0].ToString().find("f.yaml:1:") == 0);
  }

  TEST_CASE("yaml: !!binary values are refused at their location") {
    Diagnostics diags;
    auto docs = ReadYamlDocuments("f.yaml", "a:\n  name: !!binary QWNtZQ==\n", &diags);
    REQUIRE(diags.error_count() == 1);
    CHECK(diags.items()[0].ToString().find("f.yaml:2:9: error: a.name: binary values") == 0);
  }

  TEST_CASE("yaml: duplicate and non-scalar keys drop their value and reading goes on") {
    Diagnostics diags;
    auto docs = ReadYamlDocuments("f.yaml", "a: 1\na: {x: [1, 2]}\n? [k]\n: {y: 1}\nb: 2\n", &diags);
    INFO(diags.ToString());
    REQUIRE(docs.size() == 1);
    CHECK(diags.error_count() == 2);
    CHECK(docs[0].json["a"].GetInt() == 1);
    CHECK(docs[0].json["b"].GetInt() == 2);
    CHECK(docs[0].json.MemberCount() == 2);
  }
}

}  // namespace
}  // namespace onboard
