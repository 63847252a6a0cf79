#pragma once
// Checks manifest documents against the embedded JSON Schema (draft-04) with RapidJSON's
// SchemaValidator, and turns what it finds into plain sentences at file:line:column.
//
// RapidJSON 1.1.0 (Debian's) reports only the first error of a validation. So a document is
// first validated whole (the fast path: most documents are valid); an invalid one is then
// walked along the schema: this file checks objects itself (required fields, unknown fields
// with a did-you-mean, the kind-discriminated oneOf) and has RapidJSON validate every other
// value against its own compiled sub-schema, so that every error is found, not only the first.

#include <memory>
#include <string>

#include "engine/diag/diagnostic.h"
#include "engine/manifest/source_document.h"

namespace onboard {

/// The compiled manifest schema. NOT safe to use from two threads at once: RapidJSON 1.1.0's
/// regex (the `pattern` keyword) keeps mutable match state. Give each thread its own instance.
class ManifestSchema {
 public:
  /// The schema embedded at build time, compiled on first use (for the calling thread's use;
  /// other threads construct their own from ManifestSchemaJson()).
  static const ManifestSchema& Embedded();

  /// Compiles `schema_json` (a draft-04 schema shaped like schemas/manifest.schema.json).
  /// A schema that does not parse is a programming error: it aborts.
  explicit ManifestSchema(const char* schema_json);
  ~ManifestSchema();
  ManifestSchema(const ManifestSchema&) = delete;
  ManifestSchema& operator=(const ManifestSchema&) = delete;

  /// Validates one manifest document (doc.json, an object). Every problem goes to *diags with
  /// the field's dotted path ("spec.license.users") and location. True when valid.
  bool ValidateDocument(const SourceDocument& doc, Diagnostics* diags) const;

  /// Validates doc.json, an array of target-user objects (CSV rows), against
  /// definitions/targetUser. Messages name the field ("email", "manager.email"). True when valid.
  bool ValidateTargetUsers(const SourceDocument& doc, Diagnostics* diags) const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace onboard
