// expand: replace each observation by n copies (n = exp rounded; values below 1 or
// missing keep the one observation), new copies at the end of the data ([D] expand).
#include <fmt/format.h>

#include <cmath>

#include "data_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

XTDO_COMMAND(expand, "expand", 0, "anything [if] [in] [, GENerate(string)]") {
  Dataset& data = session.data;
  // --- Bind: `expand [=]exp`
  std::string text = args.anything;
  int pos = args.cmd->args.pos;
  if (!text.empty() && text[0] == '=') {
    text.erase(0, 1);
    ++pos;
  }
  if (util::trim(text).empty()) throw XtdoError(198, "expression expected", pos);
  ast::ExprPtr exp = grammar::parse_expression(text, pos);
  std::string gen;
  if (auto g = args.get("generate")) {
    gen = util::trim(*g);
    if (!valid_name(gen)) throw XtdoError(198, fmt::format("{} invalid name", gen));
    if (data.find(gen) >= 0) throw XtdoError(110, fmt::format("variable {} already defined", gen));
  }

  // --- Sample and counts
  std::vector<uint8_t> touse = args.sample(session, false);
  EvalContext ctx;
  ctx.data = &data;
  ctx.env = &session;
  Value v = evaluate(*exp, ctx);
  if (v.is_string) throw XtdoError(109, "type mismatch", pos);
  const size_t n = data.nobs();
  int64_t nmissing = 0, nnegative = 0, nzero = 0;
  std::vector<int32_t> copies;  // rows to append, in order
  for (size_t row = 0; row < n; ++row) {
    if (!touse[row]) continue;
    double x = v.num[row];
    if (missing::is_missing(x)) {
      ++nmissing;
      continue;
    }
    double k = std::floor(x + 0.5);
    if (k < 0)
      ++nnegative;
    else if (k == 0)
      ++nzero;
    for (double c = 1; c < k; ++c) copies.push_back(static_cast<int32_t>(row));
  }
  if (static_cast<double>(n) + static_cast<double>(copies.size()) > 2147483647.0)
    throw XtdoError(901, "expand would create too many observations");

  // --- Build: the copies follow the existing observations.
  const size_t total = n + copies.size();
  for (size_t c = 0; c < data.nvars(); ++c) {
    Column& col = data.col(c);
    if (col.is_string()) {
      col.str.resize(total);
      for (size_t k = 0; k < copies.size(); ++k) col.str[n + k] = col.str[copies[k]];
    } else {
      col.num.resize(total);
      for (size_t k = 0; k < copies.size(); ++k) col.num[n + k] = col.num[copies[k]];
    }
  }
  data.set_obs(total);  // the columns already hold `total` rows; this updates the count
  if (!gen.empty()) {
    std::vector<double> flag(total, 0);
    for (size_t r = n; r < total; ++r) flag[r] = 1;
    data.add_numeric(gen, std::move(flag), StorageType::Byte);
  }
  if (!copies.empty()) data.sortedby.clear();
  data.changed = true;

  // --- Display
  auto note = [&](int64_t k, const char* what) {
    if (k > 0)
      session.console.println(fmt::format("({} {} count{} ignored; observation{} not deleted)",
                                          data::commas(k), what, k == 1 ? "" : "s",
                                          k == 1 ? "" : "s"));
  };
  note(nmissing, "missing");
  note(nnegative, "negative");
  note(nzero, "zero");
  session.console.println(fmt::format("({} observation{} created)",
                                      data::commas(static_cast<int64_t>(copies.size())),
                                      copies.size() == 1 ? "" : "s"));
}

}  // namespace xtdo
