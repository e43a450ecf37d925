// The two-way table of tabulate: frequencies with row/column/cell percentages,
// Pearson and likelihood-ratio chi-squared tests ([R] tabulate twoway).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "../display/distributions.hpp"
#include "inspect_util.hpp"
#include "tabulate.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"

namespace xtdo::tab {

namespace {

using inspect::pad_left;
using inspect::pad_right;

constexpr size_t kLineSize = 80;

/// `text` centred in `width` columns (extra blank on the right), cut when longer.
std::string centre(const std::string& text, size_t width) {
  size_t w = inspect::display_width(text);
  if (w >= width) return text;
  size_t left = (width - w) / 2;
  return std::string(left, ' ') + text + std::string(width - w - left, ' ');
}

std::string cut(const std::string& s, size_t width) {
  auto chars = inspect::utf8_chars(s);
  if (chars.size() <= width) return s;
  std::string out;
  for (size_t i = 0; i < width; ++i) out += chars[i];
  return out;
}

std::string pct(double v) { return fmt::format("{:.2f}", v); }

/// The key box printed above a table whose cells hold more than one number.
void print_key(Console& out, const std::vector<std::string>& items) {
  size_t inner = 0;
  for (const auto& s : items) inner = std::max(inner, s.size() + 2);
  out.println("+" + std::string(inner, '-') + "+");
  out.println("| " + pad_right("Key", inner - 1) + "|");
  out.println("|" + std::string(inner, '-') + "|");
  for (const auto& s : items) out.println("|" + centre(s, inner) + "|");
  out.println("+" + std::string(inner, '-') + "+");
}

}  // namespace

void twoway(Session& session, const VarRef& row_ref, const VarRef& col_ref,
            const stat::WeightedSample& s, const std::string& wtype, const Options& opt) {
  Dataset& data = session.data;
  const Column& rcol = *data.get(row_ref.base);
  const Column& ccol = *data.get(col_ref.base);
  const size_t n = data.nobs();
  // --- Sample: both variables present (unless missing).
  std::vector<uint8_t> touse = s.touse;
  if (!opt.missing)
    for (size_t row = 0; row < n; ++row) {
      if (!touse[row]) continue;
      bool rm = rcol.is_string() ? rcol.str[row].empty() : missing::is_missing(rcol.num[row]);
      bool cm = ccol.is_string() ? ccol.str[row].empty() : missing::is_missing(ccol.num[row]);
      if (rm || cm) touse[row] = 0;
    }
  stat::Categories rc = stat::categorize(data, rcol, touse, true, !opt.nolabel);
  stat::Categories cc = stat::categorize(data, ccol, touse, true, !opt.nolabel);
  if (rc.count == 0) {
    session.console.println("no observations");
    session.r.clear();
    for (const char* k : {"N", "r", "c"}) session.r.set_scalar(k, 0);
    return;
  }
  const size_t R = static_cast<size_t>(rc.count), C = static_cast<size_t>(cc.count);
  if (R * C > 100000000) throw XtdoError(134, "too many values");

  // --- Build: the frequency table.
  std::vector<double> f(R * C, 0), rowt(R, 0), colt(C, 0);
  double nobs = 0, wsum = 0;
  for (size_t row = 0; row < n; ++row) {
    if (rc.code[row] < 0) continue;
    double w = s.w.empty() ? 1.0 : s.w[row];
    f[rc.code[row] * C + cc.code[row]] += w;
    wsum += w;
    nobs += 1;
  }
  if (wtype == "aweight" && wsum > 0)
    for (double& v : f) v *= nobs / wsum;
  double N = 0;
  for (size_t i = 0; i < R; ++i)
    for (size_t j = 0; j < C; ++j) {
      rowt[i] += f[i * C + j];
      colt[j] += f[i * C + j];
      N += f[i * C + j];
    }

  // --- Tests: Pearson X2 = sum (O - E)^2 / E and G2 = 2 sum O ln(O / E), with
  // E = row total x column total / N and (r - 1)(c - 1) degrees of freedom.
  double chi2 = 0, lr = 0;
  for (size_t i = 0; i < R; ++i)
    for (size_t j = 0; j < C; ++j) {
      double E = rowt[i] * colt[j] / N;
      double O = f[i * C + j];
      if (E > 0) chi2 += (O - E) * (O - E) / E;
      if (O > 0 && E > 0) lr += 2 * O * std::log(O / E);
    }
  double df = static_cast<double>((R - 1) * (C - 1));
  double p = df > 0 ? display::chi2tail(session, df, chi2) : missing::kSysmiss;
  double p_lr = df > 0 ? display::chi2tail(session, df, lr) : missing::kSysmiss;
  if (df == 0) chi2 = lr = missing::kSysmiss;

  // --- Display
  Console& out = session.console;
  std::vector<std::string> items;
  if (!opt.nofreq) items.push_back("frequency");
  if (opt.row) items.push_back("row percentage");
  if (opt.col) items.push_back("column percentage");
  if (opt.cell) items.push_back("cell percentage");
  if (items.size() > 1) {
    out.println();
    print_key(out, items);
  }
  const size_t width = std::clamp<size_t>(rc.width, 10, 39);
  const std::string rlabel = rcol.label.empty() ? row_ref.name : rcol.label;
  const std::string clabel = ccol.label.empty() ? col_ref.name : ccol.label;
  std::vector<std::string> rhead = stat::wrap(rlabel, width);
  if (rhead.size() < 2) rhead.insert(rhead.begin(), "");
  // Columns per panel: the row_label, 11 per column and the Total column fit in a line.
  size_t per_panel = std::max<size_t>(1, (kLineSize - (width + 2) - 11) / 11);
  auto cell_lines = [&](const std::vector<double>& freq, double rtot) {
    // freq: the frequencies of one table row (or the total row), per column; the
    // last element is the row total.
    std::vector<std::vector<std::string>> lines;
    size_t m = freq.size();
    if (!opt.nofreq) {
      std::vector<std::string> l;
      for (double v : freq) l.push_back(freq_text(v));
      lines.push_back(l);
    }
    if (opt.row) {
      std::vector<std::string> l;
      for (double v : freq) l.push_back(pct(rtot > 0 ? 100 * v / rtot : 0));
      lines.push_back(l);
    }
    if (opt.col) {
      std::vector<std::string> l;
      for (size_t j = 0; j < m; ++j) {
        double denom = j + 1 < m ? colt[j] : N;
        l.push_back(pct(denom > 0 ? 100 * freq[j] / denom : 0));
      }
      lines.push_back(l);
    }
    if (opt.cell) {
      std::vector<std::string> l;
      for (double v : freq) l.push_back(pct(N > 0 ? 100 * v / N : 0));
      lines.push_back(l);
    }
    return lines;
  };
  const bool separators = items.size() > 1;
  for (size_t first = 0; first < C; first += per_panel) {
    size_t last = std::min(C, first + per_panel);
    bool with_total = last == C;
    size_t ncol = last - first;
    std::string rule = std::string(width + 1, '-') + "+" + std::string(11 * ncol, '-') +
                       (with_total ? "+" + std::string(10, '-') : "");
    out.println();
    for (size_t i = 0; i + 2 < rhead.size(); ++i) out.println(pad_left(rhead[i], width) + " |");
    std::string over =
        pad_left(rhead[rhead.size() - 2], width) + " |" + centre(cut(clabel, 11 * ncol), 11 * ncol);
    while (!over.empty() && over.back() == ' ') over.pop_back();
    out.println(over);
    std::string head = pad_left(rhead.back(), width) + " |";
    for (size_t j = first; j < last; ++j) head += pad_left(cut(cc.text[j], 10), 10) + " ";
    if (with_total) head += "|" + pad_left("Total", 10);
    while (!head.empty() && head.back() == ' ') head.pop_back();
    out.println(head);
    out.println(rule);
    auto print_row = [&](const std::string& row_label, const std::vector<double>& freq, double rtot) {
      auto lines = cell_lines(freq, rtot);
      for (size_t k = 0; k < lines.size(); ++k) {
        std::string line = pad_left(k == 0 ? row_label : "", width) + " |";
        for (size_t j = first; j < last; ++j) line += pad_left(lines[k][j], 10) + " ";
        if (with_total) line += "|" + pad_left(lines[k].back(), 10) + " ";
        out.println(line);
      }
    };
    for (size_t i = 0; i < R; ++i) {
      std::vector<double> freq(f.begin() + static_cast<long>(i * C),
                               f.begin() + static_cast<long>((i + 1) * C));
      freq.push_back(rowt[i]);
      print_row(cut(rc.text[i], width), freq, rowt[i]);
      if (separators) out.println(rule);
    }
    if (!separators) out.println(rule);
    std::vector<double> tot(colt);
    tot.push_back(N);
    print_row("Total", tot, N);
  }
  if (opt.chi2 || opt.lrchi2) {
    out.println();
    auto stat_line = [&](const std::string& name, double v, double pv) {
      out.println(pad_left(fmt::format("{} chi2({})", name, static_cast<int64_t>(df)), 25) + " = " +
                  format_number(v, "%8.4f") + "   Pr = " + format_number(pv, "%5.3f"));
    };
    if (opt.chi2) stat_line("Pearson", chi2, p);
    if (opt.lrchi2) stat_line("likelihood-ratio", lr, p_lr);
  } else {
    out.println();
  }

  // --- Post
  session.r.clear();
  session.r.set_scalar("N", N);
  session.r.set_scalar("r", static_cast<double>(R));
  session.r.set_scalar("c", static_cast<double>(C));
  if (opt.chi2) {
    session.r.set_scalar("chi2", chi2);
    session.r.set_scalar("p", p);
  }
  if (opt.lrchi2) {
    session.r.set_scalar("chi2_lr", lr);
    session.r.set_scalar("p_lr", p_lr);
  }
  if (!opt.matcell.empty()) {
    Matrix m(static_cast<int>(R), static_cast<int>(C));
    for (size_t i = 0; i < R; ++i)
      for (size_t j = 0; j < C; ++j) m.at(static_cast<int>(i), static_cast<int>(j)) = f[i * C + j];
    session.matrices[opt.matcell] = m;
  }
  auto values = [&](const Column& col, const stat::Categories& cats, bool as_row) {
    if (col.is_string())
      throw XtdoError(198, "matrow() and matcol() not allowed with string variables");
    Matrix m(as_row ? static_cast<int>(cats.count) : 1, as_row ? 1 : static_cast<int>(cats.count));
    for (int64_t k = 0; k < cats.count; ++k) {
      double v = col.num[cats.first_row[k]];
      if (as_row)
        m.at(static_cast<int>(k), 0) = v;
      else
        m.at(0, static_cast<int>(k)) = v;
    }
    return m;
  };
  if (!opt.matrow.empty()) session.matrices[opt.matrow] = values(rcol, rc, true);
  if (!opt.matcol.empty()) session.matrices[opt.matcol] = values(ccol, cc, false);
}

}  // namespace xtdo::tab
