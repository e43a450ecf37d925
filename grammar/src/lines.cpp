// Physical lines → logical lines: comments, `///` continuation and `#delimit ;`
// ([U] 16.1.2 "Comments and blank lines in do-files", [P] #delimit).

#include <optional>

#include "scan.hpp"
#include "xtdo/grammar.hpp"

namespace xtdo::grammar {

namespace {

using detail::is_blank;

/// `#delimit ;` / `#delimit cr` (abbreviated down to `#d`): the new mode
/// (true = semicolon) or nullopt when the line is not a #delimit directive.
std::optional<bool> delimit_directive(std::string_view physical) {
  std::string_view text = detail::trim(physical);
  if (text.size() < 2 || text[0] != '#') return std::nullopt;
  std::size_t word_end = 1;
  while (word_end < text.size() && detail::is_name_char(text[word_end])) ++word_end;
  std::string_view word = text.substr(1, word_end - 1);
  if (word.empty() || std::string_view("delimit").substr(0, word.size()) != word) {
    return std::nullopt;
  }
  std::string_view arg = text.substr(word_end);
  if (std::size_t comment = arg.find("//"); comment != std::string_view::npos) {
    arg = arg.substr(0, comment);
  }
  arg = detail::trim(arg);
  // `#delimit cr;` is sometimes written inside a semicolon block.
  if (arg.size() > 1 && arg.back() == ';') arg = detail::trim(arg.substr(0, arg.size() - 1));
  if (arg == ";") return true;
  if (arg.empty() || arg == "cr") return false;
  throw XtdoError(198, "#delimit: invalid delimiter '" + std::string(arg) + "'");
}

/// A `///` continuation marker at `at` (it must start the line or follow a blank).
bool continuation_at(std::string_view text, std::size_t at) {
  return text.compare(at, 3, "///") == 0 && (at == 0 || is_blank(text[at - 1]));
}

std::string join_echo(const std::vector<std::string>& raw) {
  std::string out;
  for (std::size_t k = 0; k < raw.size(); ++k) {
    if (k) out += "\n> ";
    out += k ? std::string(detail::trim(raw[k])) : raw[k];
  }
  // Trailing blanks are invisible in a log and would make golden files fragile.
  while (!out.empty() && is_blank(out.back())) out.pop_back();
  return out;
}

}  // namespace

bool LineSplitter::pending() const {
  return continuation_ || comment_depth_ > 0 || (semicolon_ && !buffer_.empty());
}

std::vector<LogicalLine> LineSplitter::feed(std::string_view physical, int line_no) {
  std::vector<LogicalLine> out;
  if (!physical.empty() && physical.back() == '\r') physical.remove_suffix(1);
  if (!semicolon_) raw_.emplace_back(physical);
  // In cr mode a physical line that completes no statement (blank, comment) is kept
  // for the echo; one that completes a statement carries the lines it spans.
  auto close_raw = [&](bool pending) {
    if (semicolon_ || pending) return;
    if (!raw_.empty()) pending_echo_.push_back(join_echo(raw_));
    raw_.clear();
  };

  // Leading blanks are never buffered, so an empty buffer means "no statement yet".
  auto append = [&](char c) {
    if (buffer_.empty()) {
      if (is_blank(c)) return;
      start_line_ = line_no;
    }
    buffer_.push_back(c);
  };
  auto emit = [&]() {
    std::string_view text = detail::trim(buffer_);
    // A statement whose first character is `*` is a comment; in `#delimit ;` mode
    // it therefore runs to the next `;`, as in Stata.
    if (!text.empty() && text.front() != '*') {
      LogicalLine line{std::string(text), start_line_, {}, {}};
      if (semicolon_) {
        line.echo = line.text;
      } else {
        line.echo = join_echo(raw_);
        raw_.clear();
      }
      line.echo_before = std::move(pending_echo_);
      pending_echo_.clear();
      out.push_back(std::move(line));
    }
    buffer_.clear();
  };

  bool fresh = comment_depth_ == 0 && !continuation_ && buffer_.empty();
  if (fresh) {
    if (std::optional<bool> mode = delimit_directive(physical)) {
      // Echoed with the message Stata prints for it.
      if (!semicolon_ && !raw_.empty()) raw_.back() += *mode ? "\ndelimiter now ;" : "\ndelimiter now cr";
      if (semicolon_) pending_echo_.push_back(std::string(detail::trim(physical)) + (*mode ? "\ndelimiter now ;" : "\ndelimiter now cr"));
      close_raw(false);
      semicolon_ = *mode;
      return out;
    }
  }

  // A `*` comment line (cr mode): nothing on it counts except a trailing `///`,
  // which carries the comment onto the next physical line.
  if (!semicolon_ && comment_depth_ == 0) {
    std::string_view text = detail::trim(physical);
    bool star_start = buffer_.empty() && !text.empty() && text.front() == '*';
    bool star_continued = continuation_ && !buffer_.empty() && buffer_.front() == '*';
    if (star_start || star_continued) {
      continuation_ = false;
      for (std::size_t i = 0; i < physical.size(); ++i) {
        if (continuation_at(physical, i)) {
          continuation_ = true;
          break;
        }
      }
      if (continuation_) {
        if (buffer_.empty()) start_line_ = line_no;
        buffer_.assign(1, '*');
      } else {
        buffer_.clear();
      }
      close_raw(continuation_);
      return out;
    }
  }

  continuation_ = false;
  // Quote state does not survive the end of a physical line: an unterminated
  // string must not swallow the rest of the file.
  int compound_depth = 0;
  bool in_simple = false;
  std::size_t i = 0;
  const std::size_t n = physical.size();
  auto at = [&](std::size_t k) { return k < n ? physical[k] : '\0'; };
  while (i < n) {
    char c = physical[i];
    if (comment_depth_ > 0) {
      // `/* */` comments nest ([U] 16.1.2); quotes mean nothing inside them.
      if (c == '*' && at(i + 1) == '/') {
        i += 2;
        if (--comment_depth_ == 0) append(' ');
      } else if (c == '/' && at(i + 1) == '*') {
        ++comment_depth_;
        i += 2;
      } else {
        ++i;
      }
      continue;
    }
    if (in_simple) {
      append(c);
      if (c == '"') in_simple = false;
      ++i;
      continue;
    }
    if (compound_depth > 0) {
      if (c == '`' && at(i + 1) == '"') {
        ++compound_depth;
        append(c), append('"');
        i += 2;
      } else if (c == '"' && at(i + 1) == '\'') {
        --compound_depth;
        append(c), append('\'');
        i += 2;
      } else {
        append(c);
        ++i;
      }
      continue;
    }
    if (c == '`' && at(i + 1) == '"') {
      compound_depth = 1;
      append(c), append('"');
      i += 2;
      continue;
    }
    if (c == '"') {
      in_simple = true;
      append(c);
      ++i;
      continue;
    }
    if (c == '/' && at(i + 1) == '*') {
      if (comment_depth_ == 0) comment_line_ = line_no;
      comment_depth_ = 1;
      i += 2;
      continue;
    }
    if (c == '/' && at(i + 1) == '/' && (i == 0 || is_blank(physical[i - 1]))) {
      // `//` comments out the rest of the line; `///` also joins the next line.
      if (at(i + 2) == '/') {
        continuation_ = true;
        append(' ');
      }
      break;
    }
    if (c == ';' && semicolon_) {
      emit();
      ++i;
      continue;
    }
    append(c);
    ++i;
  }

  // A `/* */` comment left open joins this line to the next one (the old idiom
  // for continuation); so does `///`. In `#delimit ;` mode the newline is a blank.
  if (comment_depth_ > 0 || continuation_) return out;
  if (semicolon_) {
    append(' ');
    return out;
  }
  emit();
  close_raw(false);
  return out;
}

std::vector<LogicalLine> LineSplitter::finish() {
  std::vector<LogicalLine> out;
  if (comment_depth_ > 0) {
    int opened = comment_line_;
    buffer_.clear();
    comment_depth_ = 0;
    continuation_ = false;
    throw XtdoError(198, "unterminated /* comment opened on line " + std::to_string(opened));
  }
  std::string_view text = detail::trim(buffer_);
  if (!text.empty() && text.front() != '*') {
    LogicalLine line{std::string(text), start_line_, {}, {}};
    line.echo = semicolon_ ? line.text : join_echo(raw_);
    line.echo_before = std::move(pending_echo_);
    out.push_back(std::move(line));
  } else if (!semicolon_ && !raw_.empty()) {
    pending_echo_.push_back(join_echo(raw_));
  }
  raw_.clear();
  // Comments that end a script are still echoed: they ride on an empty line.
  if (!pending_echo_.empty()) {
    LogicalLine tail;
    tail.echo_before = std::move(pending_echo_);
    out.push_back(std::move(tail));
  }
  pending_echo_.clear();
  buffer_.clear();
  continuation_ = false;
  return out;
}

std::vector<LogicalLine> split_lines(std::string_view script) {
  LineSplitter splitter;
  std::vector<LogicalLine> lines;
  int line_no = 0;
  std::size_t begin = 0;
  while (begin <= script.size()) {
    std::size_t end = script.find('\n', begin);
    if (end == std::string_view::npos) end = script.size();
    // The newline that ends the last line does not start another (blank) line.
    if (begin == end && end == script.size() && (begin > 0 || script.empty())) break;
    ++line_no;
    for (LogicalLine& line : splitter.feed(script.substr(begin, end - begin), line_no)) {
      lines.push_back(std::move(line));
    }
    if (end == script.size()) break;
    begin = end + 1;
  }
  for (LogicalLine& line : splitter.finish()) lines.push_back(std::move(line));
  return lines;
}

}  // namespace xtdo::grammar
