// The one error type of xtdo: a Stata return code, a message and a location.
// Lives in the bottom target (grammar) so every layer can throw it.
#pragma once

#include <stdexcept>
#include <string>

namespace xtdo {

/// Where an error happened. `line` is 1-based; `col` is a 0-based byte offset
/// into `text` (the logical command line), or -1 when unknown.
struct SourceLoc {
  std::string file;
  int line = 0;
  int col = -1;
  std::string text;
};

/// Aborts the current command. `rc` is Stata's return code (111 variable not
/// found, 198 invalid syntax, 109 type mismatch, 601 file not found, 110 already
/// defined, 9 assertion is false, ...). `pos` is a byte offset into the command
/// text when the thrower knows it (-1 otherwise); the session fills `loc`.
class XtdoError : public std::runtime_error {
 public:
  XtdoError(int rc, std::string message, int pos = -1)
      : std::runtime_error(message), rc_(rc), pos_(pos) {}
  int rc() const { return rc_; }
  int pos() const { return pos_; }
  void set_pos(int pos) { pos_ = pos; }
  /// Shift a position reported relative to a sub-span to the full command text.
  void shift_pos(int offset) {
    if (pos_ >= 0) pos_ += offset;
  }
  SourceLoc loc;
  bool located = false;  ///< loc has been filled by the session

 private:
  int rc_;
  int pos_;
};

/// Control flow for `exit` inside scripts (not an error; rc may be nonzero for `exit #`).
struct ExitRequest {
  int rc = 0;
  bool clear = false;  ///< `exit, clear` from the prompt ends the session
};

/// Raised by `break` / `continue` inside loops.
struct LoopControl {
  bool is_break = false;
};

}  // namespace xtdo
