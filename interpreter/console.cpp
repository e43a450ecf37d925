// Console output: quiet levels, error stream, log files.
#include "xtdo/console.hpp"

#include "xtdo/error.hpp"

namespace xtdo {

Console::Console(std::ostream& out, std::ostream& err) : out_(out), err_(err) {}

void Console::write_all(std::string_view text, bool to_err) {
  if (to_err) {
    out_.flush();
    err_ << text;
    err_.flush();
  } else {
    out_ << text;
  }
  if (log_) std::fwrite(text.data(), 1, text.size(), log_.get());
}

void Console::print(std::string_view text) {
  if (quiet()) return;
  write_all(text, false);
}

void Console::error(std::string_view text) { write_all(text, true); }

void Console::echo(std::string_view command_text, bool comment) {
  if (!echo_commands || quiet()) return;
  // Stata's logs separate each echoed command from the output before it by a blank
  // line; comment lines produce no output, so nothing separates what follows them.
  std::string line = echoed_any_ && !after_comment_ ? "\n. " : ". ";
  echoed_any_ = true;
  after_comment_ = comment;
  line.append(command_text);
  line.push_back('\n');
  write_all(line, false);
}

void Console::open_log(const std::string& path, bool append) {
  if (log_) throw XtdoError(604, "log file already open");
  std::FILE* f = std::fopen(path.c_str(), append ? "ab" : "wb");
  if (!f) throw XtdoError(603, "file " + path + " could not be opened");
  log_.reset(f);
  log_path_ = path;
}

void Console::close_log() {
  if (!log_) throw XtdoError(606, "no log file open");
  log_.reset();
  log_path_.clear();
}

void Console::flush() {
  out_.flush();
  if (log_) std::fflush(log_.get());
}

}  // namespace xtdo
