// Display formats: %g as Stata chooses fixed or exponential (w-2 digit positions;
// examples from W. Gould, Statalist 7apr2003), %f, %e, commas, alignment, dates.
#include "eval_test_util.hpp"

namespace xtdo::test {
namespace {

const double kPi = 3.14159265358979323846;

TEST(EvalFormat, GeneralTwelveWideAsInStatasExamples) {
  EXPECT_EQ(format_number(kPi, "%12.0g"), " 3.141592654");
  EXPECT_EQ(format_number(kPi * 10, "%12.0g"), " 31.41592654");
  EXPECT_EQ(format_number(kPi * 1e5, "%12.0g"), " 314159.2654");
  EXPECT_EQ(format_number(kPi * 1e8, "%12.0g"), " 314159265.4");
  EXPECT_EQ(format_number(kPi * 1e9, "%12.0g"), "  3141592654");
  EXPECT_EQ(format_number(kPi * 1e10, "%12.0g"), " 3.14159e+10");
  EXPECT_EQ(format_number(kPi * 1e-1, "%12.0g"), " .3141592654");
  EXPECT_EQ(format_number(kPi * 1e-4, "%12.0g"), " .0003141593");
  EXPECT_EQ(format_number(kPi * 1e-5, "%12.0g"), " .0000314159");
  EXPECT_EQ(format_number(kPi * 1e-6, "%12.0g"), " 3.14159e-06");
}

TEST(EvalFormat, GeneralNineWide) {
  EXPECT_EQ(format_number(kPi, "%9.0g"), " 3.141593");
  EXPECT_EQ(format_number(1234567, "%9.0g"), "  1234567");
  EXPECT_EQ(format_number(12345678, "%9.0g"), " 1.23e+07");
  EXPECT_EQ(format_number(123456789, "%9.0g"), " 1.23e+08");
  EXPECT_EQ(format_number(0.000012345, "%9.0g"), " .0000123");
  EXPECT_EQ(format_number(0.5, "%9.0g"), "       .5");
  EXPECT_EQ(format_number(-0.5, "%9.0g"), "      -.5");
  EXPECT_EQ(format_number(6165.25676, "%9.0g"), " 6165.257");
  EXPECT_EQ(format_number(21.297297, "%9.0g"), "  21.2973");
  EXPECT_EQ(format_number(0, "%9.0g"), "        0");
  EXPECT_EQ(format_number(100, "%9.0g"), "      100");
  EXPECT_EQ(format_number(9999999.6, "%9.0g"), " 1.00e+07");
  EXPECT_EQ(format_number(0.99999999, "%9.0g"), "        1");
  EXPECT_EQ(format_number(-1.5, "%-9.0g"), "-1.5     ");
  EXPECT_EQ(format_number(kMiss, "%9.0g"), "        .");
  EXPECT_EQ(format_number(missing::extended('c'), "%9.0g"), "       .c");
  EXPECT_EQ(format_number(kMiss, "%-6.2f"), ".     ");
}

TEST(EvalFormat, GeneralWithCommas) {
  EXPECT_EQ(format_number(12345678, "%12.0gc"), "  12,345,678");
  EXPECT_EQ(format_number(123456789, "%12.0gc"), "   123456789");
  EXPECT_EQ(format_number(1234.5, "%10.0gc"), "   1,234.5");
}

TEST(EvalFormat, SignificantDigitsForSmallValues) {
  EXPECT_EQ(format_number(4.52394e-3, "%9.2g"), "    .0045");
  EXPECT_EQ(format_number(4.52394e-5, "%9.2g"), "  .000045");
}

TEST(EvalFormat, DefaultDisplay) {
  EXPECT_EQ(format_default(1.0 / 3), ".33333333");
  EXPECT_EQ(format_default(2.0 / 3), ".66666667");
  EXPECT_EQ(format_default(100000 * 3), "300000");
  EXPECT_EQ(format_default(1e20), "1.000e+20");
  EXPECT_EQ(format_default(kPi), "3.1415927");
  EXPECT_EQ(format_default(2147483648.0), "2.147e+09");
  EXPECT_EQ(format_default(12345678), "12345678");
  EXPECT_EQ(format_default(-7), "-7");
  EXPECT_EQ(format_default(kMiss), ".");
  EXPECT_EQ(format_default(1e-300), "1.00e-300");
}

TEST(EvalFormat, FixedAndExponential) {
  EXPECT_EQ(format_number(kPi, "%9.3f"), "    3.142");
  EXPECT_EQ(format_number(0.5, "%4.2f"), "0.50");
  EXPECT_EQ(format_number(-0.001, "%6.2f"), "  0.00");
  EXPECT_EQ(format_number(1234567.891, "%14.2fc"), "  1,234,567.89");
  EXPECT_EQ(format_number(-1234.5, "%10.1fc"), "  -1,234.5");
  EXPECT_EQ(format_number(12.5, "%-8.2f"), "12.50   ");
  EXPECT_EQ(format_number(7, "%05.1f"), "007.0");
  EXPECT_EQ(format_number(123456789, "%10.3e"), " 1.235e+08");
  EXPECT_EQ(format_number(123456789, "%5.2f"), "123456789.00");  // wider than w: not cut
}

TEST(EvalFormat, Strings) {
  EXPECT_EQ(format_string("abc", "%5s"), "  abc");
  EXPECT_EQ(format_string("abc", "%-5s"), "abc  ");
  EXPECT_EQ(format_string("abc", "%~7s"), "  abc  ");
  EXPECT_EQ(format_string("abcdef", "%3s"), "abcdef");
}

TEST(EvalFormat, Dates) {
  EXPECT_EQ(format_number(21929, "%td"), "15jan2020");
  EXPECT_EQ(format_number(0, "%td"), "01jan1960");
  EXPECT_EQ(format_number(-1, "%td"), "31dec1959");
  EXPECT_EQ(format_number(21929, "%tdCCYY-NN-DD"), "2020-01-15");
  EXPECT_EQ(format_number(21929, "%tdDD_Mon_CCYY"), "15 Jan 2020");
  EXPECT_EQ(format_number(720, "%tm"), "2020m1");
  EXPECT_EQ(format_number(-1, "%tq"), "1959q4");
  EXPECT_EQ(format_number(2005, "%ty"), "2005");
  EXPECT_EQ(format_number(21929.0 * 86400000 + 3723000, "%tc"), "15jan2020 01:02:03");
  EXPECT_EQ(format_number(21929, "%12td"), "   15jan2020");
}

}  // namespace
}  // namespace xtdo::test
