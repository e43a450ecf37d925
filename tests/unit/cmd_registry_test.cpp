// The command registry: every command registered once, with a manual page, and the
// commands of the foundation present (a command that silently drops out fails here).
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "xtdo/command.hpp"

TEST(Registry, NamesAreUnique) {
  std::set<std::string> seen;
  for (const auto* c : xtdo::Registry::instance().all())
    EXPECT_TRUE(seen.insert(c->name).second) << "registered twice: " << c->name;
}

TEST(Registry, EveryCommandHasAManualPage) {
  for (const auto* c : xtdo::Registry::instance().all()) {
    std::filesystem::path page = std::filesystem::path(XTDO_SOURCE_DIR) / "docs/commands" / (c->name + ".md");
    EXPECT_TRUE(std::filesystem::exists(page)) << "no docs/commands/" << c->name << ".md";
  }
}

TEST(Registry, FoundationCommandsPresent) {
  const char* expected[] = {"clear",   "set",      "input",   "generate", "replace",  "egen",
                            "drop",    "keep",     "rename",  "order",    "sort",     "gsort",
                            "describe", "list",    "summarize", "count",  "display",  "assert",
                            "confirm", "scalar",   "matrix",  "return",   "ereturn",  "preserve",
                            "restore", "log",      "timer",   "xtset",    "tsset",    "xtdescribe",
                            "xtsum",   "import",   "export",  "use",      "save",     "local",
                            "global",  "program",  "do",      "run",      "exit",     "label"};
  for (const char* name : expected)
    EXPECT_NE(xtdo::Registry::instance().lookup(name), nullptr) << name << " is not registered";
}

TEST(Registry, StataAbbreviations) {
  auto& reg = xtdo::Registry::instance();
  EXPECT_EQ(reg.lookup("g")->name, "generate");
  EXPECT_EQ(reg.lookup("su")->name, "summarize");
  EXPECT_EQ(reg.lookup("di")->name, "display");
  EXPECT_EQ(reg.lookup("reg")->name, "regress");
  EXPECT_EQ(reg.lookup("s"), nullptr);
}
