// The egen function library (private to stdlib/data): one entry per function,
// described once as data — argument kind, options, whether by-groups are allowed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "data_common.hpp"
#include "xtdo/command.hpp"

namespace xtdo {
class Session;
}

namespace xtdo::egen {

/// Everything an egen function sees. `x` (expression functions) or `vars`
/// (varlist functions) is filled before the call; `groups` holds the by-groups
/// (one group when there is no by).
struct Input {
  Session& session;
  const Dataset& data;
  const CallArgs& args;                   ///< bound if/in and options
  std::vector<uint8_t> touse;             ///< rows in if/in
  std::vector<double> x;                  ///< the evaluated expression
  std::vector<std::string> vars;          ///< the expanded varlist
  data::GroupCodes groups;                ///< by-groups over all rows
  StorageType type = StorageType::Float;  ///< storage type of the result
};

using Fn = std::vector<double> (*)(Input& in);

struct Spec {
  const char* name;
  bool varlist;         ///< argument is a varlist (else an expression)
  bool byable;          ///< by()/by: allowed (else r(190))
  const char* options;  ///< extra options in the binder's syntax ("Missing P(real 50)")
  bool byte_result;     ///< tag(): always byte, whatever the type
  Fn fn;
};

/// The function named `name` (`sum` is `total`), or nullptr.
const Spec* find(const std::string& name);

}  // namespace xtdo::egen
