// sample: keep a random # percent (or, with `count`, # observations) of the data,
// within by() groups; observations outside if/in are kept ([D] sample). The draw
// uses the session's generator, so `set seed` makes it reproducible.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "data_common.hpp"
#include "key_codes.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

XTDO_COMMAND(sample, "sample", 0, "anything [if] [in] [, Count BY(string)]") {
  Dataset& data = session.data;
  // --- Bind
  const std::string text = util::trim(args.anything);
  char* end = nullptr;
  const double amount = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0')
    throw XtdoError(198, fmt::format("'{}' found where number expected", text), args.cmd->args.pos);
  const bool count = args.has("count");
  if (count && (amount < 0 || amount != std::floor(amount)))
    throw XtdoError(198, fmt::format("{} must be a nonnegative integer", text));
  if (!count && (amount < 0 || amount > 100))
    throw XtdoError(198, fmt::format("percentage must be between 0 and 100; {} found", text));
  std::vector<std::string> by;
  if (auto b = args.get("by")) by = expand_names(data, *b, 0, args.option_pos("by"));

  // --- Sample: within each group of the if/in observations, keep the k with the
  // smallest uniform draws (k = round(N_g * # / 100), or # with count).
  std::vector<uint8_t> touse = args.sample(session, false);
  const size_t n = data.nobs();
  data::KeyCodes kc = data::key_codes(data, by, &touse);
  data::CodeOrder order = data::order_by_code(kc.a, kc.ngroups);
  std::vector<double> u(n);
  auto& rng = session.rng();
  for (size_t r = 0; r < n; ++r) u[r] = (static_cast<double>(rng() >> 11) + 0.5) * 0x1p-53;
  std::vector<uint8_t> keep(n, 1);
  for (int64_t g = 0; g < kc.ngroups; ++g) {
    auto b = order.rows.begin() + order.start[g], e = order.rows.begin() + order.start[g + 1];
    const double ng = static_cast<double>(e - b);
    const double k = count ? std::min(amount, ng) : std::floor(ng * amount / 100 + 0.5);
    std::vector<int32_t> rows(b, e);
    std::stable_sort(rows.begin(), rows.end(), [&](int32_t x, int32_t y) { return u[x] < u[y]; });
    for (size_t i = static_cast<size_t>(k); i < rows.size(); ++i) keep[rows[i]] = 0;
  }
  const size_t before = n;
  data.keep_rows(keep);
  const int64_t deleted = static_cast<int64_t>(before - data.nobs());

  // --- Display
  session.console.println(
      fmt::format("({} observation{} deleted)", data::commas(deleted), deleted == 1 ? "" : "s"));
}

}  // namespace xtdo
