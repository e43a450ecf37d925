// xtdo: command-line front end. Runs a do-file, inline commands (-e), piped
// standard input, or the interactive prompt.
#include <malloc.h>
#include <unistd.h>

#include <iostream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "xtdo/command.hpp"
#include "xtdo/session.hpp"

namespace xtdo {
int run_prompt(Session& session);
}

int main(int argc, char** argv) {
  // Keep freed memory for reuse instead of returning it to the system. Columns of
  // large data sets are tens of megabytes each; by default glibc maps every such
  // block afresh and unmaps it when freed, so each command pays a page fault per
  // 4 KB of every temporary it touches (on a VM that was most of a 2SLS fit's time:
  // bench/README.md). With these settings blocks up to 1 GiB come from the heap and
  // the heap is not trimmed, so a command reuses the pages the last one released.
  // The process's footprint stays at its high-water mark, as Stata's does.
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, std::numeric_limits<int>::max());
  CLI::App app{"xtdo: run Stata-style econometric scripts (.do files)"};
  std::string results;
  std::string inline_cmds;
  bool allow_shell = false;
  bool list_commands = false;
  bool version = false;
  std::vector<std::string> script_and_args;
  app.add_option("--results", results, "write r()/e() results as JSON Lines to FILE");
  app.add_option("-e", inline_cmds, "run the commands given (separated by ';')");
  app.add_flag("--allow-shell", allow_shell, "let scripts run operating-system commands (shell, !)");
  app.add_flag("--list-commands", list_commands, "list registered commands and abbreviations");
  app.add_flag("--version", version, "print the version");
  app.add_option("script", script_and_args, "do-file to run, then its arguments");
  app.prefix_command();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  // With prefix_command, everything after the script name is passed through.
  for (const auto& extra : app.remaining()) script_and_args.push_back(extra);

  if (version) {
    std::cout << "xtdo 0.1.0\n";
    return 0;
  }
  if (list_commands) {
    for (const auto* c : xtdo::Registry::instance().all()) {
      std::string ab = c->min_abbrev > 0 ? c->name.substr(0, c->min_abbrev) : c->name;
      std::cout << c->name << ' ' << ab << '\n';
    }
    return 0;
  }

  xtdo::Console console(std::cout, std::cerr);
  xtdo::SessionOptions opts;
  opts.allow_shell = allow_shell;
  opts.results_path = results;
  try {
    xtdo::Session session(console, opts);
    int rc = 0;
    if (!inline_cmds.empty()) {
      rc = session.run_text("#delimit ;\n" + inline_cmds + "\n;", "-e");
    } else if (!script_and_args.empty()) {
      std::vector<std::string> args(script_and_args.begin() + 1, script_and_args.end());
      rc = session.run_file(script_and_args[0], args);
    } else if (isatty(STDIN_FILENO)) {
      rc = xtdo::run_prompt(session);
    } else {
      std::ostringstream ss;
      ss << std::cin.rdbuf();
      rc = session.run_text(ss.str(), "<stdin>");
    }
    console.flush();
    return rc == 0 ? 0 : (rc > 255 || rc < 0 ? 1 : rc);
  } catch (const xtdo::XtdoError& e) {
    std::cerr << e.what() << "\nr(" << e.rc() << ");\n";
    return 1;
  }
}
