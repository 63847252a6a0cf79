#pragma once
// The search request shared by every */search endpoint, and paging.

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "json.h"

namespace keepnet_sim {

/// A validated search request.
struct SearchRequest {
  int pageNumber = 1;
  int pageSize = 10;
  std::string orderBy;       ///< lower-cased
  bool ascending = false;
  std::string text;          ///< filter.SearchInputTextValue, lower-cased
  bool exceededOnly = false; ///< isTargetUserCountExceededLimit
};

/// Parses a search body strictly: pageNumber >= 1, pageSize >= 1, orderBy a string,
/// ascending a bool, filter an object (required unless filterOptional; never null) whose
/// SearchInputTextValue, when present, is a string. pageSize is clamped to maxPageSize.
/// On failure returns nullopt and fills validationMessages.
std::optional<SearchRequest> parseSearch(const std::string& body, int maxPageSize, bool filterOptional,
                                         std::vector<std::string>& validationMessages);

/// Orders items (already in creation order) by the request: CreateTime (creation order)
/// unless key(item, orderBy) returns a non-null string to sort by (case-insensitively).
template <class T, class Key>
void orderItems(std::vector<const T*>& items, const SearchRequest& s, Key key) {
  bool byKey = !items.empty() && key(*items.front(), s.orderBy) != nullptr;
  if (byKey) {
    std::stable_sort(items.begin(), items.end(), [&](const T* a, const T* b) {
      return lower(*key(*a, s.orderBy)) < lower(*key(*b, s.orderBy));
    });
  }
  if (!s.ascending) std::reverse(items.begin(), items.end());
}

/// Writes {pageNumber, pageSize, totalNumberOfPages, totalNumberOfRecords, results}; extra
/// writes additional leading members (e.g. limitExceededCompanyCount).
template <class T, class WriteItem>
void writePage(Writer& w, const SearchRequest& s, const std::vector<const T*>& items, WriteItem writeItem,
               const DataFn& extra = {}) {
  const int total = static_cast<int>(items.size());
  const int pages = (total + s.pageSize - 1) / s.pageSize;
  w.StartObject();
  if (extra) extra(w);
  jkv(w, "pageNumber", s.pageNumber);
  jkv(w, "pageSize", s.pageSize);
  jkv(w, "totalNumberOfPages", pages);
  jkv(w, "totalNumberOfRecords", total);
  jkey(w, "results");
  w.StartArray();
  const long long begin = static_cast<long long>(s.pageNumber - 1) * s.pageSize;
  for (long long i = begin; i < total && i < begin + s.pageSize; ++i) writeItem(w, *items[static_cast<size_t>(i)]);
  w.EndArray();
  w.EndObject();
}

}  // namespace keepnet_sim
