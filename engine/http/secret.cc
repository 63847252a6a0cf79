#include "engine/http/secret.h"

#include <cctype>

#include <fmt/format.h>

#include "engine/http/transport.h"

namespace onboard {
namespace {

std::string JsonEscaped(const std::string& value) {
  std::string out;
  for (unsigned char c : value) {
    if (c == '"' || c == '\\') out += '\\', out += static_cast<char>(c);
    else if (c == '/') out += "\\/";
    else if (c < 0x20) out += fmt::format("\\u{:04x}", c);
    else out += static_cast<char>(c);
  }
  return out;
}

void ReplaceAll(std::string* text, const std::string& needle, const std::string& with) {
  if (needle.empty()) return;
  for (size_t at = text->find(needle); at != std::string::npos; at = text->find(needle, at + with.size()))
    text->replace(at, needle.size(), with);
}

}  // namespace

void Secret::CutFrom(std::string* text) const {
  if (value_.empty()) return;
  // '/' may or may not be escaped in JSON, and either case of hex digits in a URL.
  std::string slash_kept = JsonEscaped(value_);
  ReplaceAll(&slash_kept, "\\/", "/");
  std::string lower_hex = FormUrlEncode(value_);
  for (size_t i = 0; i < lower_hex.size(); ++i)
    if (lower_hex[i] == '%' && i + 2 < lower_hex.size())
      for (size_t j = i + 1; j <= i + 2; ++j)
        lower_hex[j] = static_cast<char>(std::tolower(static_cast<unsigned char>(lower_hex[j])));
  for (const std::string& form : {value_, FormUrlEncode(value_), lower_hex, JsonEscaped(value_), slash_kept})
    ReplaceAll(text, form, "[redacted]");
}

}  // namespace onboard
