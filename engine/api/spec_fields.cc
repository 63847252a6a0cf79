#include "engine/api/spec_fields.h"

#include "engine/text/strings.h"

namespace onboard {

const std::string* FindSpecField(const SpecFields& fields, const std::string& name) {
  for (const std::string& f : fields)
    if (EqualsIgnoreCase(f, name)) return &f;
  return nullptr;
}

}  // namespace onboard
