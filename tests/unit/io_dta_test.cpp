// read_dta / write_dta: the shared reference files, and round trips of every storage
// type, labels, value labels, extended missing values and strL.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <functional>

#include "io_test_util.hpp"
#include "xtdo/error.hpp"
#include "xtdo/io.hpp"

namespace xtdo {
namespace {

using missing::kSysmiss;

// The project's copies of the shared reference datasets (tests/reference/data).
const std::string kRefData = XTDO_SOURCE_DIR "/tests/reference/data/";

int rc_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const XtdoError& e) {
    return e.rc();
  }
  return 0;
}

/// Every attribute and every value equal (bitwise for numbers, so `.a` != `.`).
void expect_same_dataset(const Dataset& a, const Dataset& b) {
  ASSERT_EQ(a.nobs(), b.nobs());
  ASSERT_EQ(a.nvars(), b.nvars());
  EXPECT_EQ(a.label, b.label);
  EXPECT_EQ(a.value_labels, b.value_labels);
  for (size_t k = 0; k < a.nvars(); ++k) {
    const Column& x = a.col(k);
    const Column& y = b.col(k);
    SCOPED_TRACE(x.name);
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.type, y.type);
    if (x.type == StorageType::Str) {
      EXPECT_EQ(x.str_width, y.str_width);
    }
    EXPECT_EQ(x.format, y.format);
    EXPECT_EQ(x.label, y.label);
    EXPECT_EQ(x.value_label, y.value_label);
    EXPECT_EQ(x.str, y.str);
    ASSERT_EQ(x.num.size(), y.num.size());
    for (size_t row = 0; row < x.num.size(); ++row)
      ASSERT_EQ(std::memcmp(&x.num[row], &y.num[row], sizeof(double)), 0)
          << "row " << row << ": " << x.num[row] << " vs " << y.num[row];
  }
}

TEST(IoDta, Griliches76) {
  std::string path = kRefData + "griliches76.dta";
  ASSERT_TRUE(std::filesystem::exists(path)) << path;
  Dataset d = io::read_dta(path);
  EXPECT_EQ(d.nobs(), 758u);
  EXPECT_EQ(d.nvars(), 20u);
  EXPECT_EQ(d.label, "Wages of Very Young Men, Zvi Griliches, J.Pol.Ec. 1976");
  EXPECT_EQ(d.col(0).name, "rns");
  EXPECT_EQ(d.col(19).name, "lw80");
  const Column* iq = d.get("iq");
  ASSERT_NE(iq, nullptr);
  EXPECT_EQ(iq->type, StorageType::Float);
  EXPECT_EQ(iq->format, "%9.0g");
  EXPECT_EQ(iq->label, "iq score");
  EXPECT_EQ(iq->num[0], 93);
  EXPECT_EQ(iq->num[1], 119);
  EXPECT_EQ(d.get("lw")->num[0], static_cast<double>(5.9f));
  EXPECT_EQ(d.get("expr")->num[2], static_cast<double>(0.423f));
  EXPECT_FALSE(d.changed);
}

TEST(IoDta, SimulatedPanel) {
  std::string path = kRefData + "simulated-panel.dta";
  ASSERT_TRUE(std::filesystem::exists(path)) << path;
  Dataset d = io::read_dta(path);
  EXPECT_EQ(d.nobs(), 3000u);
  EXPECT_EQ(d.nvars(), 25u);
  EXPECT_EQ(d.get("index")->type, StorageType::Long);
  EXPECT_EQ(d.get("firm_id")->type, StorageType::Int);
  const Column* firm = d.get("firm");
  ASSERT_TRUE(firm->is_string());
  EXPECT_EQ(firm->type, StorageType::Str);
  EXPECT_EQ(firm->str_width, 9);
  EXPECT_EQ(firm->str[0], "firm.1");
  EXPECT_EQ(d.get("time")->format, "%tc");
  EXPECT_EQ(d.get("time")->num[0], 1262217600000.0);
  EXPECT_EQ(d.get("x1")->num[0], 0.51743121442578888);
  size_t missing_y = 0;
  for (double v : d.get("y_heavy")->num) missing_y += missing::is_missing(v);
  EXPECT_EQ(missing_y, 548u);
}

TEST(IoDta, ReferenceFilesRoundTrip) {
  test::ScratchDir dir;
  for (const char* name : {"griliches76.dta", "simulated-panel.dta"}) {
    std::string path = kRefData + name;
    ASSERT_TRUE(std::filesystem::exists(path)) << path;
    Dataset d = io::read_dta(path);
    io::write_dta(d, dir.path(name));
    expect_same_dataset(d, io::read_dta(dir.path(name)));
  }
}

