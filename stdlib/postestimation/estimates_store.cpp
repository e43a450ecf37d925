// The named store of estimation results: look-up, name lists, store/restore and
// temporary activation (see estimates_store.hpp).
#include "estimates_store.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "estimates_table.hpp"
#include "xtdo/command.hpp"
#include "xtdo/grammar.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo::estore {

StoredEstimates* find(Session& session, const std::string& name) {
  for (auto& s : session.stored_estimates)
    if (s.name == name) return &s;
  return nullptr;
}

std::vector<std::string> expand(Session& session, const std::string& text, bool allow_active, int pos) {
  std::vector<std::string> out;
  auto add = [&](const std::string& n) {
    if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  };
  for (const std::string& word : grammar::split_words(text)) {
    if (word == "_all" || word == "*") {
      for (const auto& s : session.stored_estimates) add(s.name);
    } else if (word == ".") {
      if (!allow_active) throw XtdoError(198, ". not allowed", pos);
      add(".");
    } else if (word.find_first_of("*?") != std::string::npos) {
      bool any = false;
      for (const auto& s : session.stored_estimates)
        if (est_table::matches(word, s.name)) add(s.name), any = true;
      if (!any) throw XtdoError(111, fmt::format("estimation result {} not found", word), pos);
    } else {
      if (!find(session, word)) throw XtdoError(111, fmt::format("estimation result {} not found", word), pos);
      add(word);
    }
  }
  return out;
}

void store(Session& session, const std::string& name, const std::string& title, bool nocopy) {
  if (session.e.empty() || !session.e.macros.count("cmd"))
    throw XtdoError(301, "last estimation results not found, nothing to store");
  if (name == "_all" || name == "." || !valid_name(name) || name.size() > 27)
    throw XtdoError(198, fmt::format("{} invalid name", name));
  session.e.set_macro("_estimates_name", name);
  StoredEstimates entry;
  entry.name = name;
  entry.title = title;
  entry.e = session.e;
  entry.e.sample.clear();
  // The sample flags go with the rows (Dataset::stored_samples), not with the copy.
  const std::vector<uint8_t>* es = session.e_sample();
  if (es) session.data.stored_samples[name] = *es;
  else session.data.stored_samples.erase(name);
  StoredEstimates* old = find(session, name);
  if (old) *old = std::move(entry);
  else session.stored_estimates.push_back(std::move(entry));
  if (nocopy) {
    session.e.clear();
    session.data.esample.clear();
  }
}

void drop(Session& session, const std::string& name) {
  auto& all = session.stored_estimates;
  all.erase(std::remove_if(all.begin(), all.end(), [&](const StoredEstimates& s) { return s.name == name; }),
            all.end());
  session.data.stored_samples.erase(name);
}

void restore(Session& session, const std::string& name) {
  StoredEstimates* s = find(session, name);
  if (!s) throw XtdoError(111, fmt::format("estimation result {} not found", name));
  const bool had_sample = s->e.has_sample;
  session.e = s->e;
  session.e.set_macro("_estimates_name", name);
  auto hit = session.data.stored_samples.find(name);
  if (hit != session.data.stored_samples.end() && hit->second.size() == session.data.nobs()) {
    session.set_esample(hit->second);
  } else {
    session.e.has_sample = false;
    session.e.sample.clear();
    session.data.esample.clear();
    if (had_sample)
      session.console.println(
          fmt::format("(note: the data have changed since {} was stored; e(sample) is not available)", name));
  }
  ++session.e.version;
}

void with_active(Session& session, const std::string& name, const std::function<void()>& fn) {
  if (name == ".") {
    fn();
    return;
  }
  StoredEstimates* s = find(session, name);
  if (!s) throw XtdoError(111, fmt::format("estimation result {} not found", name));
  ResultSet saved_e = session.e;
  std::vector<uint8_t> saved_sample = session.data.esample;
  auto put_back = [&] {
    session.e = std::move(saved_e);
    session.data.esample = std::move(saved_sample);
    ++session.e.version;
  };
  session.e = s->e;
  auto hit = session.data.stored_samples.find(name);
  if (hit != session.data.stored_samples.end() && hit->second.size() == session.data.nobs()) {
    session.data.esample = hit->second;
    session.e.has_sample = true;
  } else {
    session.data.esample.clear();
    session.e.has_sample = false;
  }
  try {
    fn();
  } catch (...) {
    put_back();
    throw;
  }
  put_back();
}

void replay_active(Session& session) {
  auto cmd = session.e.macros.find("cmd");
  if (cmd == session.e.macros.end() || cmd->second.empty()) throw XtdoError(301, "last estimates not found");
  const CommandInfo* info = Registry::instance().lookup(cmd->second);
  if (!info || cmd->second.find_first_of(" \t") != std::string::npos)
    throw XtdoError(321, fmt::format("requested action not valid after {}", cmd->second));
  // Every estimator replays when typed without arguments and reads e() only.
  session.dispatch_text(cmd->second);
}

}  // namespace xtdo::estore
