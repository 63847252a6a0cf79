#pragma once
// Shell completion scripts (`onboard completion bash|zsh|fish`), generated from the command
// line's own definition so they cannot drift from it.

#include <string>
#include <vector>

namespace onboard::cli {

/// One flag of a command, as completion needs it.
struct CompletionFlag {
  std::string name;                  ///< "--format"
  std::string help;                  ///< one line
  bool takes_value = false;
  std::vector<std::string> choices;  ///< the values it accepts, when they are a fixed list
};

/// One subcommand with its flags; `values` are the choices of its positional argument, if any.
struct CompletionCommand {
  std::string name;
  std::string help;
  std::vector<CompletionFlag> flags;
  std::vector<std::string> values;
};

/// The completion script for `shell` ("bash", "zsh" or "fish"); "" for another shell.
std::string CompletionScript(const std::string& shell, const std::vector<CompletionFlag>& global_flags,
                             const std::vector<CompletionCommand>& commands);

}  // namespace onboard::cli
