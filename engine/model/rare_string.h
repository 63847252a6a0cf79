#pragma once
// A string that most objects leave empty: 8 bytes when empty, where std::string is 32. A
// million target users each carry a time zone, a language and three manager fields that few
// set, and a planned action an id and a digest that only updates and deletes use; as
// std::strings they are a fifth of a large plan's memory (docs/benchmarks.md, memory).
// It reads as a `const std::string&` and is assigned from strings, so the records that hold
// one read like plain data.

#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace onboard {

class RareString {
 public:
  RareString() = default;
  RareString(std::string value) { Set(std::move(value)); }  // NOLINT: implicit, as std::string
  RareString(const char* value) : RareString(std::string(value)) {}  // NOLINT
  RareString(const RareString& other) : p_(other.p_ ? std::make_unique<std::string>(*other.p_) : nullptr) {}
  RareString(RareString&&) noexcept = default;
  RareString& operator=(const RareString& other) {
    if (this != &other) p_ = other.p_ ? std::make_unique<std::string>(*other.p_) : nullptr;
    return *this;
  }
  RareString& operator=(RareString&&) noexcept = default;
  RareString& operator=(std::string value) {
    Set(std::move(value));
    return *this;
  }
  RareString& operator=(const char* value) { return *this = std::string(value); }

  const std::string& str() const {
    static const std::string kEmpty;
    return p_ ? *p_ : kEmpty;
  }
  operator const std::string&() const { return str(); }  // NOLINT: reads as the string it holds
  operator std::string_view() const { return str(); }    // NOLINT
  bool empty() const { return p_ == nullptr; }
  size_t size() const { return p_ ? p_->size() : 0; }
  const char* c_str() const { return str().c_str(); }
  void clear() { p_.reset(); }

  friend bool operator==(const RareString& a, const RareString& b) { return a.str() == b.str(); }
  friend bool operator==(const RareString& a, const std::string& b) { return a.str() == b; }
  friend bool operator==(const std::string& a, const RareString& b) { return a == b.str(); }
  friend bool operator==(const RareString& a, const char* b) { return a.str() == b; }
  friend bool operator!=(const RareString& a, const RareString& b) { return !(a == b); }
  friend bool operator!=(const RareString& a, const std::string& b) { return !(a == b); }
  friend bool operator!=(const std::string& a, const RareString& b) { return !(a == b); }
  friend bool operator!=(const RareString& a, const char* b) { return !(a == b); }
  friend bool operator<(const RareString& a, const RareString& b) { return a.str() < b.str(); }

 private:
  void Set(std::string value) {
    if (value.empty()) p_.reset();
    else if (p_) *p_ = std::move(value);
    else p_ = std::make_unique<std::string>(std::move(value));
  }

  std::unique_ptr<std::string> p_;  // null when empty
};

}  // namespace onboard
