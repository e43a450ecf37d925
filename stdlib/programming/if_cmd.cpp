// `if exp command` reached through a prefix (`capture if _rc exit`, `quietly if ...`):
// the same one-line if the block runner handles for plain lines.
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"

namespace xtdo {

XTDO_COMMAND(if, "if", 0, "*") {
  session.run_if_command(args.cmd->rest.text, args.cmd->rest.pos);
}

}  // namespace xtdo
