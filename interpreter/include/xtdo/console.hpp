// All printing goes through the Console: it honours `quietly`/`noisily`, feeds
// open `log using` files, and keeps output deterministic.
#pragma once

#include <cstdio>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace xtdo {

class Console {
 public:
  explicit Console(std::ostream& out, std::ostream& err);

  /// Normal output (suppressed under `quietly`).
  void print(std::string_view text);
  void println(std::string_view text = {}) {
    print(text);
    print("\n");
  }
  /// Error messages: shown even under `quietly` (as Stata does), written to the
  /// error stream and to logs.
  void error(std::string_view text);

  /// `quietly` nesting; `noisily` pushes a level that re-enables output.
  void push_quiet(bool quiet) { quiet_stack_.push_back(quiet); }
  void pop_quiet() {
    if (!quiet_stack_.empty()) quiet_stack_.pop_back();
  }
  bool quiet() const { return !quiet_stack_.empty() && quiet_stack_.back(); }

  /// Echo of commands as Stata does in do-files (". cmd") — enabled for scripts.
  /// Echo a do-file line as ". text". Commands are separated from the output before
  /// them by a blank line; a comment (or blank) line is echoed without one after it.
  void echo(std::string_view command_text, bool comment = false);
  bool echo_commands = true;

  /// `log using file [, text replace append]`; `name` is the log name ("" default).
  void open_log(const std::string& path, bool append);
  void close_log();
  bool log_open() const { return log_ != nullptr; }
  const std::string& log_path() const { return log_path_; }

  void flush();

 private:
  void write_all(std::string_view text, bool to_err);
  std::ostream& out_;
  std::ostream& err_;
  std::vector<bool> quiet_stack_;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> log_{nullptr, &std::fclose};
  std::string log_path_;
  bool echoed_any_ = false;
  bool after_comment_ = false;  ///< the last echo was a comment line
};

}  // namespace xtdo
