// Helper for language tests: run script text in a fresh session, capture output.
#pragma once

#include <sstream>
#include <string>

#include "xtdo/session.hpp"

namespace xtdo::testing {

struct RunResult {
  int rc = 0;
  std::string out;
  std::string err;
};

/// Run `script` as a do-file without echo; returns rc and the printed text.
inline RunResult run_script(const std::string& script, Session** keep = nullptr) {
  static std::ostringstream out, err;
  out.str("");
  err.str("");
  static Console* console = nullptr;
  static Session* session = nullptr;
  delete session;
  delete console;
  console = new Console(out, err);
  console->echo_commands = false;
  session = new Session(*console);
  RunResult r;
  r.rc = session->run_text(script, "test.do");
  r.out = out.str();
  r.err = err.str();
  if (keep) *keep = session;
  return r;
}

}  // namespace xtdo::testing
