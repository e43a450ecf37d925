// The interpreter session: dataset, macros, results, programs and the loop that
// runs logical lines (blocks, prefixes, dispatch) from scripts and the prompt.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "xtdo/console.hpp"
#include "xtdo/error.hpp"
#include "xtdo/eval.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/results.hpp"
#include "xtdo/store.hpp"

namespace xtdo {

/// Globals plus a stack of local-macro frames (one per do-file / program call).
class Macros {
 public:
  Macros();
  std::string get_local(const std::string& name) const;
  void set_local(const std::string& name, std::string value);
  std::string get_global(const std::string& name) const;
  void set_global(const std::string& name, std::string value);
  void drop_global(const std::string& name);
  void push_frame();
  void pop_frame();
  /// Unique names for tempvar/tempname/tempfile (__000000, __000001, ...).
  std::string next_temp_name();
  size_t depth() const { return frames_.size(); }

 private:
  std::map<std::string, std::string> globals_;
  std::vector<std::map<std::string, std::string>> frames_;
  int temp_counter_ = 0;
};

/// A user program from `program define name ... end`.
struct Program {
  std::string name;
  std::vector<grammar::LogicalLine> body;
  std::string file;
  std::string props;  ///< rclass / eclass / sclass / nclass
};

/// Command-line settings for a session.
struct SessionOptions {
  bool allow_shell = false;
  std::string results_path;  ///< --results FILE (JSON Lines); empty = off
};

/// A number as a macro holds it (shortest round-trip text, Stata style: .5, -.25).
std::string macro_number(double v);

/// For `by varlist:` prefixes: the grouping that the current command runs under.
struct ByContext {
  std::vector<std::string> vars;
  bool active() const { return !vars.empty(); }
};

class Session : public EvalEnv {
 public:
  Session(Console& console, SessionOptions options = {});
  ~Session() override;

  // --- state
  Console& console;
  SessionOptions options;
  Dataset data;
  ResultSet r, e, s;
  std::map<std::string, EvalEnv::Lookup> scalars;
  std::map<std::string, Matrix> matrices;
  Macros macros;
  /// `estimates store` results, in the order they were stored.
  std::vector<StoredEstimates> stored_estimates;
  std::map<std::string, Program> programs;
  std::map<std::string, std::string> settings;  ///< `set name value`
  int rc = 0;                                   ///< _rc after capture
  ByContext by;                                 ///< set while a by-prefixed command runs
  /// Rows the current command may touch under `by ... :` with a "recall" command
  /// (one group at a time); empty = all rows.
  std::vector<uint8_t> by_rows;
  int do_depth = 0;                             ///< nesting of do-files/programs
  /// One entry per running program: the r() it will post when it returns (rclass),
  /// and the temporary variables/scalars/matrices to drop when it ends.
  struct ProgramFrame {
    bool rclass = false;
    bool eclass = false;
    ResultSet pending_r;
    std::vector<std::string> temp_names;
  };
  std::vector<ProgramFrame> program_frames;
  /// Where `return scalar/local/matrix` writes: the running rclass program's pending
  /// results, else r() itself.
  ResultSet& return_target() {
    return !program_frames.empty() && program_frames.back().rclass ? program_frames.back().pending_r : r;
  }
  /// The session's folder for `tempfile` names (created on first use, removed with
  /// everything in it when the session ends).
  const std::string& temp_dir();
  /// Data lines between `input varlist` and `end`, for the input command.
  std::vector<grammar::LogicalLine> input_lines;

  // --- running code
  /// Run a do-file with arguments (`do file args`). Returns 0 or the rc of the
  /// first uncaught error (already reported through the console).
  int run_file(const std::string& path, const std::vector<std::string>& args);
  /// Run script text as if it were a do-file named `origin`.
  int run_text(const std::string& text, const std::string& origin);
  /// Run logical lines in the current macro frame (blocks inside them included).
  /// Throws XtdoError on the first uncaught error.
  void run_lines(const std::vector<grammar::LogicalLine>& lines, const std::string& file);
  /// Execute one logical line (macro expansion, prefixes, dispatch). Used by the prompt.
  void execute_line(const grammar::LogicalLine& line, const std::string& file);
  /// Echo the comment and blank lines that precede `line` (top level of a do-file only).
  void echo_comments(const grammar::LogicalLine& line);
  /// Remember where the line being executed came from (for error locations).
  void set_location(const std::string& file, int line, const std::string& text);
  /// Run `fn(expanded_text)` for one logical line with the same echo, macro expansion
  /// and error location as execute_line (used by statements the block runner owns).
  void execute_line_with(const std::function<void(const std::string&)>& fn,
                         const grammar::LogicalLine& line, const std::string& file,
                         const std::string& raw);
  /// The one-line `if exp command`: `body` is the text after `if` (at offset `base`).
  void run_if_command(const std::string& body, int base);
  /// Dispatch already-expanded command text (prefixes included).
  void dispatch_text(const std::string& text) { dispatch(text, current_file_, current_line_); }
  /// Report an error as Stata does (message, caret, r(#);) through the console.
  void report_error(const XtdoError& err);

  /// Expand macros in a line of text at execution time.
  std::string expand_macros(const std::string& text, int line_pos_base = 0);
  /// The extended macro functions after `:` (`word count a b`, `variable label x`, ...).
  std::string extended_function(const std::string& spec);
  /// Evaluate an expression in scalar context (display, local =, if {}).
  Value eval_scalar_text(const std::string& text, int base_offset = 0);

  /// Called by estimation commands after posting e(): fills e(sample).
  void set_esample(const std::vector<uint8_t>& sample);

  /// Interrupt flag (Ctrl-C at the prompt): checked between lines; throws r(1).
  static volatile int interrupt_requested;

  // --- EvalEnv
  Lookup result(char cls, const std::string& name) const override;
  std::optional<Lookup> scalar(const std::string& name) const override;
  const Matrix* matrix(const std::string& name) const override;
  double coef(const std::string& which, const std::string& name) const override;
  std::mt19937_64& rng() override { return rng_; }
  const std::vector<uint8_t>* e_sample() const override {
    return e.has_sample && data.esample.size() == data.nobs() ? &data.esample : nullptr;
  }
  void set_seed(uint64_t seed) { rng_.seed(seed); }

  /// Preserve/restore snapshot (`preserve` / `restore`).
  std::unique_ptr<Dataset> preserved;

  /// The command text currently executing (after expansion), for results JSON.
  const std::string& current_command() const { return current_text_; }

 private:
  friend class BlockRunner;
  void dispatch(const std::string& text, const std::string& file, int line);
  void write_results_json(int line, const std::string& text, uint64_t r_before,
                          uint64_t e_before);
  void run_command(ast::Command& cmd, const std::string& text, size_t prefix_index);
  void call_program(const Program& program, const std::string& args);
  int block_depth_ = 0;
  std::string temp_dir_;
  std::mt19937_64 rng_;
  std::string current_text_;
  std::string current_file_;
  int current_line_ = 0;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> results_{nullptr, &std::fclose};
};

}  // namespace xtdo
