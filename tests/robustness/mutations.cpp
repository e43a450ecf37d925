// Robustness: feed every line-prefix and every single-character deletion of a
// golden script to a fresh session. Errors are fine; crashes, escaping
// exceptions, hangs (no response to an interrupt) and an inconsistent dataset
// are failures.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include "xtdo/session.hpp"

namespace fs = std::filesystem;

namespace {

/// Every column has nobs() values of its own kind.
bool store_consistent(const xtdo::Dataset& data) {
  for (const auto& col : data.columns()) {
    if (col->is_string()) {
      if (col->str.size() != data.nobs() || !col->num.empty()) return false;
    } else {
      if (col->num.size() != data.nobs() || !col->str.empty()) return false;
    }
  }
  return true;
}

/// Interrupts a run that takes too long (a mutation can turn a loop infinite).
class Watchdog {
 public:
  Watchdog() : thread_([this] { loop(); }) {}
  ~Watchdog() {
    {
      std::lock_guard<std::mutex> lock(m_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  void arm() {
    std::lock_guard<std::mutex> lock(m_);
    deadline_ = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    armed_ = true;
    fired_ = false;
  }
  bool disarm() {
    std::lock_guard<std::mutex> lock(m_);
    armed_ = false;
    return fired_;
  }

 private:
  void loop() {
    std::unique_lock<std::mutex> lock(m_);
    while (!stop_) {
      cv_.wait_for(lock, std::chrono::milliseconds(50));
      if (armed_ && std::chrono::steady_clock::now() > deadline_) {
        xtdo::Session::interrupt_requested = 1;
        fired_ = true;
        deadline_ = std::chrono::steady_clock::now() + std::chrono::seconds(1);
      }
    }
  }
  std::mutex m_;
  std::condition_variable cv_;
  bool stop_ = false, armed_ = false, fired_ = false;
  std::chrono::steady_clock::time_point deadline_;
  std::thread thread_;
};

int failures = 0;
int interrupted = 0;

void run_one(const std::string& text, const std::string& what, Watchdog& dog) {
  std::ostringstream out, err;
  xtdo::Console console(out, err);
  xtdo::Session session(console);
  dog.arm();
  try {
    session.run_text(text, "mutant.do");
  } catch (const std::exception& e) {
    std::cerr << "FAIL (escaped exception: " << e.what() << "): " << what << "\n";
    ++failures;
  } catch (...) {
    std::cerr << "FAIL (escaped non-standard exception): " << what << "\n";
    ++failures;
  }
  // A mutation can make a loop endless (`while 1`), as it would be in Stata; such a
  // run must still stop cleanly on an interrupt, which the watchdog sends after 2 s.
  if (dog.disarm()) ++interrupted;
  if (!store_consistent(session.data)) {
    std::cerr << "FAIL (inconsistent dataset): " << what << "\n";
    ++failures;
  }
  xtdo::Session::interrupt_requested = 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: xtdo_robustness SCRIPT.do\n";
    return 2;
  }
  fs::path script = fs::absolute(argv[1]);
  std::ifstream in(script);
  if (!in) {
    std::cerr << "cannot read " << script << "\n";
    return 2;
  }
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);

  // Run inside a scratch copy of the repository's test and script folders, so that
  // mutated `save`/`export`/`log` commands cannot write into the source tree.
  fs::path root = script;
  while (!root.empty() && root.filename() != "tests") root = root.parent_path();
  root = root.parent_path();
  fs::path scratch = fs::temp_directory_path() / ("xtdo_robust_" + std::to_string(::getpid()));
  fs::create_directories(scratch);
  fs::copy(root / "tests", scratch / "tests", fs::copy_options::recursive);
  if (fs::exists(root / "scripts")) fs::copy(root / "scripts", scratch / "scripts", fs::copy_options::recursive);
  fs::path rel = fs::relative(script, root);
  fs::current_path((scratch / rel).parent_path());

  std::cout.setstate(std::ios::failbit);  // commands print through their own console
  Watchdog dog;
  size_t runs = 0;
  auto join = [&](size_t upto, size_t skip_line, size_t skip_char) {
    std::string text;
    for (size_t i = 0; i < upto; ++i) {
      if (i == skip_line) {
        std::string l = lines[i];
        l.erase(skip_char, 1);
        text += l;
      } else {
        text += lines[i];
      }
      text += '\n';
    }
    return text;
  };
  for (size_t n = 0; n <= lines.size(); ++n) {
    run_one(join(n, SIZE_MAX, 0), "prefix of " + std::to_string(n) + " lines", dog);
    ++runs;
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    for (size_t c = 0; c < lines[i].size(); ++c) {
      run_one(join(lines.size(), i, c),
              "line " + std::to_string(i + 1) + " without character " + std::to_string(c + 1), dog);
      ++runs;
    }
  }
  fs::current_path(root);
  fs::remove_all(scratch);
  std::cout.clear();
  std::cout << runs << " mutants of " << rel.string() << " (" << interrupted
            << " stopped by interrupt), " << failures << " failures\n";
  return failures == 0 ? 0 : 1;
}
