// read_delimited: header detection, names, quoting, missing values, type inference,
// line endings, malformed input, and the parallel path agreeing with the serial one.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>

#include "io_test_util.hpp"
#include "xtdo/error.hpp"
#include "xtdo/io.hpp"

namespace xtdo {
namespace {

using io::DelimitedOptions;
using missing::kSysmiss;

Dataset read_text(const test::ScratchDir& dir, const std::string& text, DelimitedOptions opts = {},
                  const std::string& name = "t.csv") {
  return io::read_delimited(dir.write(name, text), opts);
}

std::vector<std::string> names_of(const Dataset& d) {
  std::vector<std::string> out;
  for (const auto& c : d.columns()) out.push_back(c->name);
  return out;
}

int rc_of(const std::function<void()>& fn, std::string* message = nullptr) {
  try {
    fn();
  } catch (const XtdoError& e) {
    if (message) *message = e.what();
    return e.rc();
  }
  return 0;
}

TEST(IoDelimitedRead, HeaderRowGivesNames) {
  test::ScratchDir dir;
  Dataset d = read_text(dir, "a,b\n1,2\n3,4\n");
  EXPECT_EQ(names_of(d), (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(d.nobs(), 2u);
  EXPECT_EQ(d.get("a")->num, (std::vector<double>{1, 3}));
  EXPECT_EQ(d.get("b")->num, (std::vector<double>{2, 4}));
}

TEST(IoDelimitedRead, NumericFirstRowIsData) {
  test::ScratchDir dir;
  Dataset d = read_text(dir, "1,2\n3,4\n");
  EXPECT_EQ(names_of(d), (std::vector<std::string>{"v1", "v2"}));
  EXPECT_EQ(d.nobs(), 2u);
  EXPECT_EQ(d.get("v1")->num, (std::vector<double>{1, 3}));
}

TEST(IoDelimitedRead, NoNamesKeepsTextFirstRowAsData) {
  test::ScratchDir dir;
  DelimitedOptions opts;
  opts.header = false;
  Dataset d = read_text(dir, "a,b\n1,2\n", opts);
  EXPECT_EQ(names_of(d), (std::vector<std::string>{"v1", "v2"}));
  ASSERT_EQ(d.nobs(), 2u);
  EXPECT_TRUE(d.get("v1")->is_string());
  EXPECT_EQ(d.get("v1")->str, (std::vector<std::string>{"a", "1"}));
}

TEST(IoDelimitedRead, VarnamesRowSkipsRowsAbove) {
  test::ScratchDir dir;
  DelimitedOptions opts;
  opts.varnames_row = 2;
  opts.auto_header = false;
  Dataset d = read_text(dir, "title line\nx,y\n1,2\n", opts);
  EXPECT_EQ(names_of(d), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(d.nobs(), 1u);
}

TEST(IoDelimitedRead, NamesMadeValidLikeStata) {
  test::ScratchDir dir;
  Dataset d = read_text(dir, "My Var,2nd,x,x,,GDP%,int,Income\n1,2,3,4,5,6,7,8\n");
  EXPECT_EQ(names_of(d),
            (std::vector<std::string>{"my_var", "v2", "x", "v4", "v5", "gdp_", "v7", "income"}));
  // The original header text is kept as the label when the name differs from it.
  EXPECT_EQ(d.get("my_var")->label, "My Var");
  EXPECT_EQ(d.get("v2")->label, "2nd");
  EXPECT_EQ(d.get("x")->label, "");
  EXPECT_EQ(d.get("v5")->label, "");
  EXPECT_EQ(d.get("income")->label, "Income");
}

TEST(IoDelimitedRead, CasePreserve) {
  test::ScratchDir dir;
  DelimitedOptions opts;
  opts.case_preserve = true;
  Dataset d = read_text(dir, "GDP,Year\n1,2\n", opts);
  EXPECT_EQ(names_of(d), (std::vector<std::string>{"GDP", "Year"}));
}

TEST(IoDelimitedRead, LongNamesAreCut) {
  test::ScratchDir dir;
  std::string longname(40, 'a');
  Dataset d = read_text(dir, longname + "\n1\n");
  EXPECT_EQ(d.col(0).name, std::string(32, 'a'));
}

TEST(IoDelimitedRead, QuotedFieldsWithDelimitersQuotesAndNewlines) {
  test::ScratchDir dir;
  Dataset d = read_text(dir,
                        "name,val\n"
                        "\"Smith, J\",1\n"
                        "\"say \"\"hi\"\"\",2\n"
                        "\"two\nlines\",3\n"
                        "plain,\"4\"\n");
  ASSERT_EQ(d.nobs(), 4u);
  const Column* name = d.get("name");
  ASSERT_TRUE(name->is_string());
  EXPECT_EQ(name->str, (std::vector<std::string>{"Smith, J", "say \"hi\"", "two\nlines", "plain"}));
  const Column* val = d.get("val");
  ASSERT_FALSE(val->is_string());  // "4" in quotes is still a number
  EXPECT_EQ(val->num, (std::vector<double>{1, 2, 3, 4}));
  EXPECT_EQ(val->type, StorageType::Byte);
}

TEST(IoDelimitedRead, EmptyFieldsAreMissingOrEmpty) {
  test::ScratchDir dir;
  Dataset d = read_text(dir, "a,b,s\n1,,x\n,2,\n");
  ASSERT_EQ(d.nobs(), 2u);
  EXPECT_EQ(d.get("a")->num, (std::vector<double>{1, kSysmiss}));
  EXPECT_EQ(d.get("b")->num, (std::vector<double>{kSysmiss, 2}));
  EXPECT_EQ(d.get("s")->str, (std::vector<std::string>{"x", ""}));
}

TEST(IoDelimitedRead, NaAndDotAreMissingInNumericColumns) {
  test::ScratchDir dir;
  Dataset d = read_text(dir, "a,b\n1,NA\n.,2.5\n.b,3\n");
  const Column* a = d.get("a");
  ASSERT_FALSE(a->is_string());
  EXPECT_EQ(a->num[0], 1);
  EXPECT_EQ(a->num[1], kSysmiss);
  EXPECT_EQ(missing::letter(a->num[2]), 'b');
  const Column* b = d.get("b");
  ASSERT_FALSE(b->is_string());
  EXPECT_EQ(b->num[0], kSysmiss);
  EXPECT_EQ(b->num[1], 2.5);
}

TEST(IoDelimitedRead, NaInTextColumnStaysText) {
  test::ScratchDir dir;
  Dataset d = read_text(dir, "s\nNA\nabc\n");
  EXPECT_EQ(d.get("s")->str, (std::vector<std::string>{"NA", "abc"}));
}

TEST(IoDelimitedRead, TypeInference) {
  test::ScratchDir dir;
  Dataset d = read_text(dir,
                        "by,it,lo,fl,bi,st,neg,allmiss\n"
                        "1,1,1,0.1,1,abc,-127,\n"
                        "100,32740,2147483620,2,3000000000,de,-5,\n");
  EXPECT_EQ(d.get("by")->type, StorageType::Byte);
  EXPECT_EQ(d.get("it")->type, StorageType::Int);
  EXPECT_EQ(d.get("lo")->type, StorageType::Long);
  EXPECT_EQ(d.get("fl")->type, StorageType::Float);
  EXPECT_EQ(d.get("fl")->num[0], static_cast<double>(0.1f));  // float precision, as Stata
  EXPECT_EQ(d.get("bi")->type, StorageType::Double);          // beyond long
  EXPECT_EQ(d.get("bi")->num[1], 3000000000.0);
  EXPECT_EQ(d.get("st")->type, StorageType::Str);
  EXPECT_EQ(d.get("st")->str_width, 3);
  EXPECT_EQ(d.get("neg")->type, StorageType::Byte);
  EXPECT_EQ(d.get("allmiss")->type, StorageType::Byte);
  // Limits just outside each range move to the next type.
  Dataset e = read_text(dir, "a,b,c\n101,32741,-2147483648\n");
  EXPECT_EQ(e.get("a")->type, StorageType::Int);
  EXPECT_EQ(e.get("b")->type, StorageType::Long);
  EXPECT_EQ(e.get("c")->type, StorageType::Double);
}

TEST(IoDelimitedRead, AsDoubleKeepsFullPrecision) {
  test::ScratchDir dir;
  DelimitedOptions opts;
  opts.as_double = true;
  Dataset d = read_text(dir, "x,n\n0.1,1\n0.123456789012345,2\n", opts);
  EXPECT_EQ(d.get("x")->type, StorageType::Double);
  EXPECT_EQ(d.get("x")->num[1], 0.123456789012345);
  EXPECT_EQ(d.get("n")->type, StorageType::Byte);  // integers still get integer types
}

TEST(IoDelimitedRead, LongStringsBecomeStrL) {
  test::ScratchDir dir;
  std::string big(3000, 'z');
  Dataset d = read_text(dir, "s,t\n" + big + ",ab\nx,abcd\n");
  EXPECT_EQ(d.get("s")->type, StorageType::StrL);
  EXPECT_EQ(d.get("s")->str[0], big);
  EXPECT_EQ(d.get("t")->type, StorageType::Str);
  EXPECT_EQ(d.get("t")->str_width, 4);
}

TEST(IoDelimitedRead, NumbersTrimmedAndSigned) {
  test::ScratchDir dir;
  Dataset d = read_text(dir, "a,b,c\n  1.5 , +2 ,-3e2\n.5,1E3,\t7\n");
  EXPECT_EQ(d.get("a")->num, (std::vector<double>{1.5, 0.5}));
  EXPECT_EQ(d.get("b")->num, (std::vector<double>{2, 1000}));
  EXPECT_EQ(d.get("c")->num, (std::vector<double>{-300, 7}));
}

TEST(IoDelimitedRead, NonNumbersMakeTextColumns) {
  test::ScratchDir dir;
  Dataset d = read_text(dir, "a,b,c,d\n1,2,3,4\n1.2.3,inf,1e,0x10\n");
  for (const char* name : {"a", "b", "c", "d"}) {
    ASSERT_TRUE(d.get(name)->is_string()) << name;
  }
  // The text of fields that looked numeric is kept as written.
  EXPECT_EQ(d.get("a")->str, (std::vector<std::string>{"1", "1.2.3"}));
}

TEST(IoDelimitedRead, CrlfBomAndNoFinalNewline) {
  test::ScratchDir dir;
  Dataset d = read_text(dir, "\xEF\xBB\xBFid,name\r\n1,ab\r\n2,\"c\r\nd\"\r\n3,e");
  EXPECT_EQ(names_of(d), (std::vector<std::string>{"id", "name"}));
  ASSERT_EQ(d.nobs(), 3u);
  EXPECT_EQ(d.get("id")->num, (std::vector<double>{1, 2, 3}));
  EXPECT_EQ(d.get("name")->str, (std::vector<std::string>{"ab", "c\r\nd", "e"}));
}

TEST(IoDelimitedRead, BlankLinesAreSkipped) {
  test::ScratchDir dir;
  Dataset d = read_text(dir, "\n\na,b\n\n1,2\n\r\n3,4\n\n");
  ASSERT_EQ(d.nobs(), 2u);
  EXPECT_EQ(d.get("a")->num, (std::vector<double>{1, 3}));
}

TEST(IoDelimitedRead, TabAndSemicolonDelimiters) {
  test::ScratchDir dir;
  Dataset t = read_text(dir, "a\tb\n1\t2,5\n", {}, "t.tsv");
  EXPECT_EQ(names_of(t), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(t.get("b")->str[0], "2,5");
  DelimitedOptions opts;
  opts.delimiter = ';';
  Dataset s = read_text(dir, "a;b\n1;2\n", opts);
  EXPECT_EQ(s.get("b")->num[0], 2);
  // Tabs in a header that also has commas: commas win.
  Dataset c = read_text(dir, "a b,c\td\n1,2\n");
  EXPECT_EQ(names_of(c), (std::vector<std::string>{"a_b", "c_d"}));
}

TEST(IoDelimitedRead, ShortRowsPaddedLongRowsAddColumns) {
  test::ScratchDir dir;
  Dataset d = read_text(dir, "a,b,c\n1\n1,2,3,4\n");
  EXPECT_EQ(names_of(d), (std::vector<std::string>{"a", "b", "c", "v4"}));
  ASSERT_EQ(d.nobs(), 2u);
  EXPECT_EQ(d.get("b")->num, (std::vector<double>{kSysmiss, 2}));
  EXPECT_EQ(d.get("v4")->num, (std::vector<double>{kSysmiss, 4}));
}

TEST(IoDelimitedRead, HeaderOnlyAndEmptyFiles) {
  test::ScratchDir dir;
  Dataset h = read_text(dir, "a,b\n");
  EXPECT_EQ(h.nvars(), 2u);
  EXPECT_EQ(h.nobs(), 0u);
  Dataset e = read_text(dir, "");
  EXPECT_EQ(e.nvars(), 0u);
}

TEST(IoDelimitedRead, UnterminatedQuoteIs198WithLine) {
  test::ScratchDir dir;
  std::string message;
  int rc = rc_of([&] { read_text(dir, "a,b\n1,2\n3,\"open\n4,5\n"); }, &message);
  EXPECT_EQ(rc, 198);
  EXPECT_NE(message.find("line 3"), std::string::npos) << message;
  rc = rc_of([&] { read_text(dir, "\"never closed,b\n1,2\n"); }, &message);
  EXPECT_EQ(rc, 198);
  EXPECT_NE(message.find("line 1"), std::string::npos) << message;
}

TEST(IoDelimitedRead, MissingFileIs601) {
  test::ScratchDir dir;
  std::string message;
  EXPECT_EQ(rc_of([&] { io::read_delimited(dir.path("nope.csv"), {}); }, &message), 601);
  EXPECT_NE(message.find("not found"), std::string::npos);
}

TEST(IoDelimitedRead, Grunfeld) {
  Dataset d = io::read_delimited(XTDO_SOURCE_DIR "/scripts/data/grunfeld.csv", {});
  EXPECT_EQ(names_of(d),
            (std::vector<std::string>{"company", "year", "invest", "mvalue", "kstock", "time"}));
  ASSERT_EQ(d.nobs(), 200u);
  EXPECT_EQ(d.get("company")->type, StorageType::Byte);
  EXPECT_EQ(d.get("year")->type, StorageType::Int);
  EXPECT_EQ(d.get("invest")->type, StorageType::Float);
  EXPECT_EQ(d.get("company")->num[0], 1);
  EXPECT_EQ(d.get("year")->num[0], 1935);
  EXPECT_EQ(d.get("invest")->num[0], static_cast<double>(317.6f));
  EXPECT_EQ(d.get("mvalue")->num[0], static_cast<double>(3078.5f));
  EXPECT_EQ(d.get("kstock")->num[0], static_cast<double>(2.8f));
  EXPECT_EQ(d.get("company")->num[199], 10);
  EXPECT_EQ(d.get("time")->num[199], 20);
}

// A file big enough to be cut into several chunks (over 1 MB each), with quoted fields
// holding newlines and blank lines scattered through it.
struct BigCsv {
  std::string text;
  std::vector<double> x;
  std::vector<std::string> label;
};

BigCsv make_big_csv(bool with_quotes) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int> unif(-1000000000, 1000000000);
  BigCsv out;
  out.text = "id,x,label,k\n";
  for (int row = 0; row < 150000; ++row) {
    double x = unif(rng) / 1e6;
    out.x.push_back(x);
    out.text += fmt::format("{},{},", row, x);
    if (with_quotes && row % 997 == 0) {
      out.text += "\"multi\nline, \"\"quoted\"\"\"";
      out.label.push_back("multi\nline, \"quoted\"");
    } else {
      out.label.push_back(fmt::format("w{}", row % 13));
      out.text += out.label.back();
    }
    out.text += fmt::format(",{}\n", row % 7);
    if (row % 50021 == 0) out.text += "\n";  // blank lines leave gaps to close
  }
  return out;
}

TEST(IoDelimitedRead, ChunkedParallelReadIsExact) {
  test::ScratchDir dir;
  for (bool quotes : {false, true}) {
    SCOPED_TRACE(quotes ? "quoted" : "plain");
    BigCsv big = make_big_csv(quotes);
    std::string path = dir.write("big.csv", big.text);
    for (int threads : {1, 2, 4}) {
      DelimitedOptions opts;
      opts.threads = threads;
      opts.as_double = true;
      Dataset d = io::read_delimited(path, opts);
      ASSERT_EQ(d.nobs(), 150000u);
      ASSERT_EQ(d.get("id")->type, StorageType::Long);
      ASSERT_EQ(d.get("k")->type, StorageType::Byte);
      ASSERT_EQ(d.get("x")->type, StorageType::Double);
      for (size_t row = 0; row < d.nobs(); ++row) {
        ASSERT_EQ(d.get("id")->num[row], static_cast<double>(row));
        ASSERT_EQ(d.get("x")->num[row], big.x[row]) << "row " << row;
        ASSERT_EQ(d.get("label")->str[row], big.label[row]) << "row " << row;
        ASSERT_EQ(d.get("k")->num[row], static_cast<double>(row % 7));
      }
    }
  }
}

// Malformed input of every kind either reads or fails with an XtdoError; columns always
// have as many rows as the dataset.
TEST(IoDelimitedRead, RandomInputNeverBreaksTheReader) {
  test::ScratchDir dir;
  std::mt19937 rng(7);
  const char alphabet[] = {'a', '1',  '2', '.', ',', ',', '"', '"',  '\n',   '\n',   '\r',
                           ' ', '\t', 'N', 'A', '-', 'e', '+', '\0', '\xEF', '\xBB', '\xBF'};
  std::string path = dir.path("r.csv");
  for (int iter = 0; iter < 500; ++iter) {
    std::string text;
    for (int len = static_cast<int>(rng() % 60); len > 0; --len)
      text.push_back(alphabet[rng() % sizeof(alphabet)]);
    dir.write("r.csv", text);
    DelimitedOptions opts;
    opts.header = rng() % 4 != 0;
    opts.auto_header = rng() % 3 != 0;
    try {
      Dataset d = io::read_delimited(path, opts);
      for (const auto& col : d.columns())
        ASSERT_EQ(col->is_string() ? col->str.size() : col->num.size(), d.nobs());
    } catch (const XtdoError& e) {
      ASSERT_EQ(e.rc(), 198) << e.what();
    }
  }
}

}  // namespace
// The decimal fast path (mantissa / 10^k) must give the correctly rounded double,
// as strtod does, for every digit count: short and long fractions, integer parts,
// signs, and lengths that fall back to fast_float.
TEST(ReadDelimited, DecimalsMatchStrtod) {
  test::ScratchDir dir;
  std::mt19937_64 rng(7);
  std::string text = "x\n";
  std::vector<std::string> fields;
  for (int i = 0; i < 4000; ++i) {
    std::string f = (rng() & 1) ? "-" : "";
    int int_digits = static_cast<int>(rng() % 6);
    f += int_digits == 0 ? "0" : std::to_string(rng() % 100000 + 1).substr(0, int_digits);
    f += ".";
    int frac_digits = 1 + static_cast<int>(rng() % 21);
    for (int d = 0; d < frac_digits; ++d) f += static_cast<char>('0' + rng() % 10);
    fields.push_back(f);
    text += f + "\n";
  }
  DelimitedOptions opts;
  opts.as_double = true;
  Dataset d = read_text(dir, text, opts);
  const auto& x = d.get("x")->num;
  ASSERT_EQ(x.size(), fields.size());
  for (size_t i = 0; i < fields.size(); ++i)
    ASSERT_EQ(x[i], std::strtod(fields[i].c_str(), nullptr)) << fields[i];
}

}  // namespace xtdo
