// Factor variables ([U] 11.4.3): levels, base rules (ib#., ib(freq), ibn.), level
// selection, interactions with Stata's e(b) names (0b.foreign#co.mpg, 1o.a#0b.b), values.
#include <gtest/gtest.h>

#include "xtdo/error.hpp"
#include "xtdo/varlist.hpp"

namespace xtdo {
namespace {

const double M = missing::kSysmiss;

Dataset fv_data() {
  Dataset d;
  d.add_numeric("a", {2, 2, 2, 1, 3, 3, 1, M}, StorageType::Double);
  d.add_numeric("b", {0, 1, 0, 1, 0, 1, 0, 1}, StorageType::Double);
  d.add_numeric("z", {1, 2, 3, 4, 5, 6, 7, 8}, StorageType::Double);
  d.add_numeric("x", {2, 2, 2, 2, 1, 1, 1, 1}, StorageType::Double);
  d.add_numeric("k", {1, 1, 1, 1, 1, 1, 1, 1}, StorageType::Double);
  d.add_numeric("neg", {0, 1, -1, 0, 0, 0, 0, 0}, StorageType::Double);
  d.add_numeric("frac", {0, 1, 1.5, 0, 0, 0, 0, 0}, StorageType::Double);
  d.add_string("s", std::vector<std::string>(8, "q"));
  return d;
}

using Names = std::vector<std::string>;
Names names_of(const std::vector<VarRef>& refs) {
  Names out;
  for (const auto& r : refs) out.push_back(r.name);
  return out;
}
std::vector<bool> bases_of(const std::vector<VarRef>& refs) {
  std::vector<bool> out;
  for (const auto& r : refs) out.push_back(r.is_base);
  return out;
}
std::vector<VarRef> fv(const Dataset& d, const std::string& text) {
  return expand_varlist(d, text, kVlFv | kVlTs);
}

void expect_column(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t row = 0; row < got.size(); ++row) {
    if (missing::is_missing(want[row])) EXPECT_TRUE(missing::is_missing(got[row])) << "row " << row;
    else EXPECT_DOUBLE_EQ(got[row], want[row]) << "row " << row;
  }
}

std::vector<double> column(const Dataset& d, const std::string& text) {
  auto refs = fv(d, text);
  EXPECT_EQ(refs.size(), 1u) << text;
  return materialize(d, refs.at(0));
}

TEST(VarlistFv, IndicatorsWithDefaultBase) {
  auto d = fv_data();
  auto refs = fv(d, "i.a");
  EXPECT_EQ(names_of(refs), (Names{"1b.a", "2.a", "3.a"}));
  EXPECT_EQ(bases_of(refs), (std::vector<bool>{true, false, false}));
  EXPECT_EQ(refs[1].base, "a");
  ASSERT_EQ(refs[1].fv.size(), 1u);
  EXPECT_FALSE(refs[1].fv[0].continuous);
  EXPECT_EQ(refs[1].fv[0].level, 2.0);
}

TEST(VarlistFv, BaseOperators) {
  auto d = fv_data();
  EXPECT_EQ(names_of(fv(d, "ib2.a")), (Names{"1.a", "2b.a", "3.a"}));
  EXPECT_EQ(names_of(fv(d, "ib(first).a")), (Names{"1b.a", "2.a", "3.a"}));
  EXPECT_EQ(names_of(fv(d, "ib(last).a")), (Names{"1.a", "2.a", "3b.a"}));
  EXPECT_EQ(names_of(fv(d, "ib(freq).a")), (Names{"1.a", "2b.a", "3.a"}));  // 2 occurs 3 times
  auto none = fv(d, "ibn.a");
  EXPECT_EQ(names_of(none), (Names{"1.a", "2.a", "3.a"}));
  EXPECT_EQ(bases_of(none), (std::vector<bool>{false, false, false}));
}

TEST(VarlistFv, SelectedLevelsHaveNoBase) {
  auto d = fv_data();
  auto two = fv(d, "2.a");
  EXPECT_EQ(names_of(two), Names{"2.a"});
  EXPECT_FALSE(two[0].is_base);
  EXPECT_EQ(names_of(fv(d, "i(1 3).a")), (Names{"1.a", "3.a"}));
}

TEST(VarlistFv, ContinuousAloneIsTheVariable) {
  auto d = fv_data();
  auto refs = fv(d, "c.z");
  EXPECT_EQ(names_of(refs), Names{"z"});
  EXPECT_TRUE(refs[0].plain());
}

TEST(VarlistFv, FactorByContinuousAloneHasEveryLevel) {
  // [U] 11.4.3: sex#c.age is age for each sex; a base only if age is in the model.
  auto d = fv_data();
  auto refs = fv(d, "i.a#c.z");
  EXPECT_EQ(names_of(refs), (Names{"1.a#c.z", "2.a#c.z", "3.a#c.z"}));
  EXPECT_EQ(bases_of(refs), (std::vector<bool>{false, false, false}));
}

TEST(VarlistFv, FactorialFactorByContinuous) {
  // regress price i.foreign##c.mpg: 0b.foreign 1.foreign mpg 0b.foreign#co.mpg
  // 1.foreign#c.mpg.
  auto d = fv_data();
  auto refs = fv(d, "i.a##c.z");
  EXPECT_EQ(names_of(refs),
            (Names{"1b.a", "2.a", "3.a", "z", "1b.a#co.z", "2.a#c.z", "3.a#c.z"}));
  EXPECT_EQ(bases_of(refs),
            (std::vector<bool>{true, false, false, false, true, false, false}));
  // Spelled out, the same bases.
  EXPECT_EQ(names_of(fv(d, "i.a z i.a#c.z")), names_of(refs));
}

TEST(VarlistFv, InteractionAloneHasOneBaseCell) {
  // regress price i.foreign#i.rep78: only 0b.foreign#1b.rep78 is a base.
  auto d = fv_data();
  auto refs = fv(d, "i.a#i.b");
  // Only base cells carry b/o marks: the others are estimated.
  EXPECT_EQ(names_of(refs),
            (Names{"1b.a#0b.b", "1.a#1.b", "2.a#0.b", "2.a#1.b", "3.a#0.b", "3.a#1.b"}));
  EXPECT_EQ(bases_of(refs), (std::vector<bool>{true, false, false, false, false, false}));
  EXPECT_EQ(names_of(fv(d, "a#b")), names_of(refs));
}

TEST(VarlistFv, FullFactorialOfTwoFactors) {
  // regress price i.foreign##i.rep78: 0b.foreign#2o.rep78, 1o.foreign#1b.rep78, ...
  auto d = fv_data();
  auto refs = fv(d, "i.a##i.b");
  EXPECT_EQ(names_of(refs),
            (Names{"1b.a", "2.a", "3.a", "0b.b", "1.b", "1b.a#0b.b", "1b.a#1o.b", "2o.a#0b.b",
                   "2.a#1.b", "3o.a#0b.b", "3.a#1.b"}));
  EXPECT_EQ(bases_of(refs), (std::vector<bool>{true, false, false, true, false, true, true, true,
                                               false, true, false}));
}

TEST(VarlistFv, BaseRulesFollowTheTermsPresent) {
  auto d = fv_data();
  // Only a's main effect: cells at b's base are spanned by i.a, cells at a's base are not.
  auto refs = fv(d, "ib3.a a#b");
  EXPECT_EQ(names_of(refs), (Names{"1.a", "2.a", "3b.a", "1o.a#0b.b", "1.a#1.b", "2o.a#0b.b",
                                   "2.a#1.b", "3b.a#0b.b", "3.a#1.b"}));
  EXPECT_EQ(bases_of(refs),
            (std::vector<bool>{false, false, true, true, false, true, false, true, false}));
}

TEST(VarlistFv, ContinuousInteractions) {
  auto d = fv_data();
  EXPECT_EQ(names_of(fv(d, "c.z#c.x")), Names{"c.z#c.x"});
  EXPECT_EQ(names_of(fv(d, "c.z##c.x")), (Names{"z", "x", "c.z#c.x"}));
  // c.z##c.z is z and its square, not z twice.
  EXPECT_EQ(names_of(fv(d, "c.z##c.z")), (Names{"z", "c.z#c.z"}));
  EXPECT_EQ(names_of(fv(d, "c.z##c.x##c.k")),
            (Names{"z", "x", "k", "c.z#c.x", "c.z#c.k", "c.x#c.k", "c.z#c.x#c.k"}));
  auto refs = fv(d, "c.z#c.x");
  EXPECT_EQ(refs[0].base, "z");
  ASSERT_EQ(refs[0].fv.size(), 2u);
  EXPECT_TRUE(refs[0].fv[1].continuous);
}

TEST(VarlistFv, GroupOfVariables) {
  auto d = fv_data();
  EXPECT_EQ(names_of(fv(d, "i.(a b)")), (Names{"1b.a", "2.a", "3.a", "0b.b", "1.b"}));
}

TEST(VarlistFv, Values) {
  auto d = fv_data();
  expect_column(column(d, "2.a"), {1, 1, 1, 0, 0, 0, 0, M});
  expect_column(column(d, "1.a"), {0, 0, 0, 1, 0, 0, 1, M});
  expect_column(column(d, "2.a#c.z"), {1, 2, 3, 0, 0, 0, 0, M});
  expect_column(column(d, "2.a#1.b"), {0, 1, 0, 0, 0, 0, 0, M});
  expect_column(column(d, "c.z#c.x"), {2, 4, 6, 8, 5, 6, 7, 8});
  auto refs = fv(d, "i.a##c.z");
  expect_column(materialize(d, refs[4]), {0, 0, 0, 4, 0, 0, 7, M});  // 1b.a#co.z
}

TEST(VarlistFv, LevelsFromTheSample) {
  auto d = fv_data();
  std::vector<uint8_t> sample{1, 1, 1, 0, 1, 1, 0, 1};  // drops every a == 1
  auto refs = expand_varlist(d, "i.a", kVlFv, 0, sample);
  EXPECT_EQ(names_of(refs), (Names{"2b.a", "3.a"}));
}

TEST(VarlistFv, LaggedComponents) {
  Dataset d;
  d.add_numeric("t", {1, 2, 3, 4}, StorageType::Double);
  d.add_numeric("b", {0, 1, 0, 1}, StorageType::Double);
  d.add_numeric("z", {1, 2, 3, 4}, StorageType::Double);
  d.ts = TsSettings{"", "t", 1.0};
  auto refs = fv(d, "i.b#c.L.z");
  EXPECT_EQ(names_of(refs), (Names{"0.b#cL.z", "1.b#cL.z"}));
  expect_column(materialize(d, refs[1]), {M, 1, 0, 3});
  // With L.z in the list, the cell at b's base is spanned by it.
  EXPECT_EQ(bases_of(fv(d, "L.z i.b#c.L.z")), (std::vector<bool>{false, true, false}));
  // Indicators of a lagged variable take their levels from the lagged values.
  auto lagged = fv(d, "i.L.b");
  EXPECT_EQ(names_of(lagged), (Names{"0bL.b", "1L.b"}));
  expect_column(materialize(d, lagged[1]), {M, 0, 1, 0});
  try {
    fv(d, "i.D.b");
    FAIL();
  } catch (const XtdoError& e) {
    EXPECT_EQ(e.rc(), 101);
  }
}

TEST(VarlistFv, Errors) {
  auto d = fv_data();
  auto expect_rc = [&](const std::string& text, unsigned flags, int rc, const std::string& msg) {
    try {
      expand_varlist(d, text, flags);
      ADD_FAILURE() << text;
    } catch (const XtdoError& e) {
      EXPECT_EQ(e.rc(), rc) << text;
      EXPECT_EQ(std::string(e.what()), msg) << text;
    }
  };
  expect_rc("i.a", kVlNumeric, 101, "factor variables not allowed");
  expect_rc("i.neg", kVlFv, 452, "neg:  factor variables may not contain negative values");
  expect_rc("i.frac", kVlFv, 452, "frac:  factor variables may not contain noninteger values");
  expect_rc("i.s", kVlFv, 109, "s: string variables may not be used as factor variables");
  expect_rc("i.q", kVlFv, 111, "variable q not found");
}

}  // namespace
}  // namespace xtdo
