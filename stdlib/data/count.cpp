// count: the number of observations satisfying if/in, printed and left in r(N)
// ([D] count). Under `by`, once per group.
#include <fmt/format.h>

#include "data_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"

namespace xtdo {

XTDO_COMMAND(count, "count", 3, "byable(recall) [if] [in]") {
  // --- Sample
  std::vector<uint8_t> touse = args.sample(session, /*markout=*/false);
  int64_t n = 0;
  for (uint8_t m : touse) n += m != 0;
  // --- Post
  session.r.clear();
  session.r.set_scalar("N", static_cast<double>(n));
  // --- Display
  session.console.println("  " + data::commas(n));
}

}  // namespace xtdo