Dataset every_type() {
  Dataset d;
  d.add_numeric("b", {1, -127, 100, kSysmiss, missing::extended('a')}, StorageType::Byte);
  d.add_numeric("i", {32740, -32767, 0, missing::extended('z'), 5}, StorageType::Int);
  d.add_numeric("l", {2147483620, -2147483647, 7, 8, kSysmiss}, StorageType::Long);
  d.add_numeric("f", {0.1, -2.5, 1e30, missing::extended('b'), 3}, StorageType::Float);
  d.add_numeric("x", {1.0 / 3.0, -1e300, 8.98e307, kSysmiss, missing::extended('q')},
                StorageType::Double);
  d.add_string("s", {"a", "", "héllo wörld", "x,y", "last"}, 12);
  d.add_string("sl", {std::string(3000, 'q'), "", "short", "short", "z"});
  d.get("l")->label = "a long variable";
  d.get("x")->format = "%12.4f";
  d.get("b")->value_label = "yesno";
  d.get("i")->value_label = "yesno";
  d.value_labels["yesno"] = {
      {1, "yes"}, {0, "no"}, {-127, "very no"}, {missing::extended('a'), "not asked"}};
  d.value_labels["unused"] = {{5, "five"}};
  d.label = "every storage type";
  d.changed = false;
  return d;
}

TEST(IoDta, EveryTypeRoundTrips) {
  test::ScratchDir dir;
  Dataset d = every_type();
  ASSERT_EQ(d.get("sl")->type, StorageType::StrL);
  io::write_dta(d, dir.path("t.dta"));
  EXPECT_EQ(dir.entries(), 1u);  // no temporary file left
  Dataset back = io::read_dta(dir.path("t.dta"));
  expect_same_dataset(d, back);
  EXPECT_EQ(missing::letter(back.get("b")->num[4]), 'a');
  EXPECT_EQ(missing::letter(back.get("x")->num[4]), 'q');
}

TEST(IoDta, ShortStrLStaysStrL) {
  test::ScratchDir dir;
  Dataset d;
  d.add_string("s", {"a", "b"});
  d.get("s")->type = StorageType::StrL;
  d.get("s")->format = "%9s";
  io::write_dta(d, dir.path("t.dta"));
  Dataset back = io::read_dta(dir.path("t.dta"));
  EXPECT_EQ(back.get("s")->type, StorageType::StrL);
  EXPECT_EQ(back.get("s")->str, d.get("s")->str);
}

TEST(IoDta, OutOfRangeIntegersWidenTheType) {
  test::ScratchDir dir;
  Dataset d;
  d.add_numeric("b", {1, 2}, StorageType::Byte);
  d.get("b")->num[1] = 300;  // a value a byte cannot hold, set behind the store's back
  io::write_dta(d, dir.path("t.dta"));
  Dataset back = io::read_dta(dir.path("t.dta"));
  EXPECT_EQ(back.get("b")->type, StorageType::Int);
  EXPECT_EQ(back.get("b")->num, (std::vector<double>{1, 300}));
}

TEST(IoDta, EmptyDataset) {
  test::ScratchDir dir;
  Dataset d;
  d.add_numeric("x", {}, StorageType::Float);
  io::write_dta(d, dir.path("t.dta"));
  Dataset back = io::read_dta(dir.path("t.dta"));
  EXPECT_EQ(back.nobs(), 0u);
  EXPECT_EQ(back.nvars(), 1u);
}

TEST(IoDta, Errors) {
  test::ScratchDir dir;
  EXPECT_EQ(rc_of([&] { io::read_dta(dir.path("none.dta")); }), 601);
  dir.write("text.dta", "id,x\n1,2\n");
  EXPECT_EQ(rc_of([&] { io::read_dta(dir.path("text.dta")); }), 610);
  dir.write("empty.dta", "");
  EXPECT_EQ(rc_of([&] { io::read_dta(dir.path("empty.dta")); }), 610);
  EXPECT_EQ(rc_of([&] { io::write_dta(every_type(), dir.path("no/such/dir.dta")); }), 603);
  EXPECT_EQ(dir.entries(), 2u);
}

TEST(IoDta, FailedWriteKeepsTheOldFile) {
  test::ScratchDir dir;
  Dataset d = every_type();
  io::write_dta(d, dir.path("t.dta"));
  std::string before = dir.read("t.dta");
  Dataset bad;
  bad.add_numeric("x", {1}, StorageType::Double);
  bad.get("x")->name = "not a name";  // ReadStat refuses it part-way through
  EXPECT_EQ(rc_of([&] { io::write_dta(bad, dir.path("t.dta")); }), 603);
  EXPECT_EQ(dir.read("t.dta"), before);
  EXPECT_EQ(dir.entries(), 1u);
}

}  // namespace
}  // namespace xtdo
