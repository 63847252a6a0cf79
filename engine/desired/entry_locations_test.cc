#include "engine/desired/entry_locations.h"

#include <doctest/doctest.h>

namespace onboard {

TEST_CASE("entry locations: a field's own location, else the entry's, else the fallback") {
  EntryLocations locs;
  const SourceLocation fallback{"customer.yaml", 3, 1};
  CHECK(locs.Find("email", fallback).line == 3);  // nothing recorded
  locs.Set("", {"acme.yaml", 30, 7});
  locs.Set("email", {"acme.yaml", 30, 16});
  locs.Set("timeZone", {"acme.yaml", 30, 90});
  locs.Set("timeZone", {"acme.yaml", 31, 5});  // replaces
  CHECK(locs.Find("email").ToString() == "acme.yaml:30:16");
  CHECK(locs.Find("timeZone").ToString() == "acme.yaml:31:5");
  CHECK(locs.Find("phone", fallback).ToString() == "acme.yaml:30:7");  // the entry
  CHECK(locs.Find("").ToString() == "acme.yaml:30:7");
  CHECK(locs.Has("email"));
  CHECK_FALSE(locs.Has("phone"));
}

TEST_CASE("entry locations: a CSV row's fields at the row are not stored apart, and file names are shared") {
  EntryLocations row;
  row.Set("", {"users/acme.csv", 2, 0});
  row.Set("email", {"users/acme.csv", 2, 0});
  CHECK_FALSE(row.Has("email"));
  CHECK(row.Find("email").ToString() == "users/acme.csv:2");
  const std::string other = std::string("users/") + "acme.csv";
  CHECK(InternFileName(other) == InternFileName("users/acme.csv"));
  CHECK(InternFileName("users/globex.csv") != InternFileName("users/acme.csv"));
  row.Set("email", {"users/globex.csv", 2, 0});  // another file: kept
  CHECK(row.Find("email").file == "users/globex.csv");
}

}  // namespace onboard
