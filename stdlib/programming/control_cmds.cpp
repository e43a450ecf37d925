// Control statements: exit, do/run, args, continue/break, program drop/dir/list,
// shell (only with --allow-shell), help.
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "xtdo/command.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

#ifndef XTDO_DOCS_DIR
#define XTDO_DOCS_DIR ""
#endif

namespace xtdo {

XTDO_COMMAND(exit, "exit", 0, "*") {
  std::string rest = util::trim(args.cmd->rest.text);
  bool clear = false;
  size_t comma = rest.find(',');
  if (comma != std::string::npos) {
    clear = util::trim(rest.substr(comma + 1)) == "clear";
    rest = util::trim(rest.substr(0, comma));
  }
  int rc = 0;
  if (!rest.empty()) {
    Value v = session.eval_scalar_text(rest, args.cmd->rest.pos);
    if (v.is_string || v.num.empty() || missing::is_missing(v.num[0])) throw XtdoError(198, "exit: number expected");
    rc = static_cast<int>(v.num[0]);
  }
  // Inside a program, `exit #` with # != 0 is an error return (handled by the caller).
  if (rc != 0 && session.do_depth > 0) throw XtdoError(rc, "");
  throw ExitRequest{rc, clear};
}

/// do/run: `do file [args]`; run is do without output.
static void run_do(Session& session, const ast::Command& cmd, bool quiet) {
  auto words = grammar::split_words(cmd.rest.text);
  if (words.empty()) throw XtdoError(198, "invalid file specification", cmd.rest.pos);
  std::string file = words[0];
  size_t comma = file.find(',');
  if (comma != std::string::npos) file = file.substr(0, comma);
  std::vector<std::string> fargs(words.begin() + 1, words.end());
  if (quiet) session.console.push_quiet(true);
  try {
    session.run_file(file, fargs);
  } catch (ExitRequest& x) {
    if (quiet) session.console.pop_quiet();
    if (x.rc != 0) throw XtdoError(x.rc, "");
    return;
  } catch (...) {
    if (quiet) session.console.pop_quiet();
    throw;
  }
  if (quiet) session.console.pop_quiet();
}

XTDO_COMMAND(do, "do", 0, "*") { run_do(session, *args.cmd, false); }
XTDO_COMMAND(run, "run", 0, "*") { run_do(session, *args.cmd, true); }

/// `args a b c`: name the positional arguments of a program or do-file.
XTDO_COMMAND(args, "args", 0, "*") {
  auto names = grammar::split_words(args.cmd->rest.text);
  std::string all = session.macros.get_local("0");
  auto values = grammar::split_words(all);
  for (size_t i = 0; i < names.size(); ++i) {
    if (i + 1 == names.size() && i < values.size() && values.size() > names.size()) {
      // The last name receives everything that is left, as Stata does.
      std::string rest;
      for (size_t k = i; k < values.size(); ++k) rest += (k > i ? " " : "") + values[k];
      session.macros.set_local(names[i], rest);
    } else {
      session.macros.set_local(names[i], i < values.size() ? values[i] : "");
    }
  }
}

XTDO_COMMAND(continue, "continue", 0, "*") {
  bool brk = util::trim(args.cmd->rest.text).find("break") != std::string::npos;
  throw LoopControl{brk};
}

XTDO_COMMAND(break, "break", 0, "*") {
  // Stata's `break` is a prefix for interrupts; as a statement we treat it as `continue, break`.
  throw LoopControl{true};
}

XTDO_COMMAND(program, "program", 3, "*") {
  auto words = grammar::split_words(args.cmd->rest.text);
  if (words.empty()) throw XtdoError(198, "program: subcommand expected");
  if (words[0] == "drop") {
    for (size_t i = 1; i < words.size(); ++i) {
      if (words[i] == "_all" || words[i] == "_allado") session.programs.clear();
      else if (!session.programs.erase(words[i]))
        throw XtdoError(111, fmt::format("program {} not found", words[i]));
    }
  } else if (words[0] == "dir") {
    for (const auto& [name, p] : session.programs)
      session.console.println(fmt::format("  {:>8}  {}", p.body.size(), name));
  } else if (words[0] == "list") {
    for (size_t i = 1; i < words.size(); ++i) {
      auto it = session.programs.find(words[i]);
      if (it == session.programs.end()) throw XtdoError(111, fmt::format("program {} not found", words[i]));
      session.console.println(fmt::format("\n{}:", words[i]));
      for (size_t k = 0; k < it->second.body.size(); ++k)
        session.console.println(fmt::format("  {}.  {}", k + 1, it->second.body[k].text));
    }
  } else {
    throw XtdoError(198, "program define must start a block ending with `end`");
  }
}

/// `shell cmd` / `!cmd`: replication packages are untrusted, so this only runs when
/// xtdo was started with --allow-shell.
XTDO_COMMAND(shell, "shell", 0, "*") {
  if (!session.options.allow_shell)
    throw XtdoError(198, "shell commands are disabled; start xtdo with --allow-shell to allow them",
                    args.cmd->name_pos);
  session.console.flush();
  int status = std::system(util::trim(args.cmd->rest.text).c_str());
  (void)status;
}

/// help cmd: print the command's manual page from docs/commands/cmd.md.
XTDO_COMMAND(help, "help", 1, "*") {
  std::string topic = util::trim(args.cmd->rest.text);
  if (topic.empty()) topic = "language";
  const CommandInfo* info = Registry::instance().lookup(topic);
  std::string name = info ? info->name : topic;
  std::vector<std::string> dirs;
  char exe[4096];
  ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = 0;
    std::string dir(exe);
    dir = dir.substr(0, dir.rfind('/'));
    dirs.push_back(dir + "/../docs");
    dirs.push_back(dir + "/../share/xtdo/docs");
  }
  if (*XTDO_DOCS_DIR) dirs.push_back(XTDO_DOCS_DIR);
  for (const auto& d : dirs) {
    for (const std::string& path : {d + "/commands/" + name + ".md", d + "/" + name + ".md"}) {
      std::ifstream in(path);
      if (in) {
        std::ostringstream ss;
        ss << in.rdbuf();
        session.console.print(ss.str());
        return;
      }
    }
  }
  throw XtdoError(111, fmt::format("help for {} not found", topic));
}

}  // namespace xtdo
