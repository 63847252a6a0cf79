#pragma once
// The manifest JSON Schema (schemas/manifest.schema.json), embedded into the library at build
// time (engine/CMakeLists.txt generates manifest_schema.cc from it), so that the binary does
// not need the source tree at run time.

namespace onboard {

/// The text of schemas/manifest.schema.json as it was when the library was built.
const char* ManifestSchemaJson();

}  // namespace onboard
