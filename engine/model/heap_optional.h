#pragma once
// An optional value kept on the heap: one pointer wide when unset, where std::optional is as
// wide as its value. For the rarely set parts of objects there are a million of (a target
// user's manager, time zone or language), so that the unset ones cost 8 bytes, not 40 or 128.

#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

namespace onboard {

template <class T>
class HeapOptional {
 public:
  HeapOptional() = default;
  HeapOptional(std::nullopt_t) {}                                  // NOLINT: implicit, as std::optional
  HeapOptional(const T& value) : p_(std::make_unique<T>(value)) {}  // NOLINT: implicit, as std::optional
  HeapOptional(T&& value) : p_(std::make_unique<T>(std::move(value))) {}  // NOLINT
  HeapOptional(const std::optional<T>& value) : p_(value ? std::make_unique<T>(*value) : nullptr) {}  // NOLINT
  HeapOptional(std::optional<T>&& value)  // NOLINT: implicit, as std::optional
      : p_(value ? std::make_unique<T>(std::move(*value)) : nullptr) {}
  HeapOptional(const HeapOptional& other) : p_(other.p_ ? std::make_unique<T>(*other.p_) : nullptr) {}
  HeapOptional(HeapOptional&&) noexcept = default;
  HeapOptional& operator=(const HeapOptional& other) {
    if (this != &other) p_ = other.p_ ? std::make_unique<T>(*other.p_) : nullptr;
    return *this;
  }
  HeapOptional& operator=(HeapOptional&&) noexcept = default;
  /// Sets the value, as std::optional's assignment from a value (a string from "text").
  template <class U, class = std::enable_if_t<std::is_constructible_v<T, U&&> &&
                                              !std::is_same_v<std::decay_t<U>, HeapOptional>>>
  HeapOptional& operator=(U&& value) {
    p_ = std::make_unique<T>(std::forward<U>(value));
    return *this;
  }
  operator std::optional<T>() const { return p_ ? std::optional<T>(*p_) : std::nullopt; }  // NOLINT

  bool has_value() const { return p_ != nullptr; }
  explicit operator bool() const { return has_value(); }
  T& operator*() { return *p_; }
  const T& operator*() const { return *p_; }
  T* operator->() { return p_.get(); }
  const T* operator->() const { return p_.get(); }
  template <class... Args>
  T& emplace(Args&&... args) {
    p_ = std::make_unique<T>(std::forward<Args>(args)...);
    return *p_;
  }
  void reset() { p_.reset(); }
  T value_or(T otherwise) const { return p_ ? *p_ : std::move(otherwise); }

  friend bool operator==(const HeapOptional& a, const HeapOptional& b) {
    return a.p_ ? (b.p_ && *a.p_ == *b.p_) : !b.p_;
  }
  friend bool operator!=(const HeapOptional& a, const HeapOptional& b) { return !(a == b); }
  /// Equal to a value when set to an equal one, as std::optional.
  template <class U, class = std::enable_if_t<!std::is_same_v<std::decay_t<U>, HeapOptional> &&
                                              !std::is_same_v<std::decay_t<U>, std::nullopt_t>>>
  friend bool operator==(const HeapOptional& a, const U& value) {
    return a.p_ && *a.p_ == value;
  }
  friend bool operator==(const HeapOptional& a, std::nullopt_t) { return !a.p_; }

 private:
  std::unique_ptr<T> p_;
};

}  // namespace onboard
