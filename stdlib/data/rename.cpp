// rename: `rename old new` and the group form `rename (a b) (c d)` ([D] rename),
// checked as a whole before anything changes, so swaps like (a b) (b a) work.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "xtdo/command.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

namespace {

/// Split `(a b) (c d)` or `a b` into the two name lists.
std::pair<std::vector<std::string>, std::vector<std::string>> parse_lists(const std::string& text) {
  std::string t = util::trim(text);
  if (t.empty() || t[0] != '(') {
    auto words = grammar::split_words(t);
    if (words.size() < 2) throw XtdoError(198, "too few variables specified");
    if (words.size() > 2) throw XtdoError(198, "too many variables specified");
    return {{words[0]}, {words[1]}};
  }
  std::vector<std::vector<std::string>> lists;
  size_t i = 0;
  while (i < t.size()) {
    while (i < t.size() && t[i] == ' ') ++i;
    if (i >= t.size()) break;
    if (t[i] != '(') throw XtdoError(198, "invalid syntax");
    size_t close = t.find(')', i);
    if (close == std::string::npos) throw XtdoError(198, "unmatched parenthesis");
    lists.push_back(grammar::split_words(t.substr(i + 1, close - i - 1)));
    i = close + 1;
  }
  if (lists.size() != 2) throw XtdoError(198, "invalid syntax");
  return {lists[0], lists[1]};
}

}  // namespace

XTDO_COMMAND(rename, "rename", 3, "*") {
  Dataset& data = session.data;
  // --- Bind
  auto [olds, news] = parse_lists(args.cmd->rest.text);
  if (olds.size() != news.size())
    throw XtdoError(
        198, fmt::format("{} old name{} but {} new name{}", olds.size(),
                         olds.size() == 1 ? "" : "s", news.size(), news.size() == 1 ? "" : "s"));
  // --- Validate everything first
  for (auto& old : olds) old = data.find(old) >= 0 ? old : resolve_name(data, old);
  std::set<std::string> seen_old(olds.begin(), olds.end());
  if (seen_old.size() != olds.size()) throw XtdoError(198, "a variable is renamed twice");
  std::set<std::string> seen_new;
  for (const auto& name : news) {
    if (!valid_name(name)) throw XtdoError(198, fmt::format("{} invalid name", name));
    if (!seen_new.insert(name).second)
      throw XtdoError(198, fmt::format("{} specified twice as a new name", name));
    if (data.find(name) >= 0 && !seen_old.count(name))
      throw XtdoError(110, fmt::format("variable {} already defined", name));
  }
  // --- Rename through temporary names so that permutations work.
  std::vector<std::string> temps;
  for (size_t k = 0; k < olds.size(); ++k) {
    std::string tmp = session.macros.next_temp_name();
    while (data.find(tmp) >= 0) tmp = session.macros.next_temp_name();
    data.rename(olds[k], tmp);
    temps.push_back(tmp);
  }
  for (size_t k = 0; k < temps.size(); ++k) data.rename(temps[k], news[k]);
}

}  // namespace xtdo
