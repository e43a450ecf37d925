// The text helpers commands share live in the interpreter's public xtdo/util.hpp.
#pragma once

#include "xtdo/util.hpp"
