// The distribution functions of distributions.hpp: each call evaluates Stata's
// function of the same name through the public expression interface (the numeric
// routines live privately in interpreter/eval). Arguments are written with 17
// significant digits, so they round-trip exactly.
#include "distributions.hpp"

#include <fmt/format.h>

#include <initializer_list>

#include "xtdo/missing.hpp"

namespace xtdo::display {

namespace {

double call(Session& session, const char* fn, std::initializer_list<double> args) {
  std::string text = std::string(fn) + "(";
  bool first = true;
  for (double a : args) {
    if (missing::is_missing(a)) return missing::kSysmiss;
    text += fmt::format("{}{:.17g}", first ? "" : ",", a);
    first = false;
  }
  text += ")";
  Value v = session.eval_scalar_text(text);
  if (v.is_string || v.num.empty()) return missing::kSysmiss;
  return v.num[0];
}

}  // namespace

double ttail(Session& session, double df, double t) { return call(session, "ttail", {df, t}); }
double invttail(Session& session, double df, double p) {
  return call(session, "invttail", {df, p});
}
double Ftail(Session& session, double df1, double df2, double f) {
  return call(session, "Ftail", {df1, df2, f});
}
double chi2tail(Session& session, double df, double x) {
  return call(session, "chi2tail", {df, x});
}
double normal(Session& session, double z) { return call(session, "normal", {z}); }
double invnormal(Session& session, double p) { return call(session, "invnormal", {p}); }

}  // namespace xtdo::display
