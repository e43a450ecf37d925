// Time-series varlists ([U] 11.4.4): canonical names (L.x, LD.x, L(0/2).x), lags, leads
// and differences over unbalanced panels with gaps, unsorted rows, delta, errors.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "xtdo/error.hpp"
#include "xtdo/varlist.hpp"

namespace xtdo {
namespace {

const double M = missing::kSysmiss;

// Panel 1: 2000..2002 and 2004 (gap at 2003); panel 2: 2001..2003 with x missing in
// 2003; panel 3: 2000 only. Rows deliberately out of order.
Dataset panel_data() {
  Dataset d;
  d.add_numeric("id", {1, 2, 1, 3, 1, 2, 1, 2}, StorageType::Double);
  d.add_numeric("year", {2002, 2002, 2000, 2000, 2004, 2001, 2001, 2003}, StorageType::Double);
  d.add_numeric("x", {13, 22, 10, 30, 15, 21, 11, M}, StorageType::Double);
  d.add_numeric("k", {1, 2, 3, 4, 5, 6, 7, 8}, StorageType::Double);
  d.add_numeric("ys", {0, 0, 0, 0, 0, 0, 0, 0}, StorageType::Double);
  d.ts.panelvar = "id";
  d.ts.timevar = "year";
  return d;
}

std::vector<std::string> names_of(const std::vector<VarRef>& refs) {
  std::vector<std::string> out;
  for (const auto& r : refs) out.push_back(r.name);
  return out;
}
using Names = std::vector<std::string>;

void expect_column(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t row = 0; row < got.size(); ++row) {
    if (missing::is_missing(want[row])) EXPECT_TRUE(missing::is_missing(got[row])) << "row " << row;
    else EXPECT_DOUBLE_EQ(got[row], want[row]) << "row " << row;
  }
}

std::vector<double> column(const Dataset& d, const std::string& text) {
  auto refs = expand_varlist(d, text, kVlTs | kVlSingle);
  return materialize(d, refs.at(0));
}

TEST(VarlistTs, CanonicalNames) {
  auto d = panel_data();
  EXPECT_EQ(names_of(expand_varlist(d, "L.x L2.x F.x F2.x D.x S.x D2.x S12.x", kVlTs)),
            (Names{"L.x", "L2.x", "F.x", "F2.x", "D.x", "S.x", "D2.x", "S12.x"}));
  // Operators combine into Stata's canonical form: L, then D, then S.
  EXPECT_EQ(names_of(expand_varlist(d, "LD.x DL.x L2D.x LL.x FL.x L.D.x", kVlTs)),
            (Names{"LD.x", "LD.x", "L2D.x", "L2.x", "x", "LD.x"}));
  EXPECT_EQ(names_of(expand_varlist(d, "l.x d.x", kVlTs)), (Names{"L.x", "D.x"}));
  auto refs = expand_varlist(d, "L2D.x", kVlTs);
  EXPECT_EQ(refs[0].base, "x");
  ASSERT_EQ(refs[0].ts.size(), 2u);
  EXPECT_EQ(refs[0].ts[0].op, 'D');
  EXPECT_EQ(refs[0].ts[1].op, 'L');
  EXPECT_EQ(refs[0].ts[1].order, 2);
}

TEST(VarlistTs, NumlistOperators) {
  auto d = panel_data();
  // Order 0 is the variable itself ([U] 11.4.4 remark 7).
  EXPECT_EQ(names_of(expand_varlist(d, "L(0/2).x", kVlTs)), (Names{"x", "L.x", "L2.x"}));
  // Variable-major, as `list year L(1/3).(gnp cpi)` in [U] 11.4.4.
  EXPECT_EQ(names_of(expand_varlist(d, "L(1/2).(k ys)", kVlTs)),
            (Names{"L.k", "L2.k", "L.ys", "L2.ys"}));
  EXPECT_EQ(names_of(expand_varlist(d, "L.(k y*)", kVlTs)), (Names{"L.k", "L.year", "L.ys"}));
}

TEST(VarlistTs, RequiresSettingAndPermission) {
  auto d = panel_data();
  d.ts = {};
  try {
    expand_varlist(d, "k L.x", kVlTs);
    FAIL();
  } catch (const XtdoError& e) {
    EXPECT_EQ(e.rc(), 111);
    EXPECT_EQ(std::string(e.what()), "time variable not set, use tsset varname ...");
    EXPECT_EQ(e.pos(), 2);
  }
  try {
    TsIndex index(d);
    FAIL();
  } catch (const XtdoError& e) {
    EXPECT_EQ(e.rc(), 111);
  }
  auto d2 = panel_data();
  try {
    expand_varlist(d2, "L.x", kVlDefault);
    FAIL();
  } catch (const XtdoError& e) {
    EXPECT_EQ(e.rc(), 101);
  }
}

TEST(VarlistTs, LagsLeadsAcrossGapsAndPanels) {
  auto d = panel_data();
  expect_column(column(d, "x"), {13, 22, 10, 30, 15, 21, 11, M});
  expect_column(column(d, "L.x"), {11, 21, M, M, M, M, 10, 22});
  expect_column(column(d, "L2.x"), {10, M, M, M, 13, M, M, 21});
  expect_column(column(d, "F.x"), {M, M, 11, M, M, 22, 13, M});
  expect_column(column(d, "FL.x"), {13, 22, 10, 30, 15, 21, 11, M});
}

TEST(VarlistTs, Differences) {
  auto d = panel_data();
  expect_column(column(d, "D.x"), {2, 1, M, M, M, M, 1, M});
  expect_column(column(d, "D2.x"), {1, M, M, M, M, M, M, M});
  expect_column(column(d, "S2.x"), {3, M, M, M, 2, M, M, M});
  expect_column(column(d, "S.x"), column(d, "D.x"));
  // LD.x at t is D.x at t-1.
  expect_column(column(d, "LD.x"), {1, M, M, M, M, M, M, 1});
  expect_column(column(d, "L.D.x"), column(d, "D.L.x"));
}

TEST(VarlistTs, SortedAndUnsortedRowsAgree) {
  auto d = panel_data();
  auto lag_unsorted = column(d, "L.x");
  auto keep = d.col(3).num;  // k identifies the original row
  d.sort({"id", "year"});
  auto lag_sorted = column(d, "L.x");
  auto k_sorted = d.get("k")->num;
  for (size_t row = 0; row < k_sorted.size(); ++row) {
    size_t original = static_cast<size_t>(k_sorted[row]) - 1;
    EXPECT_EQ(lag_sorted[row], lag_unsorted[original]) << row;
  }
}

TEST(VarlistTs, TsIndexShift) {
  auto d = panel_data();
  TsIndex index(d);
  EXPECT_EQ(index.shift(0, -1), 6);   // (1,2002) -> (1,2001)
  EXPECT_EQ(index.shift(0, -2), 2);   // -> (1,2000)
  EXPECT_EQ(index.shift(0, 1), -1);   // 2003 absent in panel 1
  EXPECT_EQ(index.shift(4, -2), 0);   // (1,2004) -> (1,2002) across the gap
  EXPECT_EQ(index.shift(4, -1), -1);
  EXPECT_EQ(index.shift(3, 1), -1);   // panel 3 has one year; never into panel 1 or 2
  EXPECT_EQ(index.shift(5, 2), 7);
  EXPECT_EQ(index.shift(1, 0), 1);
  EXPECT_EQ(index.shift(99, 1), -1);
}

TEST(VarlistTs, RepeatedTimesAreAnErrorWhenUsed) {
  auto d = panel_data();
  d.get("year")->num[1] = 2001;  // panel 2 now has 2001 twice
  EXPECT_EQ(expand_varlist(d, "L.x", kVlTs).size(), 1u);  // only materialising checks
  try {
    column(d, "L.x");
    FAIL();
  } catch (const XtdoError& e) {
    EXPECT_EQ(e.rc(), 451);
    EXPECT_EQ(std::string(e.what()), "repeated time values within panel");
  }
}

TEST(VarlistTs, NonIntegerTimeIsAnError) {
  auto d = panel_data();
  d.get("year")->num[0] = 2002.5;
  try {
    TsIndex index(d);
    FAIL();
  } catch (const XtdoError& e) {
    EXPECT_EQ(e.rc(), 451);
  }
}

TEST(VarlistTs, TimeSeriesWithoutPanelAndDelta) {
  Dataset d;
  d.add_numeric("t", {0, 2, 4, 8, 6}, StorageType::Double);
  d.add_numeric("y", {1, 2, 4, 16, 8}, StorageType::Double);
  d.ts.timevar = "t";
  d.ts.delta = 2;
  expect_column(column(d, "L.y"), {M, 1, 2, 8, 4});
  expect_column(column(d, "F2.y"), {4, 8, 16, M, M});
  expect_column(column(d, "D.y"), {M, 1, 2, 8, 4});
  d.ts.delta = 4;  // 2 and 6 are not on the grid of 0, 4, 8
  EXPECT_THROW(column(d, "L.y"), XtdoError);
}

TEST(VarlistTs, MissingTimeHasNoNeighbours) {
  Dataset d;
  d.add_numeric("t", {1, 2, M, 3}, StorageType::Double);
  d.add_numeric("y", {1, 2, 3, 4}, StorageType::Double);
  d.ts.timevar = "t";
  expect_column(column(d, "L.y"), {M, 1, M, 2});
  expect_column(column(d, "F.y"), {2, 4, M, M});
}

TEST(VarlistTs, StringVariablesCannotBeLagged) {
  auto d = panel_data();
  d.add_string("s", std::vector<std::string>(8, "a"));
  EXPECT_THROW(expand_varlist(d, "L.s", kVlTs), XtdoError);
}

TEST(VarlistTs, LargeBalancedPanelLag) {
  // 200 panels x 5000 periods, shuffled, one period dropped per panel.
  const int panels = 200, periods = 5000;
  std::vector<double> id, t, x;
  for (int p = 0; p < panels; ++p)
    for (int s = 0; s < periods; ++s) {
      if (s == p) continue;
      id.push_back(p);
      t.push_back(s);
      x.push_back(p * 100000.0 + s);
    }
  std::vector<size_t> perm(id.size());
  std::iota(perm.begin(), perm.end(), 0);
  for (size_t i = 0; i < perm.size(); ++i) std::swap(perm[i], perm[(i * 7919) % perm.size()]);
  Dataset d;
  std::vector<double> id2, t2, x2;
  for (size_t i : perm) {
    id2.push_back(id[i]);
    t2.push_back(t[i]);
    x2.push_back(x[i]);
  }
  d.add_numeric("id", id2, StorageType::Double);
  d.add_numeric("t", t2, StorageType::Double);
  d.add_numeric("x", x2, StorageType::Double);
  d.ts = {"id", "t", 1.0};
  auto lag = column(d, "L3.x");
  for (size_t row = 0; row < lag.size(); ++row) {
    int p = static_cast<int>(id2[row]), s = static_cast<int>(t2[row]);
    bool exists = s - 3 >= 0 && s - 3 != p;
    if (exists) EXPECT_EQ(lag[row], p * 100000.0 + s - 3) << row;
    else EXPECT_TRUE(missing::is_missing(lag[row])) << row;
  }
}

}  // namespace
}  // namespace xtdo
