// Stata's probability functions for commands (test statistics, p-values, critical
// values). The same routines back the expression functions of the same names.
#pragma once

namespace xtdo::dist {

/// Each returns Stata's missing value `.` for a missing argument or one outside the
/// function's domain, exactly as the expression function of the same name does.
double normal(double z);
double invnormal(double p);
double ttail(double df, double t);
double invttail(double df, double p);
double Ftail(double df1, double df2, double f);
double invFtail(double df1, double df2, double p);
double chi2tail(double df, double x);
double invchi2tail(double df, double p);

}  // namespace xtdo::dist
