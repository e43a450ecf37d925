// preserve and restore: keep a copy of the data and bring it back ([P] preserve).
// `restore, not` drops the copy; `restore, preserve` restores and keeps it.
#include <fmt/format.h>

#include "data_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"

namespace xtdo {

XTDO_COMMAND(preserve, "preserve", 0, "[, Changed]") {
  if (session.preserved) throw XtdoError(621, "already preserved");
  session.preserved = data::clone_dataset(session.data);
}

XTDO_COMMAND(restore, "restore", 0, "[, NOT PREServe]") {
  if (!session.preserved) throw XtdoError(622, "nothing to restore");
  if (args.has("not")) {
    if (args.has("preserve")) throw XtdoError(198, "options not and preserve may not be combined");
    session.preserved.reset();
    return;
  }
  if (args.has("preserve")) {
    session.data = std::move(*data::clone_dataset(*session.preserved));
    return;
  }
  session.data = std::move(*session.preserved);
  session.preserved.reset();
}

}  // namespace xtdo
