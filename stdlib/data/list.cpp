// list: observations as Stata's boxed table (or, when too wide for the line, one box
// per observation), with value labels, `clean`, separators and abbreviated headers.
#include <algorithm>

#include <fmt/format.h>

#include "inspect_util.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"

namespace xtdo {
namespace {

using inspect::pad_left;
using inspect::pad_right;

constexpr size_t kLineSize = 79;

/// One listed column: its header, width, alignment and the texts of the listed rows.
struct ListColumn {
  std::string header;
  size_t width = 1;
  bool left = false;
  std::vector<std::string> cells;
};

std::string align(const std::string& s, size_t width, bool left) {
  return left ? pad_right(s, width) : pad_left(s, width);
}

/// `edge` + `n` x `fill` + `edge`, e.g. +-----+.
std::string framed(char edge, size_t n, char fill) {
  std::string s(n + 2, fill);
  s.front() = edge;
  s.back() = edge;
  return s;
}

std::string rtrim(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

/// Options that shape the output.
struct ListStyle {
  bool obs = true;
  bool clean = false;
  bool header = true;
  int separator = 5;
};

void print_table(Console& out, const std::vector<ListColumn>& cols, const std::vector<int64_t>& numbers,
                 size_t obs_width, const ListStyle& style) {
  std::string prefix_blank(style.obs ? obs_width + 2 : 2, ' ');
  auto join_cells = [&](auto cell_of) {
    std::string body;
    for (size_t c = 0; c < cols.size(); ++c) {
      if (c) body += "   ";
      body += cell_of(cols[c]);
    }
    return body;
  };
  size_t inner = 2;
  for (size_t c = 0; c < cols.size(); ++c) inner += cols[c].width + (c ? 3 : 0);
  std::string border = framed('+', inner, '-');
  std::string rule = framed('|', inner, '-');
  std::string head = join_cells([](const ListColumn& c) { return align(c.header, c.width, c.left); });
  if (style.clean) {
    if (style.header) {
      out.println();
      out.println(rtrim(prefix_blank + "  " + head));
    }
  } else {
    out.println();
    out.println(prefix_blank + border);
    if (style.header) {
      out.println(prefix_blank + "| " + head + " |");
      out.println(prefix_blank + rule);
    }
  }
  for (size_t r = 0; r < numbers.size(); ++r) {
    if (!style.clean && style.separator > 0 && r > 0 && r % static_cast<size_t>(style.separator) == 0)
      out.println(prefix_blank + rule);
    std::string prefix = style.obs ? pad_left(std::to_string(numbers[r]), obs_width) + ". " : "  ";
    std::string body = join_cells([&](const ListColumn& c) { return align(c.cells[r], c.width, c.left); });
    if (style.clean) out.println(rtrim(prefix + "  " + body));
    else out.println(prefix + "| " + body + " |");
  }
  if (!style.clean) out.println(prefix_blank + border);
}

/// Too wide for one line: each observation is a box of header/value line pairs.
void print_blocks(Console& out, const std::vector<ListColumn>& cols, const std::vector<int64_t>& numbers,
                  size_t obs_width, const ListStyle& style) {
  std::string prefix_blank(style.obs ? obs_width + 2 : 2, ' ');
  size_t avail = kLineSize - prefix_blank.size();
  // Pack columns into lines of "| a | b | c |".
  std::vector<std::vector<size_t>> lines;
  std::vector<size_t> cur;
  size_t cur_w = 1;
  for (size_t c = 0; c < cols.size(); ++c) {
    size_t add = cols[c].width + 3;
    if (!cur.empty() && cur_w + add > avail) {
      lines.push_back(cur);
      cur.clear();
      cur_w = 1;
    }
    cur.push_back(c);
    cur_w += add;
  }
  if (!cur.empty()) lines.push_back(cur);
  size_t inner = 0;
  for (const auto& line : lines) {
    size_t w = 0;
    for (size_t c : line) w += cols[c].width + 3;
    inner = std::max(inner, w - 1);
  }
  auto render = [&](const std::vector<size_t>& line, auto text_of) {
    std::string s;
    for (size_t k = 0; k < line.size(); ++k) {
      if (k) s += " | ";
      s += text_of(cols[line[k]]);
    }
    return "| " + pad_right(s, inner - 2) + " |";
  };
  for (size_t r = 0; r < numbers.size(); ++r) {
    out.println();
    out.println(prefix_blank + framed('+', inner, '-'));
    for (size_t l = 0; l < lines.size(); ++l) {
      if (l > 0) out.println(prefix_blank + framed('|', inner, '-'));
      std::string first = l == 0 && style.obs ? pad_left(std::to_string(numbers[r]), obs_width) + ". " : prefix_blank;
      if (style.header) {
        out.println(first + render(lines[l], [](const ListColumn& c) { return align(c.header, c.width, c.left); }));
        first = prefix_blank;
      }
      out.println(first + render(lines[l], [&](const ListColumn& c) { return align(c.cells[r], c.width, c.left); }));
    }
    out.println(prefix_blank + framed('+', inner, '-'));
  }
}

}  // namespace

XTDO_COMMAND(list, "list", 1,
             "byable(recall) [varlist] [if] [in] [, NOObs Clean SEParator(integer 5) "
             "ABbreviate(integer 8) Table Display NOLabel NOHeader]") {
  // --- Bind
  const Dataset& data = session.data;
  ListStyle style;
  style.obs = !args.has("noobs");
  style.clean = args.has("clean");
  style.header = !args.has("noheader");
  style.separator = static_cast<int>(args.number("separator"));
  size_t abbreviate = static_cast<size_t>(std::max(args.number("abbreviate"), 5.0));
  bool labels = !args.has("nolabel");

  // --- Sample: if/in (and the by-group); missing values are listed.
  std::vector<uint8_t> mask = args.sample(session, false);
  std::vector<size_t> rows;
  for (size_t row = 0; row < data.nobs(); ++row)
    if (mask[row]) rows.push_back(row);
  if (rows.empty() || args.vars.empty()) return;
  // Under by:, observations are numbered within the group.
  int64_t first_row = 0;
  if (!session.by_rows.empty())
    while (first_row < static_cast<int64_t>(session.by_rows.size()) && !session.by_rows[first_row]) ++first_row;
  std::vector<int64_t> numbers;
  for (size_t row : rows) numbers.push_back(static_cast<int64_t>(row) - first_row + 1);
  size_t obs_width = std::max<size_t>(3, std::to_string(session.by_rows.empty() ? data.nobs() : numbers.back()).size());

  // --- Build: cell texts and column widths.
  std::vector<ListColumn> cols;
  for (const VarRef& ref : args.vars) {
    const Column& c = *data.get(ref.base);
    ListColumn lc;
    size_t value_width = 1;
    for (size_t row : rows) {
      lc.cells.push_back(inspect::cell_text(data, c, row, labels));
      value_width = std::max(value_width, inspect::display_width(lc.cells.back()));
    }
    size_t head_width = std::min(inspect::display_width(c.name), std::max(abbreviate, value_width));
    lc.header = inspect::abbrev(c.name, head_width, &data);
    lc.width = std::max(value_width, inspect::display_width(lc.header));
    lc.left = c.is_string() && c.format.size() > 1 && c.format[1] == '-';
    cols.push_back(std::move(lc));
  }

  // --- Display
  size_t table_width = (style.obs ? obs_width + 2 : 2) + 2;
  for (size_t k = 0; k < cols.size(); ++k) table_width += cols[k].width + (k ? 3 : 0) + (k + 1 == cols.size() ? 2 : 0);
  bool blocks = args.has("display") || (!args.has("table") && !style.clean && table_width > kLineSize);
  if (blocks) print_blocks(session.console, cols, numbers, obs_width, style);
  else print_table(session.console, cols, numbers, obs_width, style);
}

}  // namespace xtdo
