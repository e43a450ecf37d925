// Stata's distribution functions for tables and tests (ttail, invttail, Ftail,
// chi2tail, normal, invnormal): the interpreter's own routines (xtdo/distributions.hpp),
// so that printed p-values agree with what a script computes. Later estimators can
// include xtdo/distributions.hpp directly.
#pragma once

#include "xtdo/session.hpp"

namespace xtdo::display {

double ttail(Session& session, double df, double t);
double invttail(Session& session, double df, double p);
double Ftail(Session& session, double df1, double df2, double f);
/// Prob > F of a header's model test: missing when F is missing or df_m is 0.
double model_f_p(Session& session, double df_m, double df_r, double f);
double chi2tail(Session& session, double df, double x);
double normal(Session& session, double z);
double invnormal(Session& session, double p);

}  // namespace xtdo::display
