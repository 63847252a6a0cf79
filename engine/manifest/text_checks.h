#pragma once
// Text that must never reach the platform: invalid UTF-8, control characters, and values that
// are only white space (a name of "   " is no name). Checked offline, where the text was read.

#include <string>
#include <string_view>

#include "engine/diag/diagnostic.h"
#include "engine/manifest/source_document.h"

namespace onboard {

/// Why `text` cannot be sent as a value, or "" when it can: it is not valid UTF-8 ("is not
/// valid UTF-8: byte 0xFF at character 3"), holds a control character (U+0000-U+001F, U+007F,
/// U+0080-U+009F, or an invisible direction override U+202A-U+202E, U+2066-U+2069; tab and
/// line breaks are allowed where `multiline`), or is only white space, Unicode spaces
/// included ("must not be blank"). The empty string has no problem here (the schema decides).
std::string TextProblem(std::string_view text, bool multiline);

/// `text` safe to print inside a message: control characters and bytes that are not UTF-8
/// become \xNN or \u{NNNN}, so that a hostile value cannot drive the terminal.
std::string Printable(std::string_view text);

/// Reports every string of doc.json, mapping keys and values, that has a TextProblem, at its
/// file:line:column with the field's dotted path. `description` and `address` may hold line
/// breaks; a key may not be blank-checked (an empty key is the schema's business).
void CheckDocumentText(const SourceDocument& doc, Diagnostics* diags);

}  // namespace onboard
