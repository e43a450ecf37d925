// Helpers shared by the file commands (import/export, use/save): file names and
// extensions, existence checks, and binding a subcommand's own syntax spec.
#pragma once

#include <sys/stat.h>

#include <string>

#include "xtdo/command.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo::fileutil {

inline bool exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

/// Strip one level of double quotes (or compound quotes) from a file name.
inline std::string unquote(std::string s) {
  s = util::trim(s);
  if (s.size() >= 4 && s.compare(0, 2, "`\"") == 0 && s.compare(s.size() - 2, 2, "\"'") == 0)
    return s.substr(2, s.size() - 4);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return s.substr(1, s.size() - 2);
  return s;
}

/// The extension of the last path component, lower-cased, with the dot ("" if none).
inline std::string extension(const std::string& path) {
  size_t slash = path.find_last_of('/');
  size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  return util::lower(path.substr(dot));
}

/// Add `ext` when the name has no extension, as Stata does (`save x` writes x.dta).
inline std::string with_default_ext(const std::string& path, const std::string& ext) {
  return extension(path).empty() ? path + ext : path;
}

/// A subcommand (`import delimited ...`) bound against its own spec. The members keep
/// the parsed line alive for CallArgs::cmd.
struct SubCommand {
  ast::Command cmd;
  CommandInfo info;
  CallArgs args;
};

/// Bind the text of `parent.rest` after its first `skip` characters against `spec`.
inline void bind_sub(Session& session, const ast::Command& parent, size_t skip, const std::string& name,
                     const char* spec, SubCommand& sub) {
  sub.cmd = ast::Command{};
  sub.cmd.name = name;
  sub.cmd.name_pos = parent.name_pos;
  sub.cmd.rest = ast::Span{parent.rest.text.substr(std::min(skip, parent.rest.text.size())),
                           parent.rest.pos + static_cast<int>(skip)};
  grammar::parse_command_body(sub.cmd);
  sub.info = CommandInfo{name, 0, spec, nullptr};
  sub.args = CallArgs{};
  bind_args(session, sub.info, sub.cmd, sub.args);
  sub.args.cmd = &sub.cmd;
  sub.args.info = &sub.info;
}

/// The first blank-delimited word of `rest` and the offset just after it.
inline std::string first_word(const std::string& rest, size_t& after) {
  size_t b = rest.find_first_not_of(" \t");
  if (b == std::string::npos) {
    after = rest.size();
    return "";
  }
  size_t e = rest.find_first_of(" \t,", b);
  if (e == std::string::npos) e = rest.size();
  after = e;
  return rest.substr(b, e - b);
}

/// Refuse to replace data in memory that changed since the last save (r(4)).
inline void check_clear(const Session& session, bool clear) {
  if (!clear && session.data.changed && session.data.nvars() > 0)
    throw XtdoError(4, "no; dataset in memory has changed since last saved");
}

}  // namespace xtdo::fileutil
