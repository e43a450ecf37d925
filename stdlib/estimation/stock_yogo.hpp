// Stock and Yogo (2005) critical values for the Cragg-Donald / Kleibergen-Paap
// weak-identification F statistics, as tabulated in ivreg2.
#pragma once

#include <string>
#include <vector>

namespace xtdo::est {

/// One table of critical values (names as in ivreg2's s_cdsy and tests/data/stock_yogo.json).
enum class SyTable {
  k_ivbias5,
  k_ivbias10,
  k_ivbias20,
  k_ivbias30,
  k_ivsize10,
  k_ivsize15,
  k_ivsize20,
  k_ivsize25,
  k_fullrel5,
  k_fullrel10,
  k_fullrel20,
  k_fullrel30,
  k_fullmax5,
  k_fullmax10,
  k_fullmax20,
  k_fullmax30,
  k_limlsize10,
  k_limlsize15,
  k_limlsize20,
  k_limlsize25,
};

/// Critical value for `n_excluded` excluded instruments (1..100) and `n_endog`
/// endogenous regressors; NaN where the table does not define one.
double stock_yogo(SyTable table, int n_excluded, int n_endog);

/// The rows of ivreg2's Stock-Yogo block and their labels for an estimator family:
/// "liml" (maximal LIML size), "fuller" (Fuller relative and maximum bias) or "iv"
/// (2SLS relative bias and size); no rows for anything else.
struct SyRow {
  SyTable table;
  const char* label;
};
std::vector<SyRow> stock_yogo_rows(const std::string& family);

/// The table's name in the JSON source ("ivsize10", ...).
const char* stock_yogo_name(SyTable table);

}  // namespace xtdo::est
