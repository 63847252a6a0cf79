#pragma once
// A string that many objects hold the same few values of: a target user's first and last
// names, department and priority. 8 bytes, where std::string is 32; equal values share one
// copy in a process-wide pool that is never emptied (names and departments repeat across a
// million users; the pool holds each distinct value once). It reads as a
// `const std::string&` and is assigned from strings, as RareString (model/rare_string.h)
// is, so the records that hold one read like plain data. Safe to make from several threads
// (the manifests load on two).

#include <string>
#include <string_view>

namespace onboard {

class InternedString {
 public:
  InternedString() = default;
  InternedString(std::string_view value) : p_(Intern(value)) {}  // NOLINT: implicit, as std::string
  InternedString(const std::string& value) : InternedString(std::string_view(value)) {}  // NOLINT
  InternedString(const char* value) : InternedString(std::string_view(value)) {}  // NOLINT
  InternedString& operator=(std::string_view value) {
    p_ = Intern(value);
    return *this;
  }
  InternedString& operator=(const std::string& value) { return *this = std::string_view(value); }
  InternedString& operator=(const char* value) { return *this = std::string_view(value); }

  const std::string& str() const { return p_ ? *p_ : Empty(); }
  operator const std::string&() const { return str(); }  // NOLINT: reads as the string it holds
  operator std::string_view() const { return str(); }    // NOLINT
  bool empty() const { return p_ == nullptr; }
  size_t size() const { return p_ ? p_->size() : 0; }
  const char* c_str() const { return str().c_str(); }
  void clear() { p_ = nullptr; }

  // One copy per value: equal strings are the same pointer.
  friend bool operator==(const InternedString& a, const InternedString& b) { return a.p_ == b.p_; }
  friend bool operator==(const InternedString& a, const std::string& b) { return a.str() == b; }
  friend bool operator==(const std::string& a, const InternedString& b) { return a == b.str(); }
  friend bool operator==(const InternedString& a, const char* b) { return a.str() == b; }
  friend bool operator!=(const InternedString& a, const InternedString& b) { return !(a == b); }
  friend bool operator!=(const InternedString& a, const std::string& b) { return !(a == b); }
  friend bool operator!=(const std::string& a, const InternedString& b) { return !(a == b); }
  friend bool operator!=(const InternedString& a, const char* b) { return !(a == b); }
  friend bool operator<(const InternedString& a, const InternedString& b) { return a.str() < b.str(); }

  /// How many distinct values the pool holds (for tests).
  static size_t PoolSize();

 private:
  static const std::string* Intern(std::string_view value);  // null for ""
  static const std::string& Empty();

  const std::string* p_ = nullptr;  // into the pool; null when empty
};

}  // namespace onboard
