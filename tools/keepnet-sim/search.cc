#include "search.h"

namespace keepnet_sim {

std::optional<SearchRequest> parseSearch(const std::string& body, int maxPageSize, bool filterOptional,
                                         std::vector<std::string>& vms) {
  rapidjson::Document doc;
  doc.Parse(body.c_str(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    vms.push_back("body: must be a JSON object");
    return std::nullopt;
  }
  SearchRequest s;
  const auto* pn = member(doc, "pageNumber");
  if (!pn || !pn->IsInt() || pn->GetInt() < 1)
    vms.push_back("PageNumber: must be an integer >= 1");
  else
    s.pageNumber = pn->GetInt();
  const auto* ps = member(doc, "pageSize");
  if (!ps || !ps->IsInt() || ps->GetInt() < 1)
    vms.push_back("PageSize: must be an integer >= 1");
  else
    s.pageSize = std::min(ps->GetInt(), maxPageSize);
  const auto* ob = member(doc, "orderBy");
  if (!ob || !ob->IsString())
    vms.push_back("OrderBy: is required and must be a string");
  else
    s.orderBy = lower(ob->GetString());
  const auto* asc = member(doc, "ascending");
  if (!asc || !asc->IsBool())
    vms.push_back("Ascending: is required and must be a boolean");
  else
    s.ascending = asc->GetBool();
  const auto* filter = member(doc, "filter");
  if (!filter) {
    if (!filterOptional) vms.push_back("Filter: is required");
  } else if (!filter->IsObject()) {
    vms.push_back("Filter: must be an object");
  } else {
    const auto* text = member(*filter, "searchInputTextValue");
    if (text && !text->IsString())
      vms.push_back("Filter.SearchInputTextValue: must be a string");
    else if (text)
      s.text = lower(text->GetString());
    const auto* cond = member(*filter, "condition");
    if (cond && !cond->IsString()) vms.push_back("Filter.Condition: must be a string");
  }
  if (const auto* ex = member(doc, "isTargetUserCountExceededLimit")) {
    if (ex->IsBool())
      s.exceededOnly = ex->GetBool();
    else if (!ex->IsNull())
      vms.push_back("IsTargetUserCountExceededLimit: must be a boolean");
  }
  if (!vms.empty()) return std::nullopt;
  return s;
}

}  // namespace keepnet_sim
