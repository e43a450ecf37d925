// sort (ascending) and gsort ([+|-]var ..., descending with missing values last
// unless mfirst) — [D] sort, [D] gsort. Both are stable: ties keep their order.
#include <fmt/format.h>

#include "data_common.hpp"
#include "xtdo/command.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

XTDO_COMMAND(sort, "sort", 2, "varlist [, STable]") {
  Dataset& data = session.data;
  std::vector<data::SortKey> keys;
  for (const auto& ref : args.vars) keys.push_back({data.get(ref.name), false, false});
  std::vector<int64_t> perm = data::sort_permutation(data, keys);
  if (!perm.empty()) data.permute(perm);
  data.sortedby = args.var_names();
}

namespace {

struct GsortTerm {
  std::string name;
  bool descending = false;
};

/// `-x +y z` → terms; a sign may stand apart from its name (`- x`).
std::vector<GsortTerm> parse_terms(const Dataset& data, const std::string& text, int base) {
  std::vector<GsortTerm> terms;
  bool pending_desc = false, pending_sign = false;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ' || c == '\t') {
      ++i;
    } else if (c == '+' || c == '-') {
      if (pending_sign) throw XtdoError(198, "invalid syntax", base + static_cast<int>(i));
      pending_desc = c == '-';
      pending_sign = true;
      ++i;
    } else {
      size_t start = i;
      while (i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != '+' &&
             text[i] != '-')
        ++i;
      std::string word = text.substr(start, i - start);
      int pos = base + static_cast<int>(start);
      std::string name = data.find(word) >= 0 ? word : resolve_name(data, word, pos);
      terms.push_back({name, pending_desc});
      pending_desc = pending_sign = false;
    }
  }
  if (pending_sign)
    throw XtdoError(198, "variable name expected after sign", base + static_cast<int>(text.size()));
  if (terms.empty()) throw XtdoError(100, "varlist required", base);
  return terms;
}

}  // namespace

XTDO_COMMAND(gsort, "gsort", 0, "*") {
  Dataset& data = session.data;
  // --- Bind
  const ast::Span& rest = args.cmd->rest;
  auto [list, opts] = data::split_comma(rest.text);
  std::vector<GsortTerm> terms = parse_terms(data, list, rest.pos);
  bool mfirst = false;
  std::string generate;
  for (const auto& word : grammar::split_words(opts)) {
    std::string w = util::lower(word);
    size_t paren = w.find('(');
    std::string key = w.substr(0, paren);
    if (key == "mfirst") {
      mfirst = true;
    } else if (paren != std::string::npos && util::abbrev(key, "generate", 3) && w.back() == ')') {
      generate = util::trim(word.substr(paren + 1, word.size() - paren - 2));
      if (!valid_name(generate)) throw XtdoError(198, fmt::format("{} invalid name", generate));
      if (data.find(generate) >= 0)
        throw XtdoError(110, fmt::format("variable {} already defined", generate));
    } else {
      throw XtdoError(198, fmt::format("option {} not allowed", word));
    }
  }

  // --- Sort
  std::vector<data::SortKey> keys;
  for (const auto& t : terms) keys.push_back({data.get(t.name), t.descending, mfirst});
  std::vector<int64_t> perm = data::sort_permutation(data, keys);
  if (!perm.empty()) data.permute(perm);
  // Stata records the sort order up to the first descending key.
  data.sortedby.clear();
  for (const auto& t : terms) {
    if (t.descending) break;
    data.sortedby.push_back(t.name);
  }

  // --- generate(): 1, 2, ... for each distinct combination, in the new order.
  if (!generate.empty()) {
    const size_t n = data.nobs();
    std::vector<double> code(n);
    double current = 0;
    for (size_t row = 0; row < n; ++row) {
      bool fresh = row == 0;
      for (size_t k = 0; k < keys.size() && !fresh; ++k) {
        const Column& c = *keys[k].col;
        fresh = c.is_string() ? c.str[row] != c.str[row - 1] : c.num[row] != c.num[row - 1];
      }
      if (fresh) ++current;
      code[row] = current;
    }
    data.add_numeric(generate, std::move(code), StorageType::Long);
  }
}

}  // namespace xtdo
