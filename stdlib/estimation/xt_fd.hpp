// First-differenced panel IV shared by xtivreg, fd and xtivreg2, fd: the D.
// varlists and what xtivreg2 posts about the panels of the differenced sample.
#pragma once

#include "design.hpp"
#include "iv_design.hpp"
#include "xtdo/session.hpp"

namespace xtdo::est {

/// D. before every word of each varlist (D.L.x is LD.x).
IvSyntax differenced_syntax(const IvSyntax& syntax);

/// xtivreg2, fd: e(N_g), e(g_min/avg/max) over the panels of the design's sample,
/// e(df_b) = e(df_m), e(sigma_e) = e(rmse), e(xtmodel) "fd", e(ivar), e(tvar).
void post_fd_panel(Session& session, const Design& design);

}  // namespace xtdo::est
