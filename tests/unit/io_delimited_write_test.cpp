// write_delimited: number formatting, quoting, value labels, selections, the temp-file
// discipline, and round trips through read_delimited.
#include <gtest/gtest.h>

#include <cmath>

#include "io_test_util.hpp"
#include "xtdo/error.hpp"
#include "xtdo/io.hpp"

namespace xtdo {
namespace {

using missing::kSysmiss;

Dataset sample() {
  Dataset d;
  d.add_numeric("id", {1, 2, 3, 4}, StorageType::Byte);
  d.add_numeric("f", {0.1, 2.5, kSysmiss, -1e-7}, StorageType::Float);
  d.add_numeric("x", {0.1, 1.0 / 3.0, 1e300, missing::extended('c')}, StorageType::Double);
  d.add_numeric("big", {123456789, -5, 0, 2147483620}, StorageType::Long);
  d.add_string("s", {"plain", "a,b", "say \"hi\"", "two\nlines"});
  return d;
}

TEST(IoDelimitedWrite, FormatsNumbersAndQuotesWhenNeeded) {
  test::ScratchDir dir;
  io::ExportOptions opts;
  opts.quote_strings = false;
  io::write_delimited(sample(), dir.path("o.csv"), {}, nullptr, opts);
  EXPECT_EQ(dir.read("o.csv"),
            "id,f,x,big,s\n"
            "1,0.1,0.1,123456789,plain\n"
            "2,2.5,0.3333333333333333,-5,\"a,b\"\n"
            "3,,1e+300,0,\"say \"\"hi\"\"\"\n"
            "4,-1e-07,,2147483620,\"two\nlines\"\n");
}

TEST(IoDelimitedWrite, QuoteStringsAndNoHeader) {
  test::ScratchDir dir;
  io::ExportOptions opts;
  opts.header = false;
  opts.delimiter = '\t';
  Dataset d;
  d.add_string("s", {"a", ""});
  d.add_numeric("n", {1, 2}, StorageType::Byte);
  io::write_delimited(d, dir.path("o.tsv"), {}, nullptr, opts);
  EXPECT_EQ(dir.read("o.tsv"), "\"a\"\t1\n\"\"\t2\n");
}

TEST(IoDelimitedWrite, VarsRowsAndValueLabels) {
  test::ScratchDir dir;
  Dataset d = sample();
  d.value_labels["idl"] = {{1, "one"}, {3, "three, with comma"}};
  d.get("id")->value_label = "idl";
  std::vector<uint8_t> rows = {1, 0, 1, 1};
  io::ExportOptions opts;
  opts.quote_strings = false;
  io::write_delimited(d, dir.path("o.csv"), {"big", "id"}, &rows, opts);
  EXPECT_EQ(dir.read("o.csv"), "big,id\n123456789,one\n0,\"three, with comma\"\n2147483620,4\n");
  opts.nolabel = true;
  io::write_delimited(d, dir.path("o.csv"), {"id"}, &rows, opts);
  EXPECT_EQ(dir.read("o.csv"), "id\n1\n3\n4\n");
}

TEST(IoDelimitedWrite, UnknownVariableIs111AndWritesNothing) {
  test::ScratchDir dir;
  try {
    io::write_delimited(sample(), dir.path("o.csv"), {"nope"}, nullptr, {});
    FAIL() << "expected an error";
  } catch (const XtdoError& e) {
    EXPECT_EQ(e.rc(), 111);
  }
  EXPECT_EQ(dir.entries(), 0u);
}

TEST(IoDelimitedWrite, UnwritableTargetIs603AndLeavesNoTempFile) {
  test::ScratchDir dir;
  try {
    io::write_delimited(sample(), dir.path("missing_dir/o.csv"), {}, nullptr, {});
    FAIL() << "expected an error";
  } catch (const XtdoError& e) {
    EXPECT_EQ(e.rc(), 603);
  }
  EXPECT_EQ(dir.entries(), 0u);
}

TEST(IoDelimitedWrite, ReplacesAnExistingFileWhole) {
  test::ScratchDir dir;
  dir.write("o.csv", std::string(10000, 'x'));
  io::write_delimited(sample(), dir.path("o.csv"), {"id"}, nullptr, {});
  EXPECT_EQ(dir.read("o.csv"), "id\n1\n2\n3\n4\n");
  EXPECT_EQ(dir.entries(), 1u);
}

TEST(IoDelimitedWrite, RoundTrip) {
  test::ScratchDir dir;
  Dataset d = sample();
  io::write_delimited(d, dir.path("o.csv"), {}, nullptr, {});
  io::DelimitedOptions in;
  in.as_double = true;  // x holds doubles: read them back at full precision
  Dataset back = io::read_delimited(dir.path("o.csv"), in);
  ASSERT_EQ(back.nobs(), d.nobs());
  ASSERT_EQ(back.nvars(), d.nvars());
  EXPECT_EQ(back.get("id")->num, d.get("id")->num);
  EXPECT_EQ(back.get("big")->num, d.get("big")->num);
  EXPECT_EQ(back.get("s")->str, d.get("s")->str);
  // Floats print in their shortest float form; read as double that is the decimal, which
  // rounds back to the same float.
  for (size_t row = 0; row < d.nobs(); ++row) {
    double f = d.get("f")->num[row];
    double g = back.get("f")->num[row];
    if (missing::is_missing(f)) {
      EXPECT_TRUE(missing::is_missing(g));
    } else {
      EXPECT_EQ(round_to_float(g), f);
    }
    double x = d.get("x")->num[row];
    double y = back.get("x")->num[row];
    if (missing::is_missing(x)) {
      EXPECT_EQ(y, kSysmiss);  // extended missing is written as empty
    } else {
      EXPECT_EQ(y, x);
    }
  }
  // Read with the default float storage, floats come back bit for bit.
  Dataset as_float = io::read_delimited(dir.path("o.csv"), {});
  EXPECT_EQ(as_float.get("f")->num, d.get("f")->num);
}

}  // namespace
}  // namespace xtdo
