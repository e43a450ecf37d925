// The --results stream: one JSON object per command that posted r() or e()
// (DESIGN.md "Results"), numbers with 17 significant digits, missing as null.
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "xtdo/missing.hpp"
#include "xtdo/results.hpp"

namespace xtdo {

namespace {

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) out += fmt::format("\\u{:04x}", c);
        else out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string json_number(double v) {
  if (missing::is_missing(v)) return "null";
  return fmt::format("{:.17g}", v);
}

std::string json_names(const std::vector<std::string>& names) {
  std::string out = "[";
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + json_string(names[i]);
  return out + "]";
}

std::string json_rows(const Matrix& m) {
  std::string out = "[";
  for (int r = 0; r < m.rows; ++r) {
    out += r ? ", [" : "[";
    for (int c = 0; c < m.cols; ++c) out += (c ? ", " : "") + json_number(m.at(r, c));
    out += "]";
  }
  return out + "]";
}

std::string json_matrix(const Matrix& m) {
  return fmt::format("{{\"rownames\": {}, \"colnames\": {}, \"data\": {}}}", json_names(m.rownames),
                     json_names(m.colnames), json_rows(m));
}

std::string json_common(const ResultSet& set, bool skip_bv) {
  std::string out = "\"scalars\": {";
  bool first = true;
  for (const auto& [k, v] : set.scalars) {
    out += fmt::format("{}{}: {}", first ? "" : ", ", json_string(k), json_number(v));
    first = false;
  }
  out += "}, \"macros\": {";
  first = true;
  for (const auto& [k, v] : set.macros) {
    out += fmt::format("{}{}: {}", first ? "" : ", ", json_string(k), json_string(v));
    first = false;
  }
  out += "}, \"matrices\": {";
  first = true;
  for (const auto& [k, m] : set.matrices) {
    if (skip_bv && (k == "b" || k == "V")) continue;
    out += fmt::format("{}{}: {}", first ? "" : ", ", json_string(k), json_matrix(m));
    first = false;
  }
  return out + "}";
}

}  // namespace

void write_results_record(std::FILE* f, int line, const std::string& text, const ResultSet* r,
                          const ResultSet* e) {
  std::string out = fmt::format("{{\"line\": {}, \"command\": {}", line, json_string(text));
  if (e) {
    auto macro = [&](const char* k) {
      auto it = e->macros.find(k);
      return json_string(it == e->macros.end() ? std::string() : it->second);
    };
    out += fmt::format(", \"e\": {{\"cmd\": {}, \"depvar\": {}", macro("cmd"), macro("depvar"));
    auto b = e->matrices.find("b");
    auto v = e->matrices.find("V");
    if (b != e->matrices.end()) {
      out += fmt::format(", \"colnames\": {}, \"b\": {}", json_names(b->second.colnames),
                         json_rows(b->second).substr(1, json_rows(b->second).size() - 2));
    }
    if (v != e->matrices.end()) out += fmt::format(", \"V\": {}", json_rows(v->second));
    out += ", " + json_common(*e, true) + "}";
  }
  if (r) out += ", \"r\": {" + json_common(*r, false) + "}";
  out += "}\n";
  std::fwrite(out.data(), 1, out.size(), f);
  std::fflush(f);
}

}  // namespace xtdo
