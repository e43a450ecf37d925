// The --results stream (DESIGN.md "Results"): a session with SessionOptions.results_path
// writes one JSON object per command that posted r()/e(), with the command line, its
// line number, numbers at 17 significant digits and missing values as null.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "xtdo/session.hpp"

namespace {

namespace fs = std::filesystem;
using xtdo::Console;
using xtdo::Session;
using xtdo::SessionOptions;

/// Run `script` in a fresh session whose results go to a temporary file; return the
/// file's lines (the session is destroyed first, so the file is complete).
std::vector<std::string> run_with_results(const std::string& script, int& rc) {
  const fs::path path = fs::temp_directory_path() /
                        ("xtdo_results_" + std::to_string(::testing::UnitTest::GetInstance()
                                                               ->random_seed()) +
                         "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name() +
                         ".jsonl");
  {
    std::ostringstream out, err;
    Console console(out, err);
    console.echo_commands = false;
    SessionOptions options;
    options.results_path = path.string();
    Session session(console, options);
    rc = session.run_text(script, "test.do");
    EXPECT_EQ(rc, 0) << err.str();
  }
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  fs::remove(path);
  return lines;
}

/// True if `line` is one JSON object: starts with {, ends with }, and its braces and
/// brackets balance outside strings.
bool one_object(const std::string& line) {
  if (line.empty() || line.front() != '{' || line.back() != '}') return false;
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') ++depth;
    else if (c == '}' || c == ']') {
      if (--depth < 0) return false;
      if (depth == 0 && i + 1 != line.size()) return false;
    }
  }
  return depth == 0 && !in_string;
}

/// The text of r(name) in the record's "r" scalars, as written ("" if absent).
std::string r_scalar(const std::string& line, const std::string& name) {
  size_t r = line.find("\"r\": {\"scalars\": {");
  if (r == std::string::npos) return "";
  size_t end = line.find('}', r + 18);
  std::string scalars = line.substr(r + 18, end - (r + 18));
  std::smatch m;
  if (!std::regex_search(scalars, m, std::regex("(^|, )\"" + name + "\": ([^,]+)"))) return "";
  return m[2];
}

TEST(CmdResultsJson, SummarizeWritesOneRecordWithItsScalars) {
  int rc = 0;
  auto lines = run_with_results(
      "set obs 5\n"
      "gen x = _n\n"
      "summarize x\n"
      "display r(mean)\n",
      rc);
  // set, generate and display post no results: only summarize writes a record.
  ASSERT_EQ(lines.size(), 1u);
  const std::string& rec = lines[0];
  EXPECT_TRUE(one_object(rec)) << rec;
  EXPECT_NE(rec.find("\"line\": 3"), std::string::npos) << rec;
  EXPECT_NE(rec.find("\"command\": \"summarize x\""), std::string::npos) << rec;
  EXPECT_EQ(rec.find("\"e\":"), std::string::npos) << rec;  // summarize posts r() only
  EXPECT_EQ(r_scalar(rec, "N"), "5");
  EXPECT_EQ(r_scalar(rec, "mean"), "3");
  EXPECT_EQ(r_scalar(rec, "sum_w"), "5");
  EXPECT_EQ(r_scalar(rec, "min"), "1");
  EXPECT_EQ(r_scalar(rec, "max"), "5");
  EXPECT_EQ(r_scalar(rec, "Var"), "2.5");
  // sd = sqrt(2.5), with all 17 significant digits.
  EXPECT_EQ(r_scalar(rec, "sd"), "1.5811388300841898");
}

TEST(CmdResultsJson, NumbersKeepSeventeenDigitsAndMissingIsNull) {
  int rc = 0;
  auto lines = run_with_results(
      "set obs 5\n"
      "gen double tenth = 0.1\n"
      "gen x = _n\n"
      "summarize tenth\n"
      "quietly summarize x in 1\n",
      rc);
  ASSERT_EQ(lines.size(), 2u);
  for (const auto& rec : lines) EXPECT_TRUE(one_object(rec)) << rec;
  // 0.1 is not exactly representable: 17 significant digits show the double itself,
  // so a reader gets back exactly the value xtdo holds.
  EXPECT_NE(lines[0].find("\"line\": 4"), std::string::npos) << lines[0];
  EXPECT_EQ(r_scalar(lines[0], "min"), "0.10000000000000001");
  EXPECT_EQ(r_scalar(lines[0], "max"), "0.10000000000000001");
  // One observation: the variance and standard deviation are missing, written null.
  // The command is written as typed, prefix included.
  EXPECT_NE(lines[1].find("\"line\": 5"), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find("\"command\": \"quietly summarize x in 1\""), std::string::npos)
      << lines[1];
  EXPECT_EQ(r_scalar(lines[1], "N"), "1");
  EXPECT_EQ(r_scalar(lines[1], "Var"), "null");
  EXPECT_EQ(r_scalar(lines[1], "sd"), "null");
  EXPECT_EQ(r_scalar(lines[1], "mean"), "1");
}

TEST(CmdResultsJson, CommandIsWrittenAfterMacroExpansion) {
  int rc = 0;
  auto lines = run_with_results(
      "set obs 3\n"
      "gen y = _n * 2\n"
      "local v y\n"
      "summarize `v'\n",
      rc);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("\"command\": \"summarize y\""), std::string::npos) << lines[0];
  EXPECT_EQ(r_scalar(lines[0], "mean"), "4");
}

}  // namespace
