#pragma once
// Validates a plan JSON document against schemas/plan.schema.json with RapidJSON's
// SchemaValidator, for every test that produces one.

#include <fstream>
#include <sstream>
#include <string>

#include <rapidjson/document.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace onboard::render_fixtures {

/// "" when `json` is valid against the plan schema, else what is wrong and where.
inline std::string PlanSchemaErrors(const std::string& json) {
  static const std::string schema_text = [] {
    std::ifstream in(ONBOARD_SOURCE_DIR "/schemas/plan.schema.json");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }();
  rapidjson::Document schema_doc;
  if (schema_doc.Parse(schema_text.c_str()).HasParseError()) return "schemas/plan.schema.json is not valid JSON";
  rapidjson::SchemaDocument schema(schema_doc);
  rapidjson::Document doc;
  if (doc.Parse(json.c_str()).HasParseError()) return "the document is not valid JSON";
  rapidjson::SchemaValidator validator(schema);
  if (doc.Accept(validator)) return "";
  rapidjson::StringBuffer where, rule;
  validator.GetInvalidDocumentPointer().StringifyUriFragment(where);
  validator.GetInvalidSchemaPointer().StringifyUriFragment(rule);
  return std::string("invalid at ") + where.GetString() + " (schema " + rule.GetString() + ", keyword " +
         validator.GetInvalidSchemaKeyword() + ")";
}

}  // namespace onboard::render_fixtures
