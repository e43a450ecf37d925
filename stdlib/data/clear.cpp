// clear: remove the data from memory; `clear all` / `clear *` also stored
// results, scalars, matrices and programs ([D] clear).
#include <fmt/format.h>

#include "xtdo/command.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

XTDO_COMMAND(clear, "clear", 0, "*") {
  std::string what = util::trim(args.cmd->rest.text);
  auto clear_results = [&] {
    session.r.clear();
    session.e.clear();
    session.s.clear();
  };
  // The dataset's file name goes with the data (describe, a bare save).
  if (what.empty() || what == "all" || what == "*" || what == "frames") session.settings.erase("filename");
  if (what.empty()) {
    session.data.clear();
  } else if (what == "all" || what == "*") {
    session.data.clear();
    clear_results();
    session.scalars.clear();
    session.matrices.clear();
    session.programs.clear();
    session.stored_estimates.clear();
  } else if (what == "results") {
    clear_results();
  } else if (what == "matrix") {
    session.matrices.clear();
  } else if (what == "programs") {
    session.programs.clear();
  } else if (what == "frames") {
    session.data.clear();
  } else if (what == "mata" || what == "ado") {
    // Nothing of these exists in xtdo: accepted so that scripts run unchanged.
  } else {
    throw XtdoError(198, fmt::format("clear {}: invalid syntax", what), args.cmd->rest.pos);
  }
}

}  // namespace xtdo
