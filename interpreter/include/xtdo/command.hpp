// The command registry and the syntax binder: a command declares its syntax in
// Stata's own notation once; the binder turns a command line into CallArgs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "xtdo/ast.hpp"
#include "xtdo/varlist.hpp"

namespace xtdo {

class Session;
class CallArgs;

using CommandFn = void (*)(Session&, CallArgs&);

/// One registered command.
struct CommandInfo {
  std::string name;      ///< full name, e.g. "summarize"
  int min_abbrev = 0;    ///< shortest accepted abbreviation length (0 = full name only)
  std::string syntax;    ///< Stata `syntax`-style spec; "*" = raw (command parses `rest`)
  CommandFn fn = nullptr;
  bool posts_results = true;  ///< whether --results records it when r()/e() change
  /// How the command combines with `by:` — 0 not allowed, 1 "recall" (the session
  /// runs it once per group on that group's rows), 2 "onecall" (the command handles
  /// the groups itself, e.g. generate). Declared as a leading `byable(recall)` or
  /// `byable(onecall)` in the syntax spec.
  int byable = 0;
};

class Registry {
 public:
  static Registry& instance();
  void add(CommandInfo info);
  /// Find by full name or abbreviation (Stata rule: typed word is a prefix of the
  /// name of at least min_abbrev characters). nullptr if none.
  const CommandInfo* lookup(const std::string& typed) const;
  /// All commands sorted by name.
  std::vector<const CommandInfo*> all() const;

 private:
  std::vector<CommandInfo> commands_;
};

struct Registrar {
  Registrar(const char* name, int min_abbrev, const char* syntax, CommandFn fn) {
    Registry::instance().add(CommandInfo{name, min_abbrev, syntax, fn});
  }
};

/// Define and register a command:
///   XTDO_COMMAND(summarize, "summarize", 2, "[varlist] [if] [in] [aw fw] [, Detail]") {
///     ... uses `session` and `args` ...
///   }
#define XTDO_COMMAND(ident, name, abbrev, syntax)                                       \
  static void xtdo_cmd_##ident(::xtdo::Session& session, ::xtdo::CallArgs& args);      \
  static ::xtdo::Registrar xtdo_reg_##ident{name, abbrev, syntax, &xtdo_cmd_##ident}; \
  static void xtdo_cmd_##ident([[maybe_unused]] ::xtdo::Session& session,              \
                               [[maybe_unused]] ::xtdo::CallArgs& args)

/// A command line bound against its command's syntax spec.
class CallArgs {
 public:
  const ast::Command* cmd = nullptr;  ///< the parsed line (name, rest, pieces)
  const CommandInfo* info = nullptr;

  // --- what the spec asked for, filled by the binder
  std::vector<VarRef> vars;           ///< varlist / varname (expanded)
  std::vector<std::string> newvars;   ///< newvarlist / newvarname (with optional type)
  std::string newtype;                ///< storage type word given before a newvar ("double")
  std::string anything;               ///< `anything` / `namelist` / `name` text
  ast::ExprPtr exp;                   ///< `=exp`
  int exp_pos = -1;
  ast::ExprPtr if_exp;
  std::optional<std::pair<int64_t, int64_t>> in_range;  ///< 0-based [begin, end)
  std::string weight_type;            ///< "" or aweight/fweight/pweight/iweight
  ast::ExprPtr weight_exp;
  std::string using_file;

  // --- options (lower-case full names as declared in the spec)
  bool has(const std::string& opt) const;
  /// Argument text of an option with an argument, or nullopt if absent.
  std::optional<std::string> get(const std::string& opt) const;
  std::string get_or(const std::string& opt, const std::string& dflt) const;
  /// Numeric option (`integer`/`real` options in the spec carry their defaults).
  double number(const std::string& opt) const;
  /// Position of an option in the command text (for carets), or -1.
  int option_pos(const std::string& opt) const;

  /// Names of the expanded variables (VarRef::name).
  std::vector<std::string> var_names() const;

  /// The estimation/analysis sample: rows satisfying `if` and `in`, and (when
  /// `markout` is set) non-missing on every variable in `vars` (strings: non-empty
  /// only when `strok` is false... they are never marked out when strok is true).
  /// Also marks out rows with missing/invalid weights.
  std::vector<uint8_t> sample(Session& session, bool markout = true, bool strok = false) const;

  struct BoundOption {
    std::string name;
    std::optional<std::string> arg;
    int pos = -1;
  };
  std::vector<BoundOption> options;
  /// The `if` mask, computed once per command line (a "recall" command under `by`
  /// calls sample() once per group; the condition does not change between groups).
  mutable std::vector<uint8_t> if_mask_cache;
  mutable bool if_mask_cached = false;
  /// Declared defaults of typed options (`Lags(integer 1)`) not given by the user.
  std::vector<std::pair<std::string, std::string>> defaults;
};

/// An option as declared in a syntax spec (`Level(cilevel)`, `noCONStant`, `GENerate(string)`).
struct DeclaredOption {
  std::string name;   ///< lower-case full name ("noconstant", "level")
  size_t min = 0;     ///< shortest abbreviation
  bool has_arg = false;
  std::string type;   ///< string, integer, real, varlist, varname, name, numlist, cilevel, ...
  std::string dflt;   ///< default for integer/real options
};
/// The options declared in a spec, and whether it ends with `*` (any other option).
std::vector<DeclaredOption> declared_options(const std::string& spec, bool* any_option = nullptr);

/// Bind a parsed command line against a spec. Throws XtdoError 198 ("option x not
/// allowed", "varlist not allowed", "invalid syntax"), 100 (varlist required),
/// 101 (if/in/weights not allowed), 111/109/110 from varlist expansion.
void bind_args(Session& session, const CommandInfo& info, const ast::Command& cmd, CallArgs& out);

}  // namespace xtdo
