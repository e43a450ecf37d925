// xtabond2's set-up: the instrument groups of gmmstyle()/ivstyle(), the panel
// layout (T slots per panel), the transformations (first differences,
// orthogonal deviations), H and the collinearity rule. Used by xtabond2.cpp.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "xtdo/session.hpp"
#include "xtdo/varlist.hpp"

namespace xtdo::xtabond2 {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kOpenLag = 1 << 20;  // lag(a .): no upper limit

// xtabond2's equation codes (e(ivequation), e(gmmequation)).
enum Equation { kLevel = 0, kDiff = 1, kBoth = 2 };

struct IvGroup {
  std::vector<VarRef> vars;
  std::string names;  // e(ivinsts#)
  int equation = kBoth;
  bool passthru = false, mz = false;
  std::string text;  // "iv(...)" for the difference-in-Hansen tests; empty for _cons
  MatrixXd base;     // NT × vars
  int first_col = 0;
};

struct GmmGroup {
  std::vector<VarRef> vars;
  std::string names;  // e(gmminsts#)
  int equation = kBoth;
  bool passthru = false, collapse = false, orthogonal = false;
  int lo = 1, hi = kOpenLag;  // lag limits, clamped to the panel length later
  std::string text;
  bool full_levels = false;  // the group's own instruments are for the levels equation
  bool differenced = false;  // ... and are built from first differences of the base
  bool extra = false;        // system GMM, equation(both): add differenced level instruments
  MatrixXd base;
  int first_col = 0, n_cols = 0, n_main_cols = 0;
};

struct Layout {
  int n_g = 0, t = 0;
  std::vector<int64_t> slot_row;  // G·T: dataset row, or -1
  std::vector<int64_t> group_first_row;
};

/// One ivstyle() option.
IvGroup parse_iv(const Session& session, const std::string& arg, bool system);
/// One gmmstyle() option; `split` yields two groups (levels copy first).
std::vector<GmmGroup> parse_gmm(Session& session, const std::string& arg, bool system);

/// The panels with at least one sample observation, T slots each.
Layout make_layout(const Dataset& data, const std::string& ivar, const std::string& tvar,
                   const std::vector<uint8_t>& touse);
/// A dataset column (nobs values) at the slots; NaN for missing or empty slots.
VectorXd gather(const std::vector<double>& full, const Layout& lay);
MatrixXd gather_vars(const Dataset& data, const std::vector<VarRef>& vars, const Layout& lay);
void edit_missing(MatrixXd& m, double value);
/// First differences within panels (slot 0 and differences with a missing value are `fill`).
MatrixXd first_diff(const MatrixXd& m, int t, double fill);
/// Forward (stored one slot later) or backward orthogonal deviations over complete periods.
MatrixXd orthogonal_dev(const MatrixXd& m, int t, const std::vector<uint8_t>& complete,
                        bool forward, double fill);
/// xtabond2's transformation matrix M' (T × T) and H for h(1|2|3).
MatrixXd transform_matrix(bool orthogonal, int t);
MatrixXd h_matrix(int h, bool left_orth, bool right_orth, bool system, int t);
/// Clamp a group's lag limits to the panel length and count its instruments per
/// base variable as xtabond2 does (e(j0)).
int clamp_and_count(GmmGroup& g, int t);
/// Columns of the stacked regressors kept by xtabond2's _rmcoll rule.
std::vector<uint8_t> collinear_keep(const MatrixXd& x, bool has_cons);

}  // namespace xtdo::xtabond2
