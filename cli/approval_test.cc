#include "cli/approval.h"

#include <doctest/doctest.h>

namespace onboard::cli {

TEST_CASE("approval: apply --format json never prompts, on a terminal or not, --auto-approve or --dry-run lets it run") {
  ApplyOptions json;
  json.common.format = OutputFormat::Json;
  for (bool terminal : {true, false}) {
    std::string refusal = ApprovalRefusal(json, terminal);
    CHECK(refusal.find("add --auto-approve") != std::string::npos);
    CHECK(refusal.find("Nothing was written") != std::string::npos);
  }
  json.auto_approve = true;
  CHECK(ApprovalRefusal(json, true).empty());
  json.auto_approve = false;
  json.dry_run = true;
  CHECK(ApprovalRefusal(json, true).empty());

  ApplyOptions text;
  CHECK(ApprovalRefusal(text, true).empty());  // asks on the terminal
  CHECK(ApprovalRefusal(text, false).find("stdin is not a terminal") != std::string::npos);
}

TEST_CASE("approval: apply --format jsonl never prompts either") {
  ApplyOptions jsonl;
  jsonl.common.format = OutputFormat::Jsonl;
  CHECK(ApprovalRefusal(jsonl, true).find("add --auto-approve") != std::string::npos);
  jsonl.auto_approve = true;
  CHECK(ApprovalRefusal(jsonl, true).empty());
}

}  // namespace onboard::cli
