// The transcribed Stock-Yogo table (stdlib/estimation/stock_yogo.cpp) equals every
// cell of tests/data/stock_yogo.json (a copy of the project's shared reference,
// Stock and Yogo 2005 as tabulated in ivreg2).
#include "../../stdlib/estimation/stock_yogo.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using xtdo::est::SyTable;

std::string read_json() {
  std::ifstream in(std::string(XTDO_SOURCE_DIR) + "/tests/data/stock_yogo.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The rows of table `name`: its value is a list of lists of numbers or null.
std::vector<std::vector<double>> table(const std::string& json, const std::string& name) {
  std::vector<std::vector<double>> rows;
  size_t at = json.find("\"" + name + "\":");
  if (at == std::string::npos) return rows;
  at = json.find('[', at) + 1;
  while (true) {
    while (at < json.size() && (json[at] == ' ' || json[at] == ',')) ++at;
    if (json[at] == ']') break;
    ++at;  // '['
    std::vector<double> row;
    while (json[at] != ']') {
      while (json[at] == ' ' || json[at] == ',') ++at;
      if (json.compare(at, 4, "null") == 0) {
        row.push_back(NAN);
        at += 4;
      } else {
        size_t used = 0;
        row.push_back(std::stod(json.substr(at, 32), &used));
        at += used;
      }
      while (json[at] == ' ') ++at;
    }
    ++at;
    rows.push_back(row);
  }
  return rows;
}

TEST(StockYogo, EveryCellMatchesTheJson) {
  const std::string json = read_json();
  ASSERT_FALSE(json.empty());
  int checked = 0;
  for (int t = 0; t <= static_cast<int>(SyTable::k_limlsize25); ++t) {
    const auto table_id = static_cast<SyTable>(t);
    const auto rows = table(json, xtdo::est::stock_yogo_name(table_id));
    ASSERT_EQ(rows.size(), 100u) << xtdo::est::stock_yogo_name(table_id);
    for (size_t r = 0; r < rows.size(); ++r) {
      for (size_t c = 0; c < rows[r].size(); ++c) {
        const double got =
            xtdo::est::stock_yogo(table_id, static_cast<int>(r + 1), static_cast<int>(c + 1));
        if (std::isnan(rows[r][c])) {
          EXPECT_TRUE(std::isnan(got));
        } else {
          EXPECT_EQ(got, rows[r][c]) << xtdo::est::stock_yogo_name(table_id) << " " << r + 1;
        }
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 100 * (4 * 3 + 16 * 2));
  // The value the shared README names: 10% maximal IV size, K1 = 1, L1 = 1.
  EXPECT_EQ(xtdo::est::stock_yogo(SyTable::k_ivsize10, 1, 1), 16.38);
  EXPECT_TRUE(std::isnan(xtdo::est::stock_yogo(SyTable::k_ivsize10, 101, 1)));
}

}  // namespace
