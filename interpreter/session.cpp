// The session: running do-files and lines, prefixes, dispatch to registered
// commands and user programs, error reporting, and the EvalEnv lookups.
#include "xtdo/session.hpp"
#include "xtdo/util.hpp"

#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <chrono>
#include <ctime>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "xtdo/command.hpp"
#include "xtdo/varlist.hpp"

namespace xtdo {

volatile int Session::interrupt_requested = 0;

void write_results_record(std::FILE* f, int line, const std::string& text, const ResultSet* r,
                          const ResultSet* e);

Session::Session(Console& c, SessionOptions opts) : console(c), options(std::move(opts)) {
  // Stata's documented start-up seed.
  rng_.seed(123456789);
  if (!options.results_path.empty()) {
    std::FILE* f = std::fopen(options.results_path.c_str(), "wb");
    if (!f) throw XtdoError(603, fmt::format("file {} could not be opened", options.results_path));
    results_.reset(f);
  }
}

Session::~Session() {
  if (!temp_dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(temp_dir_, ignored);
  }
}

const std::string& Session::temp_dir() {
  if (temp_dir_.empty()) {
    std::string pattern = (std::filesystem::temp_directory_path() / "xtdo_XXXXXX").string();
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (!::mkdtemp(buf.data())) throw XtdoError(603, "could not create a temporary folder");
    temp_dir_ = buf.data();
  }
  return temp_dir_;
}

void Session::set_location(const std::string& file, int line, const std::string& text) {
  current_file_ = file;
  current_line_ = line;
  current_text_ = text;
}

namespace {

using util::trim;


std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw XtdoError(601, fmt::format("file {} not found", path));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool file_exists(const std::string& path) {
  std::ifstream in(path);
  return static_cast<bool>(in);
}

/// Quiet-level guard for quietly/noisily/capture prefixes.
struct QuietGuard {
  Console& c;
  int n = 0;
  void push(bool q) {
    c.push_quiet(q);
    ++n;
  }
  ~QuietGuard() {
    while (n-- > 0) c.pop_quiet();
  }
};

}  // namespace

int Session::run_text(const std::string& text, const std::string& origin) {
  try {
    std::vector<grammar::LogicalLine> lines;
    try {
      lines = grammar::split_lines(text);
    } catch (XtdoError& e) {
      if (!e.located) {
        e.loc = SourceLoc{origin, 0, -1, ""};
        e.located = true;
      }
      throw;
    }
    ++do_depth;
    try {
      run_lines(lines, origin);
    } catch (...) {
      --do_depth;
      throw;
    }
    --do_depth;
    return 0;
  } catch (XtdoError& e) {
    if (do_depth == 0) {
      report_error(e);
      return e.rc();
    }
    throw;
  } catch (ExitRequest& x) {
    if (do_depth == 0) return x.rc;
    throw;
  } catch (LoopControl&) {
    XtdoError e(198, "continue or break outside a loop");
    if (do_depth == 0) {
      report_error(e);
      return e.rc();
    }
    throw e;
  }
}

int Session::run_file(const std::string& path_in, const std::vector<std::string>& args) {
  std::string path = path_in;
  if (!file_exists(path) && path.find('.') == std::string::npos) path += ".do";
  std::string text;
  try {
    text = read_file(path);
  } catch (XtdoError& e) {
    if (do_depth == 0) {
      report_error(e);
      return e.rc();
    }
    throw;
  }
  macros.push_frame();
  std::string all;
  for (size_t i = 0; i < args.size(); ++i) {
    macros.set_local(std::to_string(i + 1), args[i]);
    if (i) all += ' ';
    // `0' keeps the quotes that grouped an argument, as Stata's do does.
    all += args[i].find(' ') != std::string::npos ? "\"" + args[i] + "\"" : args[i];
  }
  macros.set_local("0", all);
  // Data preserved by this do-file are restored when it ends, however it ends
  // ([P] preserve), unless `restore` already ran.
  const bool had_preserved = preserved != nullptr;
  auto auto_restore = [&] {
    if (!had_preserved && preserved) {
      data = std::move(*preserved);
      preserved.reset();
    }
  };
  int result;
  try {
    result = run_text(text, path);
  } catch (...) {
    auto_restore();
    macros.pop_frame();
    throw;
  }
  auto_restore();
  macros.pop_frame();
  return result;
}

void Session::echo_comments(const grammar::LogicalLine& line) {
  if (block_depth_ != 0 || do_depth == 0) return;
  for (const std::string& c : line.echo_before) console.echo(trim(c), true);
}

void Session::execute_line(const grammar::LogicalLine& line, const std::string& file) {
  echo_comments(line);
  std::string raw = trim(line.text);
  if (raw.empty()) return;
  execute_line_with([&](const std::string& text) { dispatch(text, file, line.line); }, line, file,
                    raw);
}

void Session::execute_line_with(const std::function<void(const std::string&)>& fn,
                                const grammar::LogicalLine& line, const std::string& file,
                                const std::string& raw) {
  if (interrupt_requested) {
    interrupt_requested = 0;
    throw XtdoError(1, "--Break--");
  }
  if (block_depth_ == 0 && do_depth > 0) console.echo(line.echo.empty() ? raw : trim(line.echo));
  set_location(file, line.line, raw);
  try {
    std::string text = expand_macros(raw);
    current_text_ = text;
    fn(text);
  } catch (XtdoError& e) {
    if (!e.located) {
      e.loc = SourceLoc{file, line.line, e.pos(), current_text_};
      e.located = true;
    }
    throw;
  } catch (const std::bad_alloc&) {
    XtdoError e(909, "op. sys. refuses to provide memory");
    e.loc = SourceLoc{file, line.line, -1, current_text_};
    e.located = true;
    throw e;
  } catch (const std::exception& ex) {
    // A library exception escaping a command is a bug in xtdo; report it as an
    // error of this line rather than ending the session.
    XtdoError e(9999, std::string("internal error: ") + ex.what());
    e.loc = SourceLoc{file, line.line, -1, current_text_};
    e.located = true;
    throw e;
  }
}

void Session::dispatch(const std::string& text, const std::string& file, int line) {
  if (trim(text).empty()) return;
  ast::Command cmd = grammar::parse_command_head(text);
  run_command(cmd, text, 0);
}

void Session::run_command(ast::Command& cmd, const std::string& text, size_t prefix_index) {
  if (prefix_index < cmd.prefixes.size()) {
    const ast::Prefix& p = cmd.prefixes[prefix_index];
    QuietGuard guard{console};
    if (p.name == "quietly") {
      guard.push(true);
      run_command(cmd, text, prefix_index + 1);
    } else if (p.name == "noisily") {
      guard.push(false);
      run_command(cmd, text, prefix_index + 1);
    } else if (p.name == "capture") {
      // capture suppresses output unless noisily follows; it also swallows errors.
      bool noisy = prefix_index + 1 < cmd.prefixes.size() &&
                   cmd.prefixes[prefix_index + 1].name == "noisily";
      if (!noisy) guard.push(true);
      try {
        run_command(cmd, text, prefix_index + 1);
        rc = 0;
      } catch (XtdoError& e) {
        rc = e.rc();
        if (e.rc() == 1 && e.what() == std::string("--Break--")) throw;
        // capture noisily shows the error message and code, without stopping.
        if (noisy) console.error(fmt::format("{}{}r({});\n", e.what(), *e.what() ? "\n" : "", e.rc()));
      }
    } else if (p.name == "by" || p.name == "bysort") {
      if (by.active()) throw XtdoError(198, "by may not be nested", p.pos);
      std::vector<std::string> byv = expand_names(data, fmt::format("{}", fmt::join(p.by_vars, " ")), 0);
      std::vector<std::string> sortv;
      if (!p.sort_vars.empty())
        sortv = expand_names(data, fmt::format("{}", fmt::join(p.sort_vars, " ")), 0);
      if (p.name == "bysort") {
        std::vector<std::string> all = byv;
        all.insert(all.end(), sortv.begin(), sortv.end());
        data.sort(all);
        data.sortedby = all;
      } else {
        // `by` requires the data sorted on the by-variables (and sortvars): check it.
        std::vector<std::string> all = byv;
        all.insert(all.end(), sortv.begin(), sortv.end());
        ByGroups::build(data, all);
      }
      by.vars = byv;
      try {
        run_command(cmd, text, prefix_index + 1);
      } catch (...) {
        by.vars.clear();
        by_rows.clear();
        throw;
      }
      by.vars.clear();
      by_rows.clear();
    } else {
      throw XtdoError(199, fmt::format("unrecognized prefix {}", p.name), p.pos);
    }
    return;
  }

  if (cmd.name == "}" || cmd.name == "{")
    throw XtdoError(198, fmt::format("unexpected '{}'", cmd.name), cmd.name_pos);
  const CommandInfo* info = Registry::instance().lookup(cmd.name);
  if (!info) {
    auto prog = programs.find(cmd.name);
    if (prog != programs.end()) {
      if (by.active()) throw XtdoError(190, fmt::format("{} may not be combined with by", cmd.name));
      call_program(prog->second, trim(cmd.rest.text));
      return;
    }
    throw XtdoError(199, fmt::format("unrecognized command:  {}", cmd.name), cmd.name_pos);
  }
  if (by.active() && info->byable == 0)
    throw XtdoError(190, fmt::format("{} may not be combined with by", info->name), cmd.name_pos);

  CallArgs args;
  args.cmd = &cmd;
  args.info = info;
  if (info->syntax != "*") {
    grammar::parse_command_body(cmd);
    bind_args(*this, *info, cmd, args);
  }
  uint64_t r_before = r.version, e_before = e.version;
  auto started = std::chrono::steady_clock::now();
  if (by.active() && info->byable == 1) {
    // "recall" commands run once per by-group on that group's rows.
    ByGroups groups = ByGroups::build(data, by.vars);
    size_t n = data.nobs();
    int64_t row = 0;
    while (row < static_cast<int64_t>(n)) {
      int64_t size = groups.size[row];
      by_rows.assign(n, 0);
      std::fill(by_rows.begin() + row, by_rows.begin() + row + size, 1);
      std::string head = "-> ";
      for (size_t k = 0; k < by.vars.size(); ++k) {
        const Column* c = data.get(by.vars[k]);
        std::string value;
        if (c->is_string()) {
          value = c->str[row];
        } else {
          auto vl = data.value_labels.find(c->value_label);
          auto hit = vl == data.value_labels.end() ? decltype(vl->second.end()){} : vl->second.find(c->num[row]);
          if (vl != data.value_labels.end() && hit != vl->second.end()) value = hit->second;
          else value = trim(format_number(c->num[row], c->format));
        }
        head += fmt::format("{}{} = {}", k ? ", " : "", by.vars[k], value);
      }
      console.println(std::string(79, '-'));
      console.println(head);
      info->fn(*this, args);
      console.println();
      row += size;
    }
    by_rows.clear();
  } else {
    info->fn(*this, args);
  }
  auto rmsg = settings.find("rmsg");
  if (rmsg != settings.end() && rmsg->second == "on" && info->name != "set") {
    // `set rmsg on`: Stata's "r; t=0.00 hh:mm:ss" line after each command.
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::time_t now = std::time(nullptr);
    char clock[16];
    std::strftime(clock, sizeof clock, "%H:%M:%S", std::localtime(&now));
    console.println(fmt::format("r; t={:.2f} {}", secs, clock));
  }
  if (results_ && info->posts_results && (r.version != r_before || e.version != e_before)) {
    write_results_record(results_.get(), current_line_, text, r.version != r_before ? &r : nullptr,
                         e.version != e_before ? &e : nullptr);
  }
}

void Session::run_if_command(const std::string& body, int base) {
  // The condition is the longest leading text that parses as an expression; the
  // rest runs as a command when the condition is true ([P] if, one-line form).
  std::vector<size_t> cuts;
  for (size_t k = 1; k < body.size(); ++k)
    if (body[k] == ' ' && body[k - 1] != ' ') cuts.push_back(k);
  for (auto it = cuts.rbegin(); it != cuts.rend(); ++it) {
    std::string cond = body.substr(0, *it);
    std::string rest = trim(body.substr(*it));
    if (rest.empty()) continue;
    ast::ExprPtr e;
    try {
      e = grammar::parse_expression(cond, base);
    } catch (XtdoError&) {
      continue;
    }
    Value v = evaluate_scalar(*e, &data, *this);
    if (v.is_string) throw XtdoError(109, "type mismatch", base);
    if (!v.num.empty() && v.num[0] != 0) dispatch(rest, current_file_, current_line_);
    return;
  }
  throw XtdoError(198, "if: condition and command expected (or end the line with {)", base);
}

void Session::call_program(const Program& program, const std::string& argtext) {
  macros.push_frame();
  macros.set_local("0", argtext);
  auto words = grammar::split_words(argtext);
  for (size_t i = 0; i < words.size(); ++i) macros.set_local(std::to_string(i + 1), words[i]);
  ProgramFrame frame;
  frame.rclass = program.props.find("rclass") != std::string::npos;
  frame.eclass = program.props.find("eclass") != std::string::npos;
  program_frames.push_back(std::move(frame));
  ++do_depth;
  int saved_block = block_depth_;
  block_depth_ = 1;  // program bodies are not echoed
  // Leaving the program (normally or by error): drop its temporaries, restore state.
  auto leave = [&](bool ok) {
    ProgramFrame done = std::move(program_frames.back());
    program_frames.pop_back();
    for (const auto& name : done.temp_names) {
      if (data.find(name) >= 0) data.drop_column(name);
      scalars.erase(name);
      matrices.erase(name);
    }
    // An rclass program posts what it returned, replacing r() (Stata [P] return).
    if (ok && done.rclass) {
      r = std::move(done.pending_r);
      ++r.version;
    }
    block_depth_ = saved_block;
    --do_depth;
    macros.pop_frame();
  };
  try {
    run_lines(program.body, program.file);
  } catch (ExitRequest& x) {
    leave(x.rc == 0);
    if (x.rc != 0) throw XtdoError(x.rc, "");
    return;
  } catch (...) {
    leave(false);
    throw;
  }
  leave(true);
}

void Session::report_error(const XtdoError& err) {
  std::string msg = err.what();
  std::string out;
  if (!msg.empty()) out += msg + "\n";
  if (err.located && !err.loc.file.empty()) {
    out += fmt::format("  in {}, line {}", err.loc.file, err.loc.line);
    int col = err.loc.col;
    if (col >= 0 && col <= static_cast<int>(err.loc.text.size())) out += fmt::format(", column {}", col + 1);
    out += ":\n";
    if (!err.loc.text.empty()) {
      out += "    " + err.loc.text + "\n";
      out += "    " + std::string(col >= 0 && col <= static_cast<int>(err.loc.text.size()) ? col : 0, ' ') + "^\n";
    }
  }
  out += fmt::format("r({});\n", err.rc());
  console.error(out);
}

Value Session::eval_scalar_text(const std::string& text, int base_offset) {
  ast::ExprPtr e = grammar::parse_expression(text, base_offset);
  return evaluate_scalar(*e, &data, *this);
}

void Session::set_esample(const std::vector<uint8_t>& sample) {
  data.esample = sample;
  e.sample = sample;
  e.has_sample = true;
  ++e.version;
}

EvalEnv::Lookup Session::result(char cls, const std::string& name) const {
  Lookup out;
  if (cls == 'c') {
    out.found = true;
    if (name == "N") out.num = static_cast<double>(data.nobs());
    else if (name == "k") out.num = static_cast<double>(data.nvars());
    else if (name == "pi") out.num = 3.14159265358979323846;
    else if (name == "rc") out.num = rc;
    else if (name == "maxdouble") out.num = 8.9884656743115785e+307;
    else if (name == "epsdouble") out.num = 2.220446049250313e-16;
    else if (name == "version") out.num = 18;
    else if (name == "level") {
      auto it = settings.find("level");
      out.num = it == settings.end() ? 95 : std::strtod(it->second.c_str(), nullptr);
    }
    else if (name == "os") out.is_string = true, out.str = "Unix";
    else if (name == "dirsep") out.is_string = true, out.str = "/";
    else if (name == "alpha") out.is_string = true, out.str = "a b c d e f g h i j k l m n o p q r s t u v w x y z";
    else if (name == "ALPHA") out.is_string = true, out.str = "A B C D E F G H I J K L M N O P Q R S T U V W X Y Z";
    else if (name == "seed") out.is_string = true, out.str = "";
    else out.found = false;
    return out;
  }
  const ResultSet* set = cls == 'r' ? &r : cls == 'e' ? &e : &s;
  auto sc = set->scalars.find(name);
  if (sc != set->scalars.end()) {
    out.found = true;
    out.num = sc->second;
    return out;
  }
  auto mc = set->macros.find(name);
  if (mc != set->macros.end()) {
    out.found = true;
    out.is_string = true;
    out.str = mc->second;
    return out;
  }
  if (cls == 'e' && name == "N" && set->scalars.empty()) return out;
  return out;
}

std::optional<EvalEnv::Lookup> Session::scalar(const std::string& name) const {
  if (name == "_rc") {
    Lookup l;
    l.found = true;
    l.num = rc;
    return l;
  }
  auto it = scalars.find(name);
  if (it == scalars.end()) return std::nullopt;
  return it->second;
}

const Matrix* Session::matrix(const std::string& name) const {
  if (name.size() > 3 && name[1] == '(' && name.back() == ')') {
    const ResultSet* set = name[0] == 'r' ? &r : name[0] == 'e' ? &e : nullptr;
    if (!set) return nullptr;
    auto it = set->matrices.find(name.substr(2, name.size() - 3));
    return it == set->matrices.end() ? nullptr : &it->second;
  }
  auto it = matrices.find(name);
  return it == matrices.end() ? nullptr : &it->second;
}

double Session::coef(const std::string& which, const std::string& name) const {
  auto b = e.matrices.find("b");
  if (b == e.matrices.end()) throw XtdoError(301, "last estimates not found");
  // As Stata: `2.region` finds `2b.region`, `x` finds `o.x`, `L1.x` finds `L.x`.
  const int j = b->second.coef_index(name);
  if (j < 0) throw XtdoError(111, fmt::format("[{}] not found", name));
  if (which == "_b") return b->second.at(0, j);
  auto v = e.matrices.find("V");
  if (v == e.matrices.end()) throw XtdoError(111, fmt::format("[{}] not found", name));
  double var = v->second.at(j, j);
  return var >= 0 ? std::sqrt(var) : missing::kSysmiss;
}

}  // namespace xtdo
