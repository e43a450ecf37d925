// estat firststage | overid | endogenous after ivregress ([R] ivregress
// postestimation): print the statistics ivregress kept in e() and post r().
#pragma once

#include "xtdo/command.hpp"
#include "xtdo/session.hpp"

namespace xtdo::est {

void estat_firststage(Session& session, const CallArgs& args);
void estat_overid(Session& session, const CallArgs& args);
void estat_endogenous(Session& session, const CallArgs& args);

}  // namespace xtdo::est
