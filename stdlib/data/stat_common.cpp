// Helpers shared by the tabulation and quantile commands: weighted samples, value
// text as tables show it, and label wrapping.
#include "stat_common.hpp"

#include <fast_float/fast_float.h>

#include <cctype>
#include <cmath>

#include "data_common.hpp"
#include "inspect_util.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"

namespace xtdo::stat {

WeightedSample weighted_sample(Session& session, const CallArgs& args, bool markout, bool strok,
                               bool keep_zero) {
  WeightedSample out;
  // The sample without the weight first, so that bad weights can be reported
  // instead of silently dropped.
  CallArgs plain = args;
  plain.weight_exp = nullptr;
  out.touse = plain.sample(session, markout, strok);
  if (!args.weight_exp) return out;
  EvalContext ctx;
  ctx.data = &session.data;
  ctx.env = &session;
  Value v = evaluate(*args.weight_exp, ctx);
  if (v.is_string) throw XtdoError(109, "type mismatch", args.weight_exp->pos);
  out.w = std::move(v.num);
  for (size_t row = 0; row < out.touse.size(); ++row) {
    if (!out.touse[row]) continue;
    double w = out.w[row];
    if (missing::is_missing(w)) {
      out.touse[row] = 0;
    } else if (w < 0) {
      throw XtdoError(402, "negative weights encountered");
    } else if (args.weight_type == "fweight" && w != std::floor(w)) {
      throw XtdoError(401, "may not use noninteger frequency weights");
    } else if (w == 0 && !keep_zero) {
      out.touse[row] = 0;
    }
  }
  return out;
}

const std::vector<double>& numeric_values(const Dataset& data, const VarRef& ref,
                                          std::vector<double>& holder) {
  if (ref.plain()) return data.get(ref.base)->num;
  holder = materialize(data, ref);
  return holder;
}

/// Stata's real(): a decimal number (sign, digits, point, exponent) with blanks
/// around it; `.` and `.a`..`.z` are missing values; anything else is `.`.
double stata_real(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return missing::kSysmiss;
  size_t e = s.find_last_not_of(" \t\r\n") + 1;
  std::string_view v(s.data() + b, e - b);
  if (v == ".") return missing::kSysmiss;
  if (v.size() == 2 && v[0] == '.' && v[1] >= 'a' && v[1] <= 'z') return missing::extended(v[1]);
  bool neg = false;
  if (v[0] == '+' || v[0] == '-') {
    neg = v[0] == '-';
    v.remove_prefix(1);
  }
  if (v.empty() || !(std::isdigit(static_cast<unsigned char>(v[0])) || v[0] == '.'))
    return missing::kSysmiss;
  double out = 0;
  auto res = fast_float::from_chars(v.data(), v.data() + v.size(), out);
  if (res.ec != std::errc() || res.ptr != v.data() + v.size()) return missing::kSysmiss;
  return missing::clean(neg ? -out : out);
}

bool is_number_literal(const std::string& s, double& value) {
  std::string t = s;
  size_t b = t.find_first_not_of(" \t");
  if (b == std::string::npos) return false;
  t = t.substr(b, t.find_last_not_of(" \t") + 1 - b);
  value = stata_real(t);
  return !missing::is_missing(value) || t == "." ||
         (t.size() == 2 && t[0] == '.' && t[1] >= 'a' && t[1] <= 'z');
}

std::string value_text(const Dataset& data, const Column& col, double v, bool labels) {
  if (labels && !col.value_label.empty()) {
    auto set = data.value_labels.find(col.value_label);
    if (set != data.value_labels.end()) {
      auto hit = set->second.find(v);
      if (hit != set->second.end()) return hit->second;
    }
  }
  if (missing::is_missing(v)) return missing::to_string(v);
  return inspect::ltrim(format_number(v, col.format.empty() ? "%9.0g" : col.format));
}

std::vector<std::string> wrap(const std::string& text, size_t width) {
  std::vector<std::string> lines;
  std::string cur;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t e = text.find(' ', pos);
    std::string word = text.substr(pos, e == std::string::npos ? std::string::npos : e - pos);
    pos = e == std::string::npos ? text.size() : e + 1;
    if (word.empty()) continue;
    while (inspect::display_width(word) > width) {
      if (!cur.empty()) {
        lines.push_back(cur);
        cur.clear();
      }
      auto chars = inspect::utf8_chars(word);
      std::string head, tail;
      for (size_t k = 0; k < chars.size(); ++k) (k < width ? head : tail) += chars[k];
      lines.push_back(head);
      word = tail;
    }
    if (!cur.empty() && inspect::display_width(cur) + 1 + inspect::display_width(word) > width) {
      lines.push_back(cur);
      cur.clear();
    }
    if (!word.empty()) cur += (cur.empty() ? "" : " ") + word;
  }
  if (!cur.empty()) lines.push_back(cur);
  if (lines.empty()) lines.push_back("");
  return lines;
}

Categories categorize(const Dataset& data, const Column& col, const std::vector<uint8_t>& touse,
                      bool keep_missing, bool labels) {
  const size_t n = data.nobs();
  std::vector<uint8_t> mask(touse);
  if (!keep_missing)
    for (size_t row = 0; row < n; ++row)
      if (mask[row] && (col.is_string() ? col.str[row].empty() : missing::is_missing(col.num[row])))
        mask[row] = 0;
  data::GroupCodes g = data::group_codes(data, {col.name}, &mask);
  Categories out;
  out.code = std::move(g.code);
  out.count = g.ngroups;
  out.first_row.assign(static_cast<size_t>(out.count), -1);
  for (size_t row = 0; row < n; ++row) {
    int32_t c = out.code[row];
    if (c >= 0 && out.first_row[c] < 0) out.first_row[c] = static_cast<int64_t>(row);
  }
  for (int64_t row : out.first_row) {
    std::string t = col.is_string() ? col.str[row] : value_text(data, col, col.num[row], labels);
    out.width = std::max(out.width, inspect::display_width(t));
    out.text.push_back(std::move(t));
  }
  if (col.is_string() && col.type == StorageType::Str)
    out.width = std::max(out.width, static_cast<size_t>(col.str_width));
  if (!col.is_string() && labels && !col.value_label.empty()) {
    auto set = data.value_labels.find(col.value_label);
    if (set != data.value_labels.end())
      for (const auto& [v, t] : set->second)
        out.width = std::max(out.width, inspect::display_width(t));
  }
  return out;
}

}  // namespace xtdo::stat
