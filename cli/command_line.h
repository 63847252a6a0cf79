#pragma once
// The command line: parsed once into plain options (CLI11 stays in command_line.cc).

#include "cli/options.h"

namespace onboard::cli {

enum class Command { Validate, Plan, Apply, Show, Export, Version, Completion };

struct ParsedCommand {
  Command command = Command::Version;
  ValidateOptions validate;
  PlanOptionsCli plan;
  ApplyOptions apply;
  ShowOptions show;
  ExportOptionsCli export_;
  std::string completion_script;  ///< `completion SHELL`: the script to print
};

/// Parses argv into *out. Returns -1 when a command should run, else the exit code to end
/// with (0 after --help/--version, 1 on a usage error, printed to stderr with a "did you
/// mean" when a subcommand or flag looks mistyped). Usage names the program `onboard`.
int ParseCommandLine(int argc, char** argv, ParsedCommand* out);

/// Parses and runs: the whole program.
int Main(int argc, char** argv);

}  // namespace onboard::cli
