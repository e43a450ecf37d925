// The interactive prompt: libedit line editing, history, tab completion of
// command and variable names, `>` continuation inside blocks, Ctrl-C handling.
#include <editline/readline.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "xtdo/command.hpp"
#include "xtdo/session.hpp"

namespace xtdo {

namespace {

Session* g_session = nullptr;
std::vector<std::string> g_candidates;

char* completion_generator(const char* text, int state) {
  static size_t index;
  if (state == 0) {
    index = 0;
    g_candidates.clear();
    std::string prefix(text);
    for (const auto* c : Registry::instance().all())
      if (c->name.compare(0, prefix.size(), prefix) == 0) g_candidates.push_back(c->name);
    if (g_session)
      for (const auto& col : g_session->data.columns())
        if (col->name.compare(0, prefix.size(), prefix) == 0) g_candidates.push_back(col->name);
  }
  if (index < g_candidates.size()) return strdup(g_candidates[index++].c_str());
  return nullptr;
}

char** completer(const char* text, int, int) {
  rl_attempted_completion_over = 1;
  return rl_completion_matches(text, completion_generator);
}

void on_sigint(int) { Session::interrupt_requested = 1; }

std::string history_path() {
  const char* home = std::getenv("HOME");
  return std::string(home ? home : ".") + "/.xtdo_history";
}

int brace_delta(const std::string& line) {
  size_t b = line.find_first_not_of(" \t");
  size_t e = line.find_last_not_of(" \t");
  if (b == std::string::npos) return 0;
  int d = 0;
  if (line[b] == '}') --d;
  if (line[e] == '{') ++d;
  return d;
}

}  // namespace

int run_prompt(Session& session) {
  g_session = &session;
  session.console.echo_commands = false;
  rl_attempted_completion_function = completer;
  std::string hist = history_path();
  read_history(hist.c_str());
  std::signal(SIGINT, on_sigint);

  grammar::LineSplitter splitter;
  std::vector<grammar::LogicalLine> pending;
  int depth = 0;
  bool in_program = false;
  int line_no = 0;
  while (true) {
    bool cont = depth > 0 || in_program || splitter.pending();
    char* raw = readline(cont ? "> " : ". ");
    if (!raw) break;
    std::string line(raw);
    std::free(raw);
    Session::interrupt_requested = 0;
    if (!line.empty()) add_history(line.c_str());
    try {
      for (auto& ll : splitter.feed(line, ++line_no)) {
        std::string t = ll.text;
        size_t b = t.find_first_not_of(" \t");
        std::string trimmed = b == std::string::npos ? "" : t.substr(b);
        if (!in_program && (trimmed.rfind("program define", 0) == 0 ||
                            (trimmed.rfind("program ", 0) == 0 && trimmed.find(" drop") == std::string::npos &&
                             trimmed.find(" dir") == std::string::npos &&
                             trimmed.find(" list") == std::string::npos)))
          in_program = true;
        else if (in_program && trimmed == "end")
          in_program = false;
        else if (!in_program)
          depth += brace_delta(trimmed);
        pending.push_back(ll);
      }
      if (depth <= 0 && !in_program && !splitter.pending() && !pending.empty()) {
        depth = 0;
        auto lines = std::move(pending);
        pending.clear();
        session.run_lines(lines, "<prompt>");
      }
    } catch (XtdoError& e) {
      pending.clear();
      depth = 0;
      in_program = false;
      splitter = grammar::LineSplitter();
      session.report_error(e);
    } catch (ExitRequest&) {
      break;
    } catch (LoopControl&) {
    }
    session.console.flush();
  }
  write_history(hist.c_str());
  return 0;
}

}  // namespace xtdo
