// type: print a text file through the console ([D] type).
#include <fmt/format.h>

#include <fstream>

#include "file_util.hpp"
#include "xtdo/command.hpp"
#include "xtdo/session.hpp"

namespace xtdo {

XTDO_COMMAND(type, "type", 0, "anything [, ASIS SMCL SHOWtabs STARbang LInes(integer -1)]") {
  const std::string file = fileutil::unquote(args.anything);
  std::ifstream in(file, std::ios::binary);
  if (!in) throw XtdoError(601, fmt::format("file {} not found", file));
  const long limit = static_cast<long>(args.number("lines"));
  const bool showtabs = args.has("showtabs");
  std::string line;
  long count = 0;
  while (std::getline(in, line)) {
    if (limit >= 0 && count >= limit) break;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (showtabs) {
      std::string shown;
      for (char ch : line) shown += ch == '\t' ? std::string("<T>") : std::string(1, ch);
      line = shown;
    }
    session.console.println(line);
    ++count;
  }
}

}  // namespace xtdo
