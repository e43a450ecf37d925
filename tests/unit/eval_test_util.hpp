// Shared helpers for the eval_* tests: an EvalEnv test double and one-line evaluators.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "xtdo/eval.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/missing.hpp"

namespace xtdo::test {

/// A session stand-in: scalars, r()/e()/c() values, matrices, coefficients and a seeded RNG.
class TestEnv : public EvalEnv {
 public:
  std::map<std::string, Lookup> scalars;
  std::map<std::string, Lookup> results;  ///< key "r:mean", "e:cmd", "c:level"
  std::map<std::string, Matrix> matrices;
  std::map<std::string, double> coefs;  ///< key "_b:x", "_se:x"
  std::mt19937_64 gen{12345};

  void set_scalar(const std::string& name, double v) { scalars[name] = Lookup{true, false, v, {}}; }
  void set_scalar(const std::string& name, const std::string& s) {
    scalars[name] = Lookup{true, true, missing::kSysmiss, s};
  }
  void set_result(char cls, const std::string& name, double v) {
    results[std::string(1, cls) + ":" + name] = Lookup{true, false, v, {}};
  }
  void set_result(char cls, const std::string& name, const std::string& s) {
    results[std::string(1, cls) + ":" + name] = Lookup{true, true, missing::kSysmiss, s};
  }

  Lookup result(char cls, const std::string& name) const override {
    auto it = results.find(std::string(1, cls) + ":" + name);
    return it == results.end() ? Lookup{} : it->second;
  }
  std::optional<Lookup> scalar(const std::string& name) const override {
    auto it = scalars.find(name);
    if (it == scalars.end()) return std::nullopt;
    return it->second;
  }
  const Matrix* matrix(const std::string& name) const override {
    auto it = matrices.find(name);
    return it == matrices.end() ? nullptr : &it->second;
  }
  double coef(const std::string& which, const std::string& name) const override {
    auto it = coefs.find(which + ":" + name);
    if (it == coefs.end()) throw XtdoError(111, name + " not found");
    return it->second;
  }
  std::mt19937_64& rng() override { return gen; }
  std::vector<uint8_t> sample;
  bool has_sample = false;
  const std::vector<uint8_t>* e_sample() const override { return has_sample ? &sample : nullptr; }
};

inline ast::ExprPtr parse(const std::string& text) { return grammar::parse_expression(text); }

/// Evaluate over all rows of `data` (optionally within by-groups).
inline Value eval_rows(const std::string& text, const Dataset& data, TestEnv& env,
                       const ByGroups* by = nullptr) {
  EvalContext ctx;
  ctx.data = &data;
  ctx.env = &env;
  ctx.by = by;
  return evaluate(*parse(text), ctx);
}

/// Evaluate in scalar mode (as `display` does) and return the number.
inline double num(const std::string& text, TestEnv& env, const Dataset* data = nullptr) {
  Value v = evaluate_scalar(*parse(text), data, env);
  EXPECT_FALSE(v.is_string) << text;
  EXPECT_EQ(v.num.size(), 1u) << text;
  return v.num.empty() ? missing::kSysmiss : v.num[0];
}

inline std::string str(const std::string& text, TestEnv& env, const Dataset* data = nullptr) {
  Value v = evaluate_scalar(*parse(text), data, env);
  EXPECT_TRUE(v.is_string) << text;
  return v.str.empty() ? std::string() : v.str[0];
}

/// The return code of the XtdoError evaluating `text` throws (0 if none); `pos` gets
/// its position.
inline int error_rc(const std::string& text, TestEnv& env, const Dataset* data = nullptr,
                    int* pos = nullptr) {
  try {
    evaluate_scalar(*parse(text), data, env);
  } catch (const XtdoError& e) {
    if (pos) *pos = e.pos();
    return e.rc();
  }
  return 0;
}

inline const double kMiss = missing::kSysmiss;

}  // namespace xtdo::test
