// tokenize: split a string into the positional local macros 1, 2, ... of the
// calling do-file or program ([P] tokenize).
#include <fmt/format.h>

#include "xtdo/command.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

namespace {

/// Split `text` into tokens: characters of `pchars` end a token and (except the
/// blank) are tokens themselves; "quoted" and `"compound quoted"' parts stay whole
/// with their outer quotes removed.
std::vector<std::string> tokens(const std::string& text, const std::string& pchars) {
  std::vector<std::string> out;
  std::string cur;
  bool have = false;
  auto flush = [&]() {
    if (have) out.push_back(cur);
    cur.clear();
    have = false;
  };
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    bool compound = c == '`' && i + 1 < text.size() && text[i + 1] == '"';
    if (c == '"' || compound) {
      // A quoted run: up to the matching close quote (compound quotes nest).
      size_t j = i + (compound ? 2 : 1);
      int depth = 1;
      std::string inner;
      while (j < text.size() && depth > 0) {
        if (compound && text.compare(j, 2, "`\"") == 0) {
          ++depth;
          inner += "`\"";
          j += 2;
        } else if (compound && text.compare(j, 2, "\"'") == 0) {
          if (--depth > 0) inner += "\"'";
          j += 2;
        } else if (!compound && text[j] == '"') {
          depth = 0;
          ++j;
        } else {
          inner += text[j++];
        }
      }
      cur += inner;
      have = true;
      i = j;
      continue;
    }
    if (pchars.find(c) != std::string::npos) {
      flush();
      if (c != ' ') out.emplace_back(1, c);
      ++i;
      continue;
    }
    cur += c;
    have = true;
    ++i;
  }
  flush();
  return out;
}

/// Strip one enclosing pair of "..." or `"..."' when it encloses the whole text.
std::string strip_outer(const std::string& t) {
  if (t.size() >= 4 && t.compare(0, 2, "`\"") == 0 && t.compare(t.size() - 2, 2, "\"'") == 0) {
    // Only when the opening quote closes at the very end.
    int depth = 0;
    for (size_t i = 0; i + 1 < t.size(); ++i) {
      if (t.compare(i, 2, "`\"") == 0)
        ++depth, ++i;
      else if (t.compare(i, 2, "\"'") == 0 && --depth == 0)
        return i + 2 == t.size() ? t.substr(2, t.size() - 4) : t;
    }
    return t;
  }
  if (t.size() >= 2 && t.front() == '"' && t.back() == '"' && t.find('"', 1) == t.size() - 1)
    return t.substr(1, t.size() - 2);
  return t;
}

}  // namespace

// tokenize [[`]"][string]["[']] [, parse("pchars")]
XTDO_COMMAND(tokenize, "tokenize", 0, "*") {
  std::string rest = args.cmd->rest.text;
  // The options follow the last comma outside quotes.
  std::string pchars = " ";
  {
    bool quote = false;
    size_t comma = std::string::npos;
    for (size_t i = 0; i < rest.size(); ++i) {
      if (rest[i] == '"')
        quote = !quote;
      else if (rest[i] == ',' && !quote)
        comma = i;
    }
    if (comma != std::string::npos) {
      std::string opt = util::trim(rest.substr(comma + 1));
      if (opt.rfind("parse(", 0) == 0 || opt.rfind("p(", 0) == 0 || opt.rfind("pa(", 0) == 0 ||
          opt.rfind("par(", 0) == 0 || opt.rfind("pars(", 0) == 0) {
        size_t open = opt.find('('), close = opt.rfind(')');
        if (close == std::string::npos || close < open ||
            !util::trim(opt.substr(close + 1)).empty())
          throw XtdoError(198, "invalid syntax", args.cmd->rest.pos + static_cast<int>(comma));
        pchars = strip_outer(util::trim(opt.substr(open + 1, close - open - 1)));
        if (pchars.empty()) pchars = " ";
        rest = rest.substr(0, comma);
      }
    }
  }
  std::vector<std::string> toks = tokens(strip_outer(util::trim(rest)), pchars);
  for (size_t k = 0; k < toks.size(); ++k) session.macros.set_local(std::to_string(k + 1), toks[k]);
  // Positional macros beyond the new tokens are cleared.
  for (size_t k = toks.size() + 1; !session.macros.get_local(std::to_string(k)).empty(); ++k)
    session.macros.set_local(std::to_string(k), "");
}

}  // namespace xtdo
