#include "cli/completion.h"

#include <fmt/format.h>

namespace onboard::cli {
namespace {

// Single-quoted for the shell: ' becomes '\''.
std::string ShellQuote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

std::string Words(const std::vector<std::string>& words) { return fmt::format("{}", fmt::join(words, " ")); }

std::vector<std::string> FlagNames(const std::vector<CompletionFlag>& flags) {
  std::vector<std::string> out;
  for (const CompletionFlag& f : flags) out.push_back(f.name);
  return out;
}

std::string Bash(const std::vector<CompletionFlag>& global_flags, const std::vector<CompletionCommand>& commands) {
  std::vector<std::string> names;
  for (const CompletionCommand& c : commands) names.push_back(c.name);
  std::string out = fmt::format(
      "# bash completion for onboard: eval \"$(onboard completion bash)\", or save it as\n"
      "# ~/.local/share/bash-completion/completions/onboard\n"
      "_onboard() {{\n"
      "  local cur prev sub i\n"
      "  cur=\"${{COMP_WORDS[COMP_CWORD]}}\"\n"
      "  prev=\"${{COMP_WORDS[COMP_CWORD-1]}}\"\n"
      "  sub=\"\"\n"
      "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      "    case \"${{COMP_WORDS[i]}}\" in\n"
      "      {}) sub=\"${{COMP_WORDS[i]}}\"; break ;;\n"
      "    esac\n"
      "  done\n"
      "  local flags=\"\" values=\"\"\n"
      "  case \"$sub\" in\n"
      "    \"\") flags={}; values={} ;;\n",
      fmt::join(names, "|"), ShellQuote(Words(FlagNames(global_flags))), ShellQuote(Words(names)));
  for (const CompletionCommand& c : commands)
    out += fmt::format("    {}) flags={}; values={} ;;\n", c.name, ShellQuote(Words(FlagNames(c.flags))),
                       ShellQuote(Words(c.values)));
  out += "  esac\n";
  // The value of a flag: its choices, else files (-o default), else nothing to offer.
  out += "  case \"$sub $prev\" in\n";
  for (const CompletionCommand& c : commands)
    for (const CompletionFlag& f : c.flags)
      if (f.takes_value)
        out += fmt::format("    \"{} {}\") COMPREPLY=($(compgen -W {} -- \"$cur\")); return 0 ;;\n", c.name, f.name,
                           ShellQuote(Words(f.choices)));
  out +=
      "  esac\n"
      "  if [[ \"$cur\" == -* ]]; then\n"
      "    COMPREPLY=($(compgen -W \"$flags\" -- \"$cur\"))\n"
      "  else\n"
      "    COMPREPLY=($(compgen -W \"$values\" -- \"$cur\"))\n"
      "  fi\n"
      "  return 0\n"
      "}\n"
      "complete -o default -F _onboard onboard\n";
  return out;
}

std::string Fish(const std::vector<CompletionFlag>& global_flags, const std::vector<CompletionCommand>& commands) {
  std::string out = "# fish completion for onboard: onboard completion fish > ~/.config/fish/completions/onboard.fish\n";
  out += "complete -c onboard -f\n";
  for (const CompletionFlag& f : global_flags)
    out += fmt::format("complete -c onboard -n __fish_use_subcommand -l {} -d {}\n", f.name.substr(2), ShellQuote(f.help));
  for (const CompletionCommand& c : commands)
    out += fmt::format("complete -c onboard -n __fish_use_subcommand -a {} -d {}\n", c.name, ShellQuote(c.help));
  for (const CompletionCommand& c : commands) {
    std::string when = ShellQuote("__fish_seen_subcommand_from " + c.name);
    if (!c.values.empty()) out += fmt::format("complete -c onboard -n {} -a {}\n", when, ShellQuote(Words(c.values)));
    else if (c.name != "version") out += fmt::format("complete -c onboard -n {} -F\n", when);
    for (const CompletionFlag& f : c.flags) {
      std::string line = fmt::format("complete -c onboard -n {} -l {}", when, f.name.substr(2));
      if (!f.choices.empty()) line += " -x -a " + ShellQuote(Words(f.choices));
      else if (f.takes_value) line += " -r -F";
      out += line + " -d " + ShellQuote(f.help) + "\n";
    }
  }
  return out;
}

}  // namespace

std::string CompletionScript(const std::string& shell, const std::vector<CompletionFlag>& global_flags,
                             const std::vector<CompletionCommand>& commands) {
  if (shell == "bash") return Bash(global_flags, commands);
  if (shell == "fish") return Fish(global_flags, commands);
  if (shell == "zsh") {
    // zsh runs bash completion functions through its bashcompinit layer.
    return "#compdef onboard\n# zsh completion for onboard: eval \"$(onboard completion zsh)\" in ~/.zshrc\n"
           "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" +
           Bash(global_flags, commands);
  }
  return {};
}

}  // namespace onboard::cli
