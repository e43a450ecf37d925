// Helper for language tests: run script text in a fresh session, capture output.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

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

/// The e() of stored estimates `name` (throws when there are none).
inline const ResultSet& stored(Session* s, const std::string& name) {
  for (const auto& st : s->stored_estimates)
    if (st.name == name) return st.e;
  throw std::runtime_error("no stored estimates " + name);
}

/// The coefficients and VCE cells of `names` equal in two fits (relative to the
/// coefficient, and to the diagonal of `want`'s VCE).
inline void expect_same_coefficients(const ResultSet& got, const ResultSet& want,
                                     const std::vector<std::string>& names, double tol) {
  const auto& bg = got.matrices.at("b");
  const auto& bw = want.matrices.at("b");
  const auto& vg = got.matrices.at("V");
  const auto& vw = want.matrices.at("V");
  for (const auto& a : names) {
    const int ga = bg.col_index(a), wa = bw.col_index(a);
    ASSERT_GE(ga, 0) << a;
    ASSERT_GE(wa, 0) << a;
    EXPECT_NEAR(bg.at(0, ga), bw.at(0, wa), tol * (1 + std::fabs(bw.at(0, wa)))) << a;
    for (const auto& b : names) {
      const int gb = bg.col_index(b), wb = bw.col_index(b);
      EXPECT_NEAR(vg.at(ga, gb), vw.at(wa, wb), tol * std::fabs(vw.at(wa, wa))) << a << "," << b;
    }
  }
}

}  // namespace xtdo::testing
