// Varlist names ([U] 11.4): exact names, abbreviations, wildcards, ranges, _all,
// new-variable lists, the numeric/single/empty rules and error positions.
#include <gtest/gtest.h>

#include "xtdo/error.hpp"
#include "xtdo/varlist.hpp"

namespace xtdo {
namespace {

Dataset names_data() {
  Dataset d;
  for (const char* name : {"x1", "x2", "x10", "y", "yz", "income", "k", "ys"})
    d.add_numeric(name, {1, 2, 3}, StorageType::Double);
  d.add_string("name", {"a", "b", "c"});
  return d;
}

std::vector<std::string> names_of(const std::vector<VarRef>& refs) {
  std::vector<std::string> out;
  for (const auto& r : refs) out.push_back(r.name);
  return out;
}

using Names = std::vector<std::string>;

// Runs `fn`, expecting an XtdoError with the given rc, message and position.
template <class Fn>
void expect_error(Fn fn, int rc, const std::string& message, int pos = -2) {
  try {
    fn();
    FAIL() << "expected r(" << rc << ") " << message;
  } catch (const XtdoError& e) {
    EXPECT_EQ(e.rc(), rc) << e.what();
    EXPECT_EQ(std::string(e.what()), message);
    if (pos != -2) {
      EXPECT_EQ(e.pos(), pos) << e.what();
    }
  }
}

TEST(VarlistNames, ExactNameWinsOverLongerNames) {
  auto d = names_data();
  EXPECT_EQ(names_of(expand_varlist(d, "y", kVlDefault)), Names{"y"});
  EXPECT_EQ(names_of(expand_varlist(d, "yz ys", kVlDefault)), (Names{"yz", "ys"}));
}

TEST(VarlistNames, UniqueAbbreviation) {
  auto d = names_data();
  EXPECT_EQ(names_of(expand_varlist(d, "inc", kVlDefault)), Names{"income"});
  EXPECT_EQ(names_of(expand_varlist(d, "na", kVlDefault)), Names{"name"});
  auto refs = expand_varlist(d, "inc", kVlDefault);
  EXPECT_EQ(refs[0].base, "income");
  EXPECT_TRUE(refs[0].plain());
  EXPECT_TRUE(expand_varlist(d, "name", kVlDefault)[0].is_string);
}

TEST(VarlistNames, AmbiguousAndMissingNames) {
  auto d = names_data();
  expect_error([&] { expand_varlist(d, "x", kVlDefault); }, 111, "x ambiguous abbreviation", 0);
  expect_error([&] { expand_varlist(d, "y q", kVlDefault); }, 111, "variable q not found", 2);
  // Positions are offsets into the command line: base_offset is added.
  expect_error([&] { expand_varlist(d, "y  x", kVlDefault, 10); }, 111,
               "x ambiguous abbreviation", 13);
}

TEST(VarlistNames, WildcardsInDatasetOrder) {
  auto d = names_data();
  EXPECT_EQ(names_of(expand_varlist(d, "x*", kVlDefault)), (Names{"x1", "x2", "x10"}));
  EXPECT_EQ(names_of(expand_varlist(d, "x?", kVlDefault)), (Names{"x1", "x2"}));
  EXPECT_EQ(names_of(expand_varlist(d, "*s", kVlDefault)), (Names{"ys"}));
  EXPECT_EQ(names_of(expand_varlist(d, "y*", kVlDefault)), (Names{"y", "yz", "ys"}));
  EXPECT_EQ(expand_varlist(d, "*", kVlDefault).size(), 9u);
  EXPECT_EQ(expand_varlist(d, "_all", kVlDefault).size(), 9u);
  expect_error([&] { expand_varlist(d, "q*", kVlDefault); }, 111, "variable q* not found", 0);
  // `~` must match exactly one variable.
  EXPECT_EQ(names_of(expand_varlist(d, "inc~", kVlDefault)), Names{"income"});
  expect_error([&] { expand_varlist(d, "x~", kVlDefault); }, 111, "x~ ambiguous abbreviation");
}

TEST(VarlistNames, RangesInDatasetOrder) {
  auto d = names_data();
  EXPECT_EQ(names_of(expand_varlist(d, "x2-yz", kVlDefault)), (Names{"x2", "x10", "y", "yz"}));
  EXPECT_EQ(names_of(expand_varlist(d, "x10-x10", kVlDefault)), Names{"x10"});
  // Ends may be abbreviated.
  EXPECT_EQ(names_of(expand_varlist(d, "inc-na", kVlDefault)),
            (Names{"income", "k", "ys", "name"}));
  expect_error([&] { expand_varlist(d, "yz-x2", kVlDefault); }, 198,
               "yz-x2: variables out of order");
  expect_error([&] { expand_varlist(d, "x2-q", kVlDefault); }, 111, "variable q not found");
}

TEST(VarlistNames, DuplicatesAreKept) {
  auto d = names_data();
  EXPECT_EQ(names_of(expand_varlist(d, "y k y", kVlDefault)), (Names{"y", "k", "y"}));
}

TEST(VarlistNames, NumericRejectsStrings) {
  auto d = names_data();
  expect_error([&] { expand_varlist(d, "y name", kVlNumeric); }, 109,
               "string variables not allowed in varlist;\nname is a string variable", 2);
  EXPECT_EQ(expand_varlist(d, "y name", kVlDefault).size(), 2u);
}

TEST(VarlistNames, SingleAndEmpty) {
  auto d = names_data();
  EXPECT_EQ(names_of(expand_varlist(d, "inc", kVlSingle)), Names{"income"});
  expect_error([&] { expand_varlist(d, "y k", kVlSingle); }, 103, "too many variables specified",
               2);
  expect_error([&] { expand_varlist(d, "x*", kVlSingle); }, 103, "too many variables specified");
  expect_error([&] { expand_varlist(d, "", kVlDefault); }, 100, "varlist required");
  expect_error([&] { expand_varlist(d, "   ", kVlDefault); }, 100, "varlist required");
  EXPECT_TRUE(expand_varlist(d, "", kVlAllowEmpty).empty());
}

TEST(VarlistNames, NewVariables) {
  auto d = names_data();
  EXPECT_EQ(names_of(expand_varlist(d, "a b", kVlNew)), (Names{"a", "b"}));
  EXPECT_EQ(names_of(expand_varlist(d, "v1-v3", kVlNew)), (Names{"v1", "v2", "v3"}));
  // No abbreviation or wildcard for new names.
  expect_error([&] { expand_varlist(d, "a y", kVlNew); }, 110, "variable y already defined", 2);
  EXPECT_EQ(names_of(expand_varlist(d, "inc", kVlNew | kVlSingle)), Names{"inc"});
}

TEST(VarlistNames, NewVariablesInvalid) {
  auto d = names_data();
  expect_error([&] { expand_varlist(d, "1x", kVlNew); }, 198, "1x invalid name", 0);
  expect_error([&] { expand_varlist(d, "a a", kVlNew); }, 110, "variable a already defined");
  expect_error([&] { expand_varlist(d, "a b", kVlNew | kVlSingle); }, 103,
               "too many variables specified");
}

TEST(VarlistNames, ExpandNamesAndResolve) {
  auto d = names_data();
  EXPECT_EQ(expand_names(d, "x? inc", kVlDefault), (Names{"x1", "x2", "income"}));
  EXPECT_EQ(resolve_name(d, "inc"), "income");
  EXPECT_EQ(resolve_name(d, "x10"), "x10");
  try {
    resolve_name(d, "x", 7);
    FAIL();
  } catch (const XtdoError& e) {
    EXPECT_EQ(e.rc(), 111);
    EXPECT_EQ(e.pos(), 7);
  }
  expect_error([&] { resolve_name(d, "zz"); }, 111, "variable zz not found");
}

TEST(VarlistNames, OperatorsNeedPermission) {
  auto d = names_data();
  d.ts = TsSettings{"", "k", 1.0};
  expect_error([&] { expand_varlist(d, "L.y", kVlDefault); }, 101,
               "time-series operators not allowed", 0);
  expect_error([&] { expand_varlist(d, "y i.k", kVlNumeric); }, 101,
               "factor variables not allowed", 2);
  expect_error([&] { expand_names(d, "L.y", kVlTs); }, 101, "time-series operators not allowed");
}

}  // namespace
}  // namespace xtdo
