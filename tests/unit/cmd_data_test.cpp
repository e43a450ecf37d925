// Data-management commands through a Session: egen group statistics against a
// brute-force oracle on every grouping path (sorted, integer buckets, general sort,
// strings, several keys), sort/gsort order and stability, sequential replace, and
// preserve/restore round trips.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <sstream>

#include "xtdo/command.hpp"
#include "xtdo/session.hpp"

namespace {

using xtdo::Console;
using xtdo::Session;
using xtdo::StorageType;

struct Fixture {
  std::ostringstream out, err;
  Console console{out, err};
  Session session{console};
  Fixture() { console.echo_commands = false; }
  int run(const std::string& text) { return session.run_text(text, "test.do"); }
  const std::vector<double>& num(const std::string& name) { return session.data.get(name)->num; }
};

/// Random panel: `ngroups` ids in random order, values with some missing.
void random_data(Fixture& f, size_t n, int ngroups, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> pick(1, ngroups);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> id(n), x(n);
  std::vector<std::string> s(n);
  for (size_t i = 0; i < n; ++i) {
    id[i] = pick(rng);
    x[i] = u(rng) < 0.1 ? xtdo::missing::kSysmiss : std::round(u(rng) * 1000) / 8;
    s[i] = "g" + std::to_string(static_cast<int>(id[i]) % 7);
  }
  f.session.data.add_numeric("id", id, StorageType::Double);
  f.session.data.add_numeric("x", x, StorageType::Double);
  f.session.data.add_string("s", s);
}

/// Brute-force group means keyed by the tuple of key values.
std::map<std::vector<std::string>, std::pair<double, int>> oracle_sums(
    Fixture& f, const std::vector<std::string>& keys) {
  std::map<std::vector<std::string>, std::pair<double, int>> acc;
  const auto& data = f.session.data;
  for (size_t row = 0; row < data.nobs(); ++row) {
    std::vector<std::string> key;
    for (const auto& k : keys) {
      const auto* c = data.get(k);
      key.push_back(c->is_string() ? c->str[row] : std::to_string(c->num[row]));
    }
    auto& a = acc[key];
    double v = data.get("x")->num[row];
    if (!xtdo::missing::is_missing(v)) {
      a.first += v;
      a.second += 1;
    }
  }
  return acc;
}

void expect_group_means(Fixture& f, const std::string& result,
                        const std::vector<std::string>& keys) {
  auto acc = oracle_sums(f, keys);
  const auto& data = f.session.data;
  for (size_t row = 0; row < data.nobs(); ++row) {
    std::vector<std::string> key;
    for (const auto& k : keys) {
      const auto* c = data.get(k);
      key.push_back(c->is_string() ? c->str[row] : std::to_string(c->num[row]));
    }
    const auto& a = acc[key];
    double got = data.get(result)->num[row];
    if (a.second == 0) {
      EXPECT_TRUE(xtdo::missing::is_missing(got)) << "row " << row;
    } else {
      EXPECT_NEAR(got, a.first / a.second, 1e-9 * std::max(1.0, std::fabs(got))) << "row " << row;
    }
  }
}

TEST(CmdData, EgenMeanIntegerIdsUnsorted) {
  Fixture f;
  random_data(f, 5000, 300, 1);
  ASSERT_EQ(f.run("egen double m = mean(x), by(id)\n"), 0) << f.err.str();
  expect_group_means(f, "m", {"id"});
}

TEST(CmdData, EgenMeanNonIntegerKeyUsesGeneralSort) {
  Fixture f;
  random_data(f, 3000, 200, 2);
  ASSERT_EQ(f.run("gen double k = id / 3\negen double m = mean(x), by(k)\n"), 0) << f.err.str();
  expect_group_means(f, "m", {"k"});
}

TEST(CmdData, EgenMeanStringAndTwoKeys) {
  Fixture f;
  random_data(f, 3000, 50, 3);
  ASSERT_EQ(f.run("egen double m1 = mean(x), by(s)\negen double m2 = mean(x), by(s id)\n"), 0)
      << f.err.str();
  expect_group_means(f, "m1", {"s"});
  expect_group_means(f, "m2", {"s", "id"});
}

TEST(CmdData, EgenUnderBysortMatchesByOption) {
  Fixture f;
  random_data(f, 4000, 100, 4);
  ASSERT_EQ(f.run("egen double a = mean(x), by(id)\nbysort id: egen double b = mean(x)\n"), 0)
      << f.err.str();
  const auto& a = f.num("a");
  const auto& b = f.num("b");
  for (size_t row = 0; row < a.size(); ++row) EXPECT_EQ(a[row], b[row]) << "row " << row;
}

TEST(CmdData, EgenGroupCodesFollowSortedValues) {
  Fixture f;
  f.session.data.add_numeric("v", {30, 10, 20, 10, xtdo::missing::kSysmiss, 30},
                             StorageType::Double);
  ASSERT_EQ(f.run("egen g = group(v)\negen gm = group(v), missing\n"), 0) << f.err.str();
  const auto& g = f.num("g");
  EXPECT_EQ(g[0], 3);
  EXPECT_EQ(g[1], 1);
  EXPECT_EQ(g[2], 2);
  EXPECT_EQ(g[3], 1);
  EXPECT_TRUE(xtdo::missing::is_missing(g[4]));
  EXPECT_EQ(f.num("gm")[4], 4);
}

TEST(CmdData, SortIsStableOnEveryPath) {
  Fixture f;
  random_data(f, 2000, 20, 5);
  std::vector<double> order(2000);
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<double>(i);
  f.session.data.add_numeric("orig", order, StorageType::Double);
  // Integer key (counting sort), a non-integer key (comparison sort), a string key.
  // Each earlier sort leaves ties ordered by (id, orig), which a stable sort keeps.
  struct Case {
    const char* cmd;
    const char* key;
  };
  for (const Case& c : {Case{"sort id\n", "id"}, Case{"gen double h = id / 7\nsort h\n", "h"},
                        Case{"sort s\n", "s"}}) {
    ASSERT_EQ(f.run(c.cmd), 0) << f.err.str();
    const auto& data = f.session.data;
    const auto* col = data.get(c.key);
    const auto& id = f.num("id");
    const auto& orig = f.num("orig");
    for (size_t row = 1; row < data.nobs(); ++row) {
      bool tie;
      if (col->is_string()) {
        EXPECT_LE(col->str[row - 1], col->str[row]);
        tie = col->str[row] == col->str[row - 1];
      } else {
        EXPECT_LE(col->num[row - 1], col->num[row]);
        tie = col->num[row] == col->num[row - 1];
      }
      if (tie) {
        bool ordered =
            id[row - 1] < id[row] || (id[row - 1] == id[row] && orig[row - 1] < orig[row]);
        EXPECT_TRUE(ordered) << c.cmd << " unstable at " << row;
      }
    }
  }
}

TEST(CmdData, GsortDescendingPutsMissingLast) {
  Fixture f;
  const double miss = xtdo::missing::kSysmiss;
  f.session.data.add_numeric("x", {2, miss, 5, xtdo::missing::extended('a'), 1},
                             StorageType::Double);
  ASSERT_EQ(f.run("gsort -x\n"), 0) << f.err.str();
  const auto& x = f.num("x");
  EXPECT_EQ(x[0], 5);
  EXPECT_EQ(x[1], 2);
  EXPECT_EQ(x[2], 1);
  EXPECT_TRUE(xtdo::missing::is_missing(x[3]) && xtdo::missing::is_missing(x[4]));
  ASSERT_EQ(f.run("gsort -x, mfirst\n"), 0) << f.err.str();
  EXPECT_TRUE(xtdo::missing::is_missing(f.num("x")[0]));
  EXPECT_EQ(f.num("x")[2], 5);
}

TEST(CmdData, ReplaceCarryForwardRunsInOrder) {
  Fixture f;
  const double miss = xtdo::missing::kSysmiss;
  f.session.data.add_numeric("id", {1, 1, 1, 1, 2, 2, 2}, StorageType::Double);
  f.session.data.add_numeric("v", {4, miss, miss, 6, miss, 3, miss}, StorageType::Double);
  ASSERT_EQ(f.run("by id: replace v = v[_n-1] if missing(v)\n"), 0) << f.err.str();
  std::vector<double> want = {4, 4, 4, 6, miss, 3, 3};
  EXPECT_EQ(f.num("v"), want);
  EXPECT_NE(f.out.str().find("(3 real changes made)"), std::string::npos) << f.out.str();
}

TEST(CmdData, PreserveRestoreRoundTrip) {
  Fixture f;
  random_data(f, 100, 5, 6);
  f.session.data.get("x")->format = "%9.3f";
  ASSERT_EQ(
      f.run("gen byte b = 1\nsort id\npreserve\nreplace x = 0\ndrop s\ndrop in 1/50\nrestore\n"), 0)
      << f.err.str();
  const auto& data = f.session.data;
  EXPECT_EQ(data.nobs(), 100u);
  EXPECT_EQ(data.nvars(), 4u);
  EXPECT_EQ(data.get("b")->type, StorageType::Byte);
  EXPECT_EQ(data.get("x")->format, "%9.3f");
  EXPECT_EQ(data.sortedby, std::vector<std::string>{"id"});
  EXPECT_FALSE(f.session.preserved);
}

TEST(CmdData, CommandsAreRegistered) {
  const auto& reg = xtdo::Registry::instance();
  for (const char* name :
       {"generate", "replace", "egen", "drop", "keep", "rename", "order", "sort", "gsort", "clear",
        "set", "input", "count", "assert", "confirm", "preserve", "restore"})
    EXPECT_NE(reg.lookup(name), nullptr) << name;
  EXPECT_EQ(reg.lookup("g")->name, "generate");
  EXPECT_EQ(reg.lookup("so")->name, "sort");
  EXPECT_EQ(reg.lookup("cou")->name, "count");
  EXPECT_EQ(reg.lookup("ren")->name, "rename");
  EXPECT_EQ(reg.lookup("repl"), nullptr);  // replace must be typed in full
}

}  // namespace
