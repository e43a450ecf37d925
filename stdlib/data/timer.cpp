// timer on|off|clear|list [#]: accumulate wall-clock time in up to 100 timers ([P] timer);
// `timer list` shows them and posts r(t#) (seconds) and r(nt#) (times started).
#include <chrono>
#include <cstdio>

#include <fmt/format.h>

#include "xtdo/command.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {
namespace {

using Clock = std::chrono::steady_clock;

/// One timer, kept in the session's settings under "timer#" so that sessions never
/// share timers.
struct Timer {
  double total = 0;     ///< seconds accumulated by completed on/off pairs
  long long count = 0;  ///< completed on/off pairs
  bool running = false;
  long long started_ns = 0;
};

std::string key(int k) { return fmt::format("timer{}", k); }

Timer load(const Session& session, int k) {
  Timer t;
  auto it = session.settings.find(key(k));
  if (it == session.settings.end()) return t;
  int running = 0;
  std::sscanf(it->second.c_str(), "%lf %lld %d %lld", &t.total, &t.count, &running, &t.started_ns);
  t.running = running != 0;
  return t;
}

void store(Session& session, int k, const Timer& t) {
  session.settings[key(k)] = fmt::format("{:.17g} {} {} {}", t.total, t.count, t.running ? 1 : 0, t.started_ns);
}

long long now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

int timer_number(const std::string& text, int pos, bool required) {
  std::string t = util::trim(text);
  if (t.empty()) {
    if (required) throw XtdoError(198, "timer number required", pos);
    return 0;
  }
  char* end = nullptr;
  long v = std::strtol(t.c_str(), &end, 10);
  if (*end != '\0' || v < 1 || v > 100) throw XtdoError(198, "timer number must be between 1 and 100", pos);
  return static_cast<int>(v);
}

}  // namespace

XTDO_COMMAND(timer, "timer", 0, "*") {
  int pos = args.cmd->rest.pos;
  auto words = grammar::split_words(args.cmd->rest.text);
  std::string sub = words.empty() ? "list" : words[0];
  std::string arg = words.size() > 1 ? words[1] : "";
  if (sub == "on") {
    int k = timer_number(arg, pos, true);
    Timer t = load(session, k);
    if (t.running) throw XtdoError(498, fmt::format("timer {} already on", k), pos);
    t.running = true;
    t.started_ns = now_ns();
    store(session, k, t);
  } else if (sub == "off") {
    int k = timer_number(arg, pos, true);
    Timer t = load(session, k);
    if (!t.running) throw XtdoError(498, fmt::format("timer {} not on", k), pos);
    t.running = false;
    t.total += static_cast<double>(now_ns() - t.started_ns) / 1e9;
    ++t.count;
    store(session, k, t);
  } else if (sub == "clear") {
    int k = timer_number(arg, pos, false);
    for (int j = 1; j <= 100; ++j)
      if (!k || j == k) session.settings.erase(key(j));
  } else if (sub == "list") {
    int only = timer_number(arg, pos, false);
    session.r.clear();
    for (int k = 1; k <= 100; ++k) {
      if (only && k != only) continue;
      Timer t = load(session, k);
      if (t.count == 0 && !t.running) continue;
      double total = t.total + (t.running ? static_cast<double>(now_ns() - t.started_ns) / 1e9 : 0.0);
      long long n = t.count + (t.running ? 1 : 0);
      // Stata's layout: "   1:      0.27 /        1 =       0.2710"
      session.console.println(fmt::format("{:4}: {:9.2f} / {:8} = {:12.4f}", k, total, n, total / static_cast<double>(n)));
      session.r.set_scalar(fmt::format("t{}", k), total);
      session.r.set_scalar(fmt::format("nt{}", k), static_cast<double>(n));
    }
  } else {
    throw XtdoError(198, fmt::format("timer {} not allowed", sub), pos);
  }
}

}  // namespace xtdo
