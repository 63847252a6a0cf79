#include "engine/render/mask.h"

#include <algorithm>

#include <doctest/doctest.h>

namespace onboard {
namespace {

TEST_SUITE("render") {

TEST_CASE("MaskPhone keeps the plus, the first two and the last four digits") {
  CHECK(MaskPhone("+905550000000") == "+90******0000");
  CHECK(MaskPhone("+15551234567") == "+15******567");
  CHECK(MaskPhone("905551112233") == "90******2233");
}

TEST_CASE("MaskPhone drops separators") {
  CHECK(MaskPhone("+90 555 000-00.00") == "+90******0000");
  CHECK(MaskPhone("+1 (555) 123-4567") == "+15******567");
}

TEST_CASE("MaskPhone keeps fewer digits of short numbers") {
  CHECK(MaskPhone("") == "");
  CHECK(MaskPhone("+") == "+");
  CHECK(MaskPhone("12") == "**");
  CHECK(MaskPhone("1234") == "1**4");
  CHECK(MaskPhone("123") == "***");
  CHECK(MaskPhone("12345678") == "12****78");
  CHECK(MaskPhone("123456789") == "12*****89");
  CHECK(MaskPhone("1234567890") == "12*****890");
}

TEST_CASE("MaskPhone is idempotent and hides most of any number") {
  for (const char* phone : {"+905550000000", "+15551234567", "1234", "12345", "12345678", "1234567890", "7"}) {
    std::string once = MaskPhone(phone);
    CHECK(MaskPhone(once) == once);
    size_t stars = std::count(once.begin(), once.end(), '*');
    size_t digits = once.size() - stars - (once[0] == '+' ? 1 : 0);
    CHECK(stars >= digits);
  }
}

TEST_CASE("MaskPhonesInText masks phone-like runs only") {
  CHECK(MaskPhonesInText("phone +44 1234 567891 is taken.") == "phone +44******7891 is taken.");
  CHECK(MaskPhonesInText("+905550000000, +905551111111") == "+90******0000, +90******1111");
  CHECK(MaskPhonesInText("users: +12 and 3+4=7") == "users: +12 and 3+4=7");
  CHECK(MaskPhonesInText("no phone here") == "no phone here");
  CHECK(MaskPhonesInText("already +90******0000") == "already +90******0000");
}

TEST_CASE("IsPhoneField") {
  CHECK(IsPhoneField("phone"));
  CHECK(IsPhoneField("manager.phone"));
  CHECK_FALSE(IsPhoneField("phones"));
  CHECK_FALSE(IsPhoneField("headphone"));
  CHECK_FALSE(IsPhoneField(".phone"));
}

}  // TEST_SUITE

}  // namespace
}  // namespace onboard
