// Shared by xtabond2's estimation and display files and `estat abond`.
#pragma once

#include "xtdo/session.hpp"

namespace xtdo::xtabond2 {

/// The full xtabond2 output (header, coefficient table, instrument lists,
/// AR tests, Sargan/Hansen and difference-in-Hansen tests), from e() only.
void display(Session& session, double level);

/// The Arellano–Bond AR test lines, from e() only.
void display_ar_tests(Session& session);

}  // namespace xtdo::xtabond2
