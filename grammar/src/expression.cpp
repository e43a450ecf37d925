// parse_expression: runs the PEGTL expression grammar and turns its parse tree
// into ast::Expr. The only place that reads the expression parse tree.

#include <algorithm>
#include <charconv>
#include <string>
#include <tao/pegtl/contrib/parse_tree.hpp>

#include "expression_rules.hpp"
#include "pegtl_support.hpp"
#include "scan.hpp"
#include "xtdo/grammar.hpp"

namespace xtdo::grammar {

namespace {

namespace p = tao::pegtl;
namespace pt = tao::pegtl::parse_tree;
using namespace expr_rules;

// Stata's missing values ([U] 12.2.1): `.` = 2^1023, `.a`..`.z` just above it
// (the same constants as interpreter/include/xtdo/missing.hpp, which grammar
// cannot include because the dependency points the other way).
constexpr double kSysmiss = 0x1p1023;
double missing_value(char letter) {
  return letter == 0 ? kSysmiss : kSysmiss * (1.0 + (letter - 'a' + 1) / 4096.0);
}

// Guard rails so that no input can exhaust the stack while parsing, converting
// or (later) evaluating and destroying the tree.
constexpr int kMaxNesting = 100;
constexpr int kMaxTreeDepth = 1000;

template <typename Rule>
using selector = pt::selector<
    Rule,
    pt::store_content::on<number, missing_lit, simple_string, compound_string, var_name, func_name,
                          call, date_func_name, date_text, date_call, result_class, result_key,
                          result_ref, coef_word, coef_inner, coef_ref, base_name, subscript,
                          unary_not, unary_neg, unary_plus, pow_op, mul_op, add_op, rel_op, and_op,
                          or_op>,
    pt::fold_one::on<pow_level, mul_level, add_level, rel_level, and_level, expression>>;

/// Quotes and brackets first, so their errors name the culprit rather than the
/// place where the grammar gave up. Then a bound on how deeply the grammar can
/// recurse: every open bracket and every prefix operator (`-`, `+`, `!`, `~` in
/// operand position, which chain through `^-`) nests one level, so their count
/// over the open brackets bounds the parser's stack depth.
void precheck(std::string_view text, int base) {
  detail::top_level_mask(text, base);
  std::vector<int> unary_in_level{0};
  int unary_total = 0;
  char previous = '(';  // the start of the text counts as an operand position
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::size_t after = detail::skip_quoted(text, i);
    if (after != i) {
      i = after - 1;
      previous = '"';
      continue;
    }
    char c = text[i];
    if (detail::is_blank(c)) continue;
    if (c == '(' || c == '[') {
      unary_in_level.push_back(0);
    } else if ((c == ')' || c == ']') && unary_in_level.size() > 1) {
      unary_total -= unary_in_level.back();
      unary_in_level.pop_back();
    } else if ((c == '-' || c == '+' || c == '!' || c == '~') &&
               std::string_view("([,^*/+-<>=&|!~").find(previous) != std::string_view::npos) {
      ++unary_in_level.back();
      ++unary_total;
    }
    if (static_cast<int>(unary_in_level.size()) > kMaxNesting || unary_total > 2 * kMaxNesting) {
      throw XtdoError(130, "expression too complex", static_cast<int>(i) + base);
    }
    previous = c;
  }
}

class Converter {
 public:
  explicit Converter(int base) : base_(base) {}

