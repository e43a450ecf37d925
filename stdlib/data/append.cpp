// append: add the observations of one or more using files to the end of the data in
// memory, widening storage types as needed; generate() marks the source ([D] append).
#include <fmt/format.h>

#include <algorithm>

#include "combine_util.hpp"
#include "data_common.hpp"
#include "file_util.hpp"
#include "xtdo/command.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {
namespace {

/// One variable of the result: where it comes from in each part and its final type.
struct Slot {
  const Column* proto = nullptr;  ///< attributes (master's, else first file's)
  StorageType type = StorageType::Float;
  int width = 0;
  bool string = false;
  std::vector<const Column*> parts;  ///< per part (master, file 1, ...): column or null
};

}  // namespace

XTDO_COMMAND(append, "append", 0, "*") {
  Dataset& master = session.data;
  // --- Bind: `append using f1 f2 ... [, options]`; several files, so parsed here.
  const ast::Span& rest = args.cmd->rest;
  auto [head, tail] = data::split_comma(rest.text);
  std::vector<std::string> words = grammar::split_words(head);
  if (words.empty() || words[0] != "using") throw XtdoError(100, "using required", rest.pos);
  std::vector<std::string> files(words.begin() + 1, words.end());
  if (files.empty()) throw XtdoError(198, "invalid file specification", rest.pos);
  fileutil::SubCommand sub;
  fileutil::bind_sub(session, *args.cmd, head.size(), "append",
                     "[, GENerate(string) KEEP(string) NOLabel NONOTEs FORCE]", sub);
  const bool force = sub.args.has("force");
  std::string genvar;
  if (auto g = sub.args.get("generate")) {
    genvar = util::trim(*g);
    if (!valid_name(genvar)) throw XtdoError(198, fmt::format("{} invalid name", genvar));
    if (master.find(genvar) >= 0)
      throw XtdoError(110, fmt::format("variable {} already defined", genvar));
  }

  // --- Validate: read every file and settle the result's variables and types
  // before the data in memory change.
  std::vector<Dataset> used;
  for (const auto& f : files) used.push_back(combine::load_using(f));
  const bool empty_master = master.nvars() == 0 && master.nobs() == 0;
  std::vector<Slot> slots;
  const size_t nparts = used.size() + 1;
  for (const auto& c : master.columns()) {
    Slot s{c.get(), c->type, c->str_width, c->is_string(),
           std::vector<const Column*>(nparts, nullptr)};
    s.parts[0] = c.get();
    slots.push_back(s);
  }
  std::vector<std::string> notes;
  for (size_t f = 0; f < used.size(); ++f) {
    std::vector<std::string> wanted;
    if (auto k = sub.args.get("keep")) wanted = expand_names(used[f], *k, 0);
    for (const auto& c : used[f].columns()) {
      if (sub.args.has("keep") && std::find(wanted.begin(), wanted.end(), c->name) == wanted.end())
        continue;
      if (!genvar.empty() && c->name == genvar)
        throw XtdoError(110, fmt::format("variable {} already defined", genvar));
      auto hit = std::find_if(slots.begin(), slots.end(),
                              [&](const Slot& s) { return s.proto->name == c->name; });
      if (hit == slots.end()) {
        Slot s{c.get(), c->type, c->str_width, c->is_string(),
               std::vector<const Column*>(nparts, nullptr)};
        s.parts[f + 1] = c.get();
        slots.push_back(s);
        continue;
      }
      if (hit->string != c->is_string()) {
        if (!force)
          throw combine::type_mismatch(c->name, storage_name(hit->type, hit->width), hit->string,
                                       combine::type_name(*c), "append", false);
        continue;  // force: the using values are treated as missing
      }
      // Only a variable that already holds data is "widened"; in an empty master the
      // first file defines the types.
      const bool has_data =
          std::any_of(hit->parts.begin(), hit->parts.begin() + static_cast<std::ptrdiff_t>(f + 1),
                      [](const Column* part) { return part != nullptr; });
      hit->parts[f + 1] = c.get();
      StorageType t;
      int w;
      combine::promote(hit->type, hit->width, c->type, c->str_width, t, w);
      std::string from = storage_name(hit->type, hit->width), to = storage_name(t, w);
      if (has_data && from != to)
        notes.push_back(fmt::format(
            "(variable {} was {}, now {} to accommodate using data's values)", c->name, from, to));
      hit->type = t;
      hit->width = w;
    }
  }

  // --- Build (cannot fail from here: the master's columns are consumed)
  std::vector<size_t> offset(nparts + 1, 0);
  offset[1] = master.nobs();
  for (size_t f = 0; f < used.size(); ++f) offset[f + 2] = offset[f + 1] + used[f].nobs();
  const size_t n = offset[nparts];
  for (const auto& note : notes) session.console.println(note);
  Dataset out;
  if (!sub.args.has("nolabel"))
    for (const auto& u : used) combine::merge_value_labels(session, master, u);
  out.value_labels = master.value_labels;
  out.label = master.label;
  if (empty_master && !used.empty()) out.label = used[0].label;
  const TsSettings ts = master.ts;
  for (Slot& s : slots) {
    if (s.string) {
      std::vector<std::string> v;
      if (s.parts[0]) v = std::move(master.get(s.proto->name)->str);
      v.resize(n);
      for (size_t f = 1; f < nparts; ++f)
        if (s.parts[f])
          std::copy(s.parts[f]->str.begin(), s.parts[f]->str.end(),
                    v.begin() + static_cast<std::ptrdiff_t>(offset[f]));
      combine::add_string_like(out, *s.proto, std::move(v), s.type, s.width);
    } else {
      std::vector<double> v;
      if (s.parts[0]) v = std::move(master.get(s.proto->name)->num);
      v.resize(n, missing::kSysmiss);
      for (size_t f = 1; f < nparts; ++f)
        if (s.parts[f])
          std::copy(s.parts[f]->num.begin(), s.parts[f]->num.end(),
                    v.begin() + static_cast<std::ptrdiff_t>(offset[f]));
      combine::add_numeric_like(out, *s.proto, std::move(v), s.type);
    }
  }
  if (!genvar.empty()) {
    std::vector<double> src(n, 0);
    for (size_t f = 1; f < nparts; ++f)
      std::fill(src.begin() + static_cast<std::ptrdiff_t>(offset[f]),
                src.begin() + static_cast<std::ptrdiff_t>(offset[f + 1]), static_cast<double>(f));
    out.add_numeric(genvar, std::move(src), StorageType::Byte);
  }
  if (out.nvars() == 0 && n > 0) out.set_obs(n);
  combine::keep_ts_if_present(out, ts);
  out.changed = true;
  session.data = std::move(out);
}

}  // namespace xtdo
