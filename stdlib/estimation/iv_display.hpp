// ivreg2's output (header, coefficient table, diagnostic block, instrument lists
// and first-stage summary), read from e() only so that replay prints the same.
#pragma once

#include "xtdo/session.hpp"

namespace xtdo::est {

void display_ivreg2(Session& session, double level);

}  // namespace xtdo::est
