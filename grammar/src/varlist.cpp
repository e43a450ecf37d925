// parse_varlist: runs the PEGTL varlist grammar and turns its parse tree into
// ast::VarTerm values. The only place that reads the varlist parse tree.

#include <cctype>
#include <cmath>
#include <string>
#include <tao/pegtl/contrib/parse_tree.hpp>

#include "pegtl_support.hpp"
#include "scan.hpp"
#include "varlist_rules.hpp"
#include "xtdo/grammar.hpp"

namespace xtdo::grammar {

namespace {

namespace p = tao::pegtl;
namespace pt = tao::pegtl::parse_tree;
using namespace var_rules;

template <typename Rule>
using selector =
    pt::selector<Rule,
                 pt::store_content::on<pattern, name_group, ts_op, ts_term, fv_op, fv_name,
                                       fv_single, fv_hash, interaction, range_term, plain_name>>;

class Converter {
 public:
  explicit Converter(int base) : base_(base) {}

  void convert_term(const pt::node& n, std::vector<ast::VarTerm>& out) const {
    ast::VarTerm term;
    term.text = n.string();
    term.pos = pos(n);
    if (n.is_type<pattern>()) {
      term.names.push_back(n.string());
      out.push_back(std::move(term));
    } else if (n.is_type<range_term>()) {
      term.names.push_back(n.children.at(0)->string());
      term.range_to = n.children.at(1)->string();
      out.push_back(std::move(term));
    } else if (n.is_type<ts_term>()) {
      for (const auto& child : n.children) {
        if (child->is_type<ts_op>()) {
          term.ts.push_back(ts_operator(*child));
        } else {
          term.names = target_names(*child);
        }
      }
      out.push_back(std::move(term));
    } else {
      convert_factor(n, std::move(term), out);
    }
  }

 private:
  /// `i.x`, `i.(x z)`, `i.x#c.z`, `c.x##c.z`: one VarTerm per combination of the
  /// names in parenthesised groups (i.(a b)#c.w is i.a#c.w and i.b#c.w).
  void convert_factor(const pt::node& n, ast::VarTerm term, std::vector<ast::VarTerm>& out) const {
    std::vector<std::vector<ast::FvPart>> choices;  // per interaction factor
    auto add_part = [&](const pt::node& part) {
      std::vector<ast::FvPart> alternatives;
      if (part.is_type<fv_name>()) {
        ast::FvPart plain;
        plain.name = part.string();
        alternatives.push_back(std::move(plain));
      } else {
        ast::FvPart proto = factor_operator(*part.children.at(0));
        for (const std::string& name : target_names(*part.children.at(1))) {
          ast::FvPart one = proto;
          one.name = name;
          alternatives.push_back(std::move(one));
        }
      }
      choices.push_back(std::move(alternatives));
    };
    if (n.is_type<interaction>()) {
      for (const auto& child : n.children) {
        if (child->is_type<fv_hash>()) {
          if (child->string_view() == "##") term.fv_full = true;
        } else {
          add_part(*child);
        }
      }
    } else {
      add_part(n);
    }
    std::vector<std::vector<ast::FvPart>> combos{{}};
    for (const auto& alternatives : choices) {
      std::vector<std::vector<ast::FvPart>> next;
      for (const auto& combo : combos) {
        for (const auto& part : alternatives) {
          next.push_back(combo);
          next.back().push_back(part);
        }
      }
      combos = std::move(next);
    }
    for (auto& combo : combos) {
      ast::VarTerm one = term;
      for (const auto& part : combo) one.names.push_back(part.name);
      one.fv = std::move(combo);
      out.push_back(std::move(one));
    }
  }

  /// `L`, `L2`, `l(1/3)`: the letter upper-cased and the orders (default 1).
  ast::TsOp ts_operator(const pt::node& n) const {
    std::string_view text = n.string_view();
    ast::TsOp op;
    op.op = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    std::string_view order = text.substr(1);
    if (order.empty()) {
      op.lags = {1};
    } else if (order.front() == '(') {
      int at = pos(n) + 2;
      for (double v : parse_numlist(order.substr(1, order.size() - 2), at)) {
        op.lags.push_back(whole(v, at));
      }
    } else {
      op.lags = {whole(parse_numlist(order, pos(n) + 1).front(), pos(n) + 1)};
    }
    return op;
  }

  /// `i`, `c`, `ib2`, `ibn`, `ib(first)`, `i(1 3)`, `i2`, `2` (case-insensitive).
  ast::FvPart factor_operator(const pt::node& n) const {
    std::string text = n.string();
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ast::FvPart part;
    part.kind = ast::FvPart::Kind::Indicator;
    if (text == "c") {
      part.kind = ast::FvPart::Kind::Continuous;
      return part;
    }
    std::string_view rest = text;
    int at = pos(n);
    if (rest.front() == 'i') {
      rest.remove_prefix(1);
      ++at;
    }
    if (rest.empty()) return part;
    if (rest.front() == 'b') {
      std::string_view base = rest.substr(1);
      if (base == "n")
        part.no_base = true;
      else if (base == "(first)")
        part.base_first = true;
      else if (base == "(last)")
        part.base_last = true;
      else if (base == "(freq)")
        part.base_freq = true;
      else
        part.base = parse_numlist(base, at + 1).front();
    } else if (rest.front() == '(') {
      part.levels = parse_numlist(rest.substr(1, rest.size() - 2), at + 1);
    } else {
      part.levels = parse_numlist(rest, at);
    }
    return part;
  }

  std::vector<std::string> target_names(const pt::node& n) const {
    std::vector<std::string> names;
    if (n.is_type<name_group>()) {
      for (const auto& child : n.children) names.push_back(child->string());
    } else {
      names.push_back(n.string());
    }
    return names;
  }

  static int whole(double v, int at) {
    if (v < 0 || v > 1e6 || v != std::floor(v)) {
      throw XtdoError(198, "time-series operator order must be a nonnegative integer", at);
    }
    return static_cast<int>(v);
  }

  int pos(const pt::node& n) const { return static_cast<int>(n.begin().byte) + base_; }

  int base_;
};

}  // namespace

std::vector<ast::VarTerm> parse_varlist(std::string_view text, int base_offset) {
  p::memory_input in(text.data(), text.size(), "varlist");
  std::unique_ptr<pt::node> root;
  try {
    root = pt::parse<var_rules::grammar, selector>(in);
  } catch (const p::parse_error&) {
    root.reset();
  }
  if (!root) {
    std::size_t at = detail::furthest_match<var_rules::grammar>(text);
    while (at < text.size() && detail::is_blank(text[at])) ++at;
    // Stata names the offending word ("2x invalid name"); the caret goes to its start.
    std::size_t begin = at;
    while (begin > 0 && !detail::is_blank(text[begin - 1])) --begin;
    std::size_t end = at;
    while (end < text.size() && !detail::is_blank(text[end])) ++end;
    std::string word(text.substr(begin, end - begin));
    throw XtdoError(198, word.empty() ? "invalid syntax" : word + " invalid name",
                    static_cast<int>(begin) + base_offset);
  }
  std::vector<ast::VarTerm> terms;
  Converter converter(base_offset);
  for (const auto& child : root->children) converter.convert_term(*child, terms);
  return terms;
}

}  // namespace xtdo::grammar
