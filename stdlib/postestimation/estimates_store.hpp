// The named store of estimation results (`estimates store`, `eststo`) as the
// postestimation commands see it: look-up, wildcard name lists, and running code
// with a stored result made active.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "xtdo/session.hpp"

namespace xtdo::estore {

/// The stored result `name`, or nullptr.
StoredEstimates* find(Session& session, const std::string& name);

/// Expand a list of stored-result names: plain names, wildcards (`m*`, `m?`),
/// `_all`/`*` (every stored result in storage order) and, when `allow_active`, `.`
/// (the active results). Unknown names throw r(111) "estimation result NAME not found".
std::vector<std::string> expand(Session& session, const std::string& text, bool allow_active, int pos = -1);

/// Store the active e() as `name` (replacing a result of that name in place) and
/// mark the active results with e(_estimates_name). r(301) when there is none.
void store(Session& session, const std::string& name, const std::string& title, bool nocopy);

/// Remove the stored result `name` (and its sample flags); nothing if absent.
void drop(Session& session, const std::string& name);

/// Make `name` the active results, e(sample) included when the data still have the
/// rows it was stored with (otherwise a note says e(sample) is not available).
void restore(Session& session, const std::string& name);

/// Run `fn` with `name` (or `.` = the active results) active, then put the
/// previously active e() and e(sample) back, even when `fn` throws.
void with_active(Session& session, const std::string& name, const std::function<void()>& fn);

/// Redisplay the active results through the estimator's own replay (`cmd` typed
/// alone); r(321) when e(cmd) has no replay.
void replay_active(Session& session);

}  // namespace xtdo::estore
