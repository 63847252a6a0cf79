#include "engine/desired/entry_locations.h"

#include <thread>

#include "engine/desired/compact_location.h"
#include "engine/desired/desired_state.h"

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

TEST_CASE("entry locations: field paths are shared too, across threads") {
  EntryLocations a, b;
  a.Set("", {"acme.yaml", 30, 7});
  a.Set("manager.email", {"acme.yaml", 34, 14});
  std::thread([&b] {
    b.Set("", {"acme.yaml", 40, 7});
    b.Set("manager.email", {"acme.yaml", 44, 14});
  }).join();
  CHECK(a.Find("manager.email").ToString() == "acme.yaml:34:14");
  CHECK(b.Find("manager.email").ToString() == "acme.yaml:44:14");
  CHECK_FALSE(b.Has("manager.firstName"));
}

TEST_CASE("compact location: the location it was made from, in 16 bytes, the file name interned") {
  static_assert(sizeof(CompactLocation) <= 16);
  const CompactLocation none;
  CHECK_FALSE(none.known());
  CHECK(SourceLocation(none).file.empty());
  const CompactLocation at = SourceLocation{"manifests/acme.yaml", 7, 5};
  CHECK(at.known());
  CHECK(at.ToString() == "manifests/acme.yaml:7:5");
  const SourceLocation back = at;
  CHECK(back.file == "manifests/acme.yaml");
  CHECK(back.line == 7);
  CHECK(back.column == 5);
  CHECK(CompactLocation("users/acme.csv", 3, 0).ToString() == "users/acme.csv:3");
}

TEST_CASE("heap optional: unset is one pointer wide, copies are deep") {
  static_assert(sizeof(HeapOptional<DesiredManager>) == sizeof(void*));
  DesiredTargetUser u;
  CHECK_FALSE(u.manager.has_value());
  CHECK_FALSE(std::optional<DesiredManager>(u.manager).has_value());
  DesiredManager m;
  m.email = "jane@acme.example";
  u.manager = m;
  DesiredTargetUser copy = u;
  copy.manager->email = "john@acme.example";
  CHECK(*u.manager->email == "jane@acme.example");
  CHECK(*copy.manager->email == "john@acme.example");
  const std::optional<DesiredManager> as_optional = copy.manager;
  REQUIRE(as_optional.has_value());
  CHECK(*as_optional->email == "john@acme.example");
}

}  // namespace onboard
