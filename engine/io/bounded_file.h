#pragma once
// Reading a whole file that someone else may have written: a manifest, a CSV of target users,
// a client secret, a saved plan. Only a regular file is read, only up to a size cap, and the
// checks are made on the opened descriptor, so a path swapped between check and read gains
// nothing. No message ever carries the file's content.

#include <cstddef>
#include <string>

namespace onboard {

/// The most onboard reads whole, per kind of file (see the README's manifest section).
inline constexpr size_t kMaxManifestBytes = size_t{8} << 20;    ///< 8 MiB per YAML file
inline constexpr size_t kMaxCsvBytes = size_t{64} << 20;        ///< 64 MiB per CSV file
inline constexpr size_t kMaxSecretFileBytes = size_t{64} << 10; ///< 64 KiB for --client-secret-file
inline constexpr size_t kMaxSavedPlanBytes = size_t{256} << 20; ///< 256 MiB for apply --plan

/// Reads the file at `path` whole into *text. Refuses, with false and a sentence in *error
/// that names the problem but neither the path (callers name it) nor any content:
/// a missing or unreadable file; anything that is not a regular file (a directory, a FIFO, a
/// device such as /dev/zero: checked with fstat on the descriptor, which is opened
/// non-blocking so a FIFO cannot hang the run); a file longer than `max_bytes`, whether by
/// its size or by what a read returns ("is 9437184 bytes; a manifest may be at most 8 MiB").
/// `what` names the kind of file in that message ("a manifest", "a CSV file").
bool ReadBoundedFile(const std::string& path, size_t max_bytes, const char* what, std::string* text,
                     std::string* error);

/// Reads `relative` (a path relative to the folder `base`) whole into *text, but only if it
/// stays under the folder `root` (`base` itself is at or under `root`). Refused before the
/// file is opened: an empty or absolute path, one whose `..` leaves `root`, one that resolves
/// (through a symbolic link anywhere on the way) outside `root`, and anything that is not a
/// regular file. After opening (without following a final symbolic link), the descriptor is
/// checked again: a regular file, at most `max_bytes`, and (where /proc/self/fd exists) still
/// under `root`, so that a link swapped in after the checks is refused too. *resolved is set to
/// base/relative as the user would write it (lexically normal), for messages and digests.
/// Errors as for ReadBoundedFile; they name `relative` and `root`, never the content.
bool ReadFileUnderRoot(const std::string& root, const std::string& base, const std::string& relative,
                       size_t max_bytes, const char* what, std::string* text, std::string* resolved,
                       std::string* error);

/// "8 MiB", "64 KiB", "1234 bytes": a size as people read it, for messages.
std::string DescribeSize(size_t bytes);

}  // namespace onboard
