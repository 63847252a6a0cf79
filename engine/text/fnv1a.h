#pragma once
// FNV-1a, 64 bits: a stable, dependency-free digest (the same on every run and platform), for
// telling whether inputs changed. Not a security boundary. Callers frame their fields
// (separators, length prefixes) so that shifting text from one field to the next changes it.

#include <cstdint>
#include <string>
#include <string_view>

namespace onboard {

class Fnv1a64 {
 public:
  /// Mixes `bytes` into the digest, as they are (no framing).
  void Mix(std::string_view bytes) {
    for (unsigned char c : bytes) {
      hash_ ^= c;
      hash_ *= 0x100000001b3ULL;
    }
  }
  /// The digest so far.
  uint64_t value() const { return hash_; }
  /// The digest as 16 lower-case hex digits.
  std::string Hex() const;

 private:
  uint64_t hash_ = 0xcbf29ce484222325ULL;
};

}  // namespace onboard
