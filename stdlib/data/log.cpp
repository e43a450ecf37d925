// log using / log close / log query: copy everything the console prints to a text
// file ([R] log); the header names the file and when it was opened or closed.
#include <climits>
#include <cstdlib>
#include <ctime>

#include <fmt/format.h>

#include "file_util.hpp"

namespace xtdo {
namespace {

/// Stata's timestamp: " 5 Mar 2024, 09:01:02".
std::string timestamp() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%e %b %Y, %H:%M:%S", &tm);
  return buf;
}

std::string absolute(const std::string& path) {
  char buf[PATH_MAX];
  return ::realpath(path.c_str(), buf) ? std::string(buf) : path;
}

void print_block(Console& out, const std::string& name, const std::string& path, const std::string& type,
                 const char* verb) {
  out.println(std::string(79, '-'));
  out.println("      name:  " + name);
  out.println("       log:  " + path);
  out.println("  log type:  " + type);
  out.println(fmt::format(" {} on:  {}", verb, timestamp()));
}

/// The session's log name and type (one log at a time: the console has one log file).
struct LogState {
  std::string name = "<unnamed>";
  std::string type = "text";
};
LogState& state() {
  static LogState s;
  return s;
}

}  // namespace

XTDO_COMMAND(log, "log", 0, "*") {
  const ast::Command& cmd = *args.cmd;
  size_t after = 0;
  std::string word = fileutil::first_word(cmd.rest.text, after);
  Console& out = session.console;
  if (word == "using") {
    // --- Bind: log using filename [, append replace text smcl name(logname)]
    fileutil::SubCommand sub;
    fileutil::bind_sub(session, cmd, 0, "log", "using/ [, Append Replace Text Smcl Name(string) NOMsg]", sub);
    CallArgs& a = sub.args;
    if (a.has("append") && a.has("replace"))
      throw XtdoError(198, "options append and replace may not be combined", a.option_pos("replace"));
    std::string file = fileutil::unquote(a.using_file);
    bool smcl = a.has("smcl") || (!a.has("text") && fileutil::extension(file) == ".smcl");
    file = fileutil::with_default_ext(file, a.has("text") ? ".log" : ".smcl");
    if (fileutil::extension(file) == ".log") smcl = false;
    if (out.log_open()) throw XtdoError(604, "log file already open");
    if (fileutil::exists(file) && !a.has("replace") && !a.has("append"))
      throw XtdoError(602, fmt::format("file {} already exists", file));
    // --- Open: the header goes to the log too.
    out.open_log(file, a.has("append"));
    state().name = a.has("name") ? util::trim(*a.get("name")) : "<unnamed>";
    state().type = smcl ? "smcl" : "text";
    if (!a.has("nomsg")) print_block(out, state().name, absolute(file), state().type, "opened");
    return;
  }
  if (word == "close") {
    if (!out.log_open()) throw XtdoError(606, "no log file open");
    print_block(out, state().name, absolute(out.log_path()), state().type, "closed");
    out.close_log();
    return;
  }
  if (word == "query" || word.empty()) {
    if (!out.log_open()) {
      out.println("no log file open");
      return;
    }
    out.println("      name:  " + state().name);
    out.println("       log:  " + absolute(out.log_path()));
    out.println("  log type:  " + state().type);
    return;
  }
  throw XtdoError(198, fmt::format("log {} not supported", word), cmd.rest.pos);
}

}  // namespace xtdo
