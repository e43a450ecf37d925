// order: move variables to the front (default), the end, or before/after a
// variable ([D] order); `alphabetic` sorts the listed names first.
#include <fmt/format.h>

#include <algorithm>

#include "xtdo/command.hpp"
#include "xtdo/session.hpp"
#include "xtdo/stdlib/util.hpp"

namespace xtdo {

XTDO_COMMAND(order, "order", 0, "varlist [, First Last Before(string) After(string) ALPHAbetic]") {
  Dataset& data = session.data;
  // --- Bind
  std::vector<std::string> listed;
  for (const auto& name : args.var_names())
    if (std::find(listed.begin(), listed.end(), name) == listed.end()) listed.push_back(name);
  if (args.has("alphabetic")) std::sort(listed.begin(), listed.end());
  int where = args.has("first") + args.has("last") + args.has("before") + args.has("after");
  if (where > 1)
    throw XtdoError(198, "only one of first, last, before(), and after() may be specified");
  std::string anchor;
  for (const char* opt : {"before", "after"}) {
    if (auto v = args.get(opt)) {
      anchor = resolve_name(data, util::trim(*v), args.option_pos(opt));
      if (std::find(listed.begin(), listed.end(), anchor) != listed.end())
        throw XtdoError(198, fmt::format("{}({}): {} is also in the varlist", opt, anchor, anchor),
                        args.option_pos(opt));
    }
  }

  // --- Build the new order
  std::vector<std::string> rest;
  for (const auto& col : data.columns())
    if (std::find(listed.begin(), listed.end(), col->name) == listed.end())
      rest.push_back(col->name);
  std::vector<std::string> final_order;
  if (args.has("last")) {
    final_order = rest;
    final_order.insert(final_order.end(), listed.begin(), listed.end());
  } else if (!anchor.empty()) {
    const bool after = args.has("after");
    for (const auto& name : rest) {
      if (name == anchor && after) final_order.push_back(name);
      if (name == anchor) final_order.insert(final_order.end(), listed.begin(), listed.end());
      if (name != anchor || !after) final_order.push_back(name);
    }
  } else {
    final_order = listed;
    final_order.insert(final_order.end(), rest.begin(), rest.end());
  }
  data.order(final_order);
}

}  // namespace xtdo
