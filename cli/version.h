#pragma once
// The version line `onboard --version` and `onboard version` print.

namespace onboard::cli {

/// "onboard 0.1.0 (commit 6427631)": the project version and the git commit the build was
/// configured from ("unknown" when it was not configured from a git checkout).
const char* VersionLine();

}  // namespace onboard::cli
