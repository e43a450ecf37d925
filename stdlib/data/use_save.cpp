// use / save: Stata datasets (.dta through ReadStat) and, by extension, delimited
// text (.csv); `save` without a name reuses the file last used or saved.
#include <algorithm>

#include <fmt/format.h>

#include "file_util.hpp"
#include "xtdo/io.hpp"

namespace xtdo {
namespace {

Dataset load(const std::string& file) {
  std::string ext = fileutil::extension(file);
  if (ext == ".csv" || ext == ".tsv" || ext == ".txt") {
    Dataset d = io::read_delimited(file, io::DelimitedOptions{});
    return d;
  }
  return io::read_dta(file);
}

}  // namespace

/// use filename [, clear nolabel] | use [varlist] [if] [in] using filename [, clear nolabel]
XTDO_COMMAND(use, "use", 0, "*") {
  // --- Bind: the varlist, if and in refer to the file's data, so they are bound after
  // loading it; here only the file name and options are read.
  ast::Command head = *args.cmd;
  grammar::parse_command_body(head);
  bool clear = false, nolabel = false;
  for (const auto& o : head.options) {
    std::string n = util::lower(o.name);
    if (util::abbrev(n, "clear", 5)) clear = true;
    else if (util::abbrev(n, "nolabel", 3)) nolabel = true;
    else throw XtdoError(198, fmt::format("option {} not allowed", o.name), o.pos);
  }
  bool subset = head.using_file.has_value();
  std::string file = fileutil::unquote(subset ? head.using_file->text : head.args.text);
  if (file.empty()) throw XtdoError(198, "invalid file specification", args.cmd->rest.pos);
  if (!subset && (head.if_exp || head.in_range))
    throw XtdoError(198, "if and in require `use ... using filename`", args.cmd->rest.pos);
  file = fileutil::with_default_ext(file, ".dta");
  fileutil::check_clear(session, clear);

  // --- Read (the data in memory stay untouched if this fails)
  Dataset loaded = load(file);
  if (nolabel) {
    loaded.value_labels.clear();
    for (size_t k = 0; k < loaded.nvars(); ++k) loaded.col(k).value_label.clear();
  }
  Dataset old = std::move(session.data);
  session.data = std::move(loaded);
  try {
    if (subset) {
      // --- Sample: varlist, if and in against the loaded data.
      fileutil::SubCommand sub;
      fileutil::bind_sub(session, *args.cmd, 0, "use", "[varlist] [if] [in] [using/] [, CLEAR NOLabel]", sub);
      std::vector<uint8_t> rows = sub.args.sample(session, false);
      if (!util::trim(sub.cmd.args.text).empty()) {
        std::vector<std::string> keep = sub.args.var_names();
        std::vector<std::string> drop;
        for (const auto& c : session.data.columns())
          if (std::find(keep.begin(), keep.end(), c->name) == keep.end()) drop.push_back(c->name);
        for (const auto& n : drop) session.data.drop_column(n);
      }
      session.data.keep_rows(rows);
    }
  } catch (...) {
    session.data = std::move(old);
    throw;
  }

  // --- Post
  session.data.changed = false;
  session.settings["filename"] = file;
  if (!session.data.label.empty()) session.console.println("(" + session.data.label + ")");
}

/// save [filename] [, replace emptyok]
XTDO_COMMAND(save, "save", 2, "[anything] [, REPLACE EMPTYok]") {
  // --- Bind
  std::string file = fileutil::unquote(args.anything);
  if (file.empty()) {
    auto it = session.settings.find("filename");
    if (it == session.settings.end() || it->second.empty())
      throw XtdoError(198, "invalid file specification", args.cmd->rest.pos);
    file = it->second;
  }
  file = fileutil::with_default_ext(file, ".dta");
  Dataset& data = session.data;
  if (data.nvars() == 0 && !args.has("emptyok")) throw XtdoError(111, "no variables defined");
  bool exists = fileutil::exists(file);
  if (exists && !args.has("replace")) throw XtdoError(602, fmt::format("file {} already exists", file));

  // --- Write (a temporary file renamed into place: a failed save leaves the old file)
  if (!exists && args.has("replace")) session.console.println("(file " + file + " not found)");
  std::string ext = fileutil::extension(file);
  if (ext == ".csv") {
    io::ExportOptions opts;
    opts.quote_strings = false;
    // Values, not value labels, so that `use file.csv` reads the same numbers back.
    opts.nolabel = true;
    io::write_delimited(data, file, {}, nullptr, opts);
  } else {
    io::write_dta(data, file);
  }

  // --- Post
  data.changed = false;
  session.settings["filename"] = file;
  session.console.println("file " + file + " saved");
}

}  // namespace xtdo