  ast::ExprPtr convert(const pt::node& n, int depth) {
    if (depth > kMaxTreeDepth) throw XtdoError(130, "expression too complex", pos(n));
    auto e = std::make_shared<ast::Expr>();
    e->pos = pos(n);
    if (n.is_type<number>()) {
      e->kind = ast::ExprKind::Number;
      e->number = parse_number(n.string_view());
    } else if (n.is_type<missing_lit>()) {
      e->kind = ast::ExprKind::Number;
      std::string_view sv = n.string_view();
      e->number = missing_value(sv.size() > 1 ? sv[1] : 0);
    } else if (n.is_type<simple_string>()) {
      e->kind = ast::ExprKind::String;
      std::string_view sv = n.string_view();
      e->text = std::string(sv.substr(1, sv.size() - 2));
    } else if (n.is_type<compound_string>()) {
      e->kind = ast::ExprKind::String;
      std::string_view sv = n.string_view();
      e->text = std::string(sv.substr(2, sv.size() - 4));
    } else if (n.is_type<var_name>()) {
      e->kind = ast::ExprKind::Name;
      e->text = n.string();
    } else if (n.is_type<call>() || n.is_type<subscript>()) {
      e->kind = n.is_type<call>() ? ast::ExprKind::Call : ast::ExprKind::Subscript;
      e->text = n.children.front()->string();
      for (std::size_t k = 1; k < n.children.size(); ++k) {
        e->args.push_back(convert(*n.children[k], depth + 1));
      }
    } else if (n.is_type<date_call>()) {
      // Kept as a call with one string argument: the evaluator reads the date text.
      e->kind = ast::ExprKind::Call;
      e->text = n.children.at(0)->string();
      auto literal = std::make_shared<ast::Expr>();
      literal->kind = ast::ExprKind::String;
      std::string_view raw = n.children.at(1)->string_view();
      std::string_view trimmed = detail::trim(raw);
      literal->text = std::string(trimmed);
      literal->pos = pos(*n.children.at(1)) +
                     static_cast<int>(trimmed.empty() ? 0 : trimmed.data() - raw.data());
      e->args.push_back(std::move(literal));
    } else if (n.is_type<result_ref>()) {
      e->kind = ast::ExprKind::Result;
      e->text = n.children.at(0)->string();
      e->name = n.children.at(1)->string();
    } else if (n.is_type<coef_ref>()) {
      e->kind = ast::ExprKind::Coef;
      std::string word = n.children.at(0)->string();
      e->text = word == "_se" ? "_se" : "_b";  // _coef[] is a synonym of _b[]
      e->name = std::string(detail::trim(n.children.at(1)->string_view()));
      if (e->name.empty()) throw XtdoError(198, "invalid syntax", pos(*n.children.at(1)));
    } else if (n.is_type<unary_not>() || n.is_type<unary_neg>()) {
      e->kind = ast::ExprKind::Unary;
      e->text = n.is_type<unary_not>() ? "!" : "-";
      e->args.push_back(convert(*n.children.at(0), depth + 1));
    } else if (n.is_type<unary_plus>()) {
      return convert(*n.children.at(0), depth + 1);
    } else {
      return convert_binary(n, depth);
    }
    return e;
  }

 private:
  /// A precedence level with operands and operators alternating: fold to the left.
  ast::ExprPtr convert_binary(const pt::node& n, int depth) {
    if (n.children.size() < 3 || n.children.size() % 2 == 0) {
      throw XtdoError(198, "invalid syntax", pos(n));  // unreachable for a well-formed tree
    }
    ast::ExprPtr left = convert(*n.children[0], depth + 1);
    int level_depth = depth;
    for (std::size_t k = 1; k + 1 < n.children.size(); k += 2) {
      if (++level_depth > kMaxTreeDepth) {
        throw XtdoError(130, "expression too complex", pos(*n.children[k]));
      }
      auto e = std::make_shared<ast::Expr>();
      e->kind = ast::ExprKind::Binary;
      e->pos = pos(n);
      e->text = n.children[k]->string();
      if (e->text == "~=") e->text = "!=";
      e->args.push_back(std::move(left));
      e->args.push_back(convert(*n.children[k + 1], depth + 1));
      left = std::move(e);
    }
    return left;
  }

  double parse_number(std::string_view sv) const {
    double value = 0.0;
    auto [end, ec] = std::from_chars(sv.data(), sv.data() + sv.size(), value);
    // Literals beyond the largest double are missing, as Stata makes them.
    if (ec == std::errc::result_out_of_range) return kSysmiss;
    if (ec != std::errc() || end != sv.data() + sv.size()) {
      throw XtdoError(198, "invalid number", base_);
    }
    return value >= kSysmiss ? kSysmiss : value;
  }

  int pos(const pt::node& n) const { return static_cast<int>(n.begin().byte) + base_; }

  int base_;
};

}  // namespace

ast::ExprPtr parse_expression(std::string_view text, int base_offset) {
  precheck(text, base_offset);
  p::memory_input in(text.data(), text.size(), "expression");
  std::unique_ptr<pt::node> root;
  try {
    root = pt::parse<expr_rules::grammar, selector>(in);
  } catch (const p::parse_error&) {
    root.reset();  // the grammar has no must<>; treat like a failed match
  }
  if (!root || root->children.size() != 1) {
    std::size_t furthest = detail::furthest_match<expr_rules::grammar>(text);
    while (furthest < text.size() && detail::is_blank(text[furthest])) ++furthest;
    // Stata says only "invalid syntax" here; the caret carries the detail.
    std::string message = "invalid syntax";
    throw XtdoError(198, message, static_cast<int>(furthest) + base_offset);
  }
  Converter converter(base_offset);
  return converter.convert(*root->children.front(), 0);
}

}  // namespace xtdo::grammar
