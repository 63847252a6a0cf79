#pragma once
// A list that most objects leave empty: 8 bytes when empty, where std::vector is 24: a
// million planned creates list no changed fields (only updates do). It reads as a
// `const std::vector<T>&` and is assigned from vectors, as RareString (model/rare_string.h)
// reads as a string; appending to it puts the vector on the heap at the first element.

#include <memory>
#include <utility>
#include <vector>

namespace onboard {

template <class T>
class RareVector {
 public:
  RareVector() = default;
  RareVector(std::vector<T> values) { Set(std::move(values)); }  // NOLINT: implicit, as std::vector
  RareVector(const RareVector& other) : p_(other.p_ ? std::make_unique<std::vector<T>>(*other.p_) : nullptr) {}
  RareVector(RareVector&&) noexcept = default;
  RareVector& operator=(const RareVector& other) {
    if (this != &other) p_ = other.p_ ? std::make_unique<std::vector<T>>(*other.p_) : nullptr;
    return *this;
  }
  RareVector& operator=(RareVector&&) noexcept = default;
  RareVector& operator=(std::vector<T> values) {
    Set(std::move(values));
    return *this;
  }

  const std::vector<T>& get() const {
    static const std::vector<T> kEmpty;
    return p_ ? *p_ : kEmpty;
  }
  operator const std::vector<T>&() const { return get(); }  // NOLINT: reads as the list it holds

  bool empty() const { return !p_ || p_->empty(); }
  size_t size() const { return p_ ? p_->size() : 0; }
  const T* begin() const { return p_ ? p_->data() : nullptr; }
  const T* end() const { return p_ ? p_->data() + p_->size() : nullptr; }
  T* begin() { return p_ ? p_->data() : nullptr; }
  T* end() { return p_ ? p_->data() + p_->size() : nullptr; }
  const T& operator[](size_t i) const { return (*p_)[i]; }
  T& operator[](size_t i) { return (*p_)[i]; }

  void push_back(T value) { Made().push_back(std::move(value)); }
  template <class... Args>
  T& emplace_back(Args&&... args) {
    return Made().emplace_back(std::forward<Args>(args)...);
  }
  void clear() { p_.reset(); }

  friend bool operator==(const RareVector& a, const RareVector& b) { return a.get() == b.get(); }
  friend bool operator!=(const RareVector& a, const RareVector& b) { return !(a == b); }

 private:
  void Set(std::vector<T> values) {
    if (values.empty()) p_.reset();
    else p_ = std::make_unique<std::vector<T>>(std::move(values));
  }
  std::vector<T>& Made() {
    if (!p_) p_ = std::make_unique<std::vector<T>>();
    return *p_;
  }

  std::unique_ptr<std::vector<T>> p_;  // null when empty
};

}  // namespace onboard
