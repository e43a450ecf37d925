// import delimited / export delimited ([D] import delimited), and the older insheet /
// outsheet spellings: delimited text in and out through interpreter/io.
#include <algorithm>
#include <cctype>
#include <fstream>

#include <fmt/format.h>

#include "file_util.hpp"
#include "inspect_util.hpp"
#include "xtdo/io.hpp"

namespace xtdo {
namespace {

// --- Encoding report

/// ICU's most frequent English trigrams (its ISO-8859-1 language model), for telling
/// which encoding Stata's charset detection would report for an ASCII file.
constexpr const char* kEnglishTrigrams[] = {
    " a ", " an", " be", " co", " fo", " ha", " he", " in", " ma", " of", " pr", " re", " sa",
    " st", " th", " to", " wh", "aid", "al ", "an ", "and", "as ", "at ", "ate", "ati", "d a",
    "d t", "e a", "e s", "e t", "ed ", "ent", "er ", "es ", "for", "hat", "he ", "her", "id ",
    "in ", "ing", "ion", "is ", "n a", "n t", "nd ", "ng ", "nt ", "of ", "on ", "or ", "re ",
    "rs ", "s a", "s t", "sai", "st ", "t t", "ter", "tha", "the", "tio", "to ", "ts "};

/// The encoding Stata reports after `(encoding automatically selected: ...)`. Stata asks
/// ICU's charset detector: valid multi-byte UTF-8 is UTF-8, other 8-bit text is
/// ISO-8859-1, and plain ASCII is UTF-8 (confidence 15) unless the English trigram model
/// scores higher, as it does for files with much English text.
std::string detect_encoding(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string buf(8000, '\0');
  in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
  buf.resize(static_cast<size_t>(in.gcount()));
  bool non_ascii = false, valid = true;
  for (size_t i = 0; i < buf.size();) {
    unsigned char c = static_cast<unsigned char>(buf[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    non_ascii = true;
    size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0) {
      valid = false;
      break;
    }
    if (i + len > buf.size()) break;  // cut at the end of the sample
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(buf[i + k]) & 0xC0) != 0x80) valid = false;
    if (!valid) break;
    i += len;
  }
  if (non_ascii) return valid ? "UTF-8" : "ISO-8859-1";
  // Trigram model: letters lower-cased, everything else one blank.
  uint32_t ngram = 0;
  int count = 0, hits = 0;
  bool last_space = false;
  auto add = [&](char ch) {
    ngram = ((ngram << 8) | static_cast<unsigned char>(ch)) & 0xFFFFFF;
    ++count;
    char tri[4] = {static_cast<char>(ngram >> 16), static_cast<char>((ngram >> 8) & 0xFF),
                   static_cast<char>(ngram & 0xFF), 0};
    for (const char* t : kEnglishTrigrams)
      if (std::equal(t, t + 3, tri)) {
        ++hits;
        break;
      }
  };
  for (char c : buf) {
    char m = std::isalpha(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : ' ';
    if (m == ' ' && last_space) continue;
    add(m);
    last_space = m == ' ';
  }
  if (!last_space) add(' ');
  int confidence = count == 0 ? 0 : (hits * 3 > count ? 98 : static_cast<int>(hits * 300.0 / count));
  return confidence > 15 ? "ISO-8859-1" : "UTF-8";
}

char parse_delimiter(const std::string& raw, int pos) {
  std::string d = fileutil::unquote(raw);
  if (d == "tab" || d == "\\t") return '\t';
  if (d == "space" || d == " ") return ' ';
  if (d == "comma") return ',';
  if (d == "semicolon") return ';';
  if (d.size() != 1) throw XtdoError(198, fmt::format("delimiter({}) invalid", raw), pos);
  return d[0];
}

/// `rowrange([start][:end])` / `colrange(...)`: 1-based inclusive bounds (0 = open).
std::pair<int64_t, int64_t> parse_range(const std::string& raw, int pos) {
  std::string t = util::trim(raw);
  size_t colon = t.find(':');
  std::string a = util::trim(t.substr(0, colon));
  std::string b = colon == std::string::npos ? "" : util::trim(t.substr(colon + 1));
  auto num = [&](const std::string& s) -> int64_t {
    if (s.empty()) return 0;
    char* end = nullptr;
    long long v = std::strtoll(s.c_str(), &end, 10);
    if (*end != '\0' || v < 1) throw XtdoError(198, fmt::format("range {} invalid", raw), pos);
    return v;
  };
  return {num(a), num(b)};
}

void import_delimited(Session& session, const ast::Command& cmd, size_t skip, const std::string& name,
                      bool insheet) {
  // --- Bind
  fileutil::SubCommand sub;
  const char* spec = insheet
      ? "[anything] [using/] [, CLEAR Comma Tab Delimiter(string) Names NONames DOUBle Case(string)]"
      : "[anything] [using/] [, CLEAR VARNames(string) Delimiters(string) Case(string) ASDOUBle "
        "ENCoding(string) ROWRange(string) COLRange(string) ASFloat BINDQuotes(string) "
        "STRIPQuotes(string) STRINGcols(string) NUMERICcols(string) CHARset(string) "
        "PARSELocale NUMERICComma]";
  fileutil::bind_sub(session, cmd, skip, name, spec, sub);
  CallArgs& args = sub.args;
  std::string file = args.using_file.empty() ? fileutil::unquote(args.anything) : fileutil::unquote(args.using_file);
  if (file.empty()) throw XtdoError(198, "invalid file specification", cmd.rest.pos);
  if (!args.using_file.empty() && !util::trim(args.anything).empty())
    throw XtdoError(198, "invalid syntax: variable names are given with varnames(), not before using",
                    sub.cmd.args.pos);
  file = fileutil::with_default_ext(file, ".csv");

  io::DelimitedOptions opts;
  if (auto v = args.get("varnames")) {
    std::string t = util::trim(*v);
    if (t == "nonames") {
      opts.header = false;
      opts.auto_header = false;
    } else {
      char* end = nullptr;
      long row = std::strtol(t.c_str(), &end, 10);
      if (t.empty() || *end != '\0' || row < 1)
        throw XtdoError(198, "varnames() must be a positive integer or nonames", args.option_pos("varnames"));
      opts.header = true;
      opts.auto_header = false;
      opts.varnames_row = static_cast<int>(row);
    }
  }
  if (args.has("names")) {
    opts.header = true;
    opts.auto_header = false;
  }
  if (args.has("nonames")) {
    opts.header = false;
    opts.auto_header = false;
  }
  if (auto d = args.get("delimiters")) opts.delimiter = parse_delimiter(*d, args.option_pos("delimiters"));
  if (auto d = args.get("delimiter")) opts.delimiter = parse_delimiter(*d, args.option_pos("delimiter"));
  if (args.has("comma")) opts.delimiter = ',';
  if (args.has("tab")) opts.delimiter = '\t';
  opts.as_double = args.has("asdouble") || args.has("double");
  bool upper = false;
  if (auto c = args.get("case")) {
    std::string t = util::trim(*c);
    if (t == "preserve") opts.case_preserve = true;
    else if (t == "upper") opts.case_preserve = upper = true;
    else if (t != "lower") throw XtdoError(198, fmt::format("case({}) invalid", t), args.option_pos("case"));
  }
  std::pair<int64_t, int64_t> rows{0, 0}, cols{0, 0};
  if (auto r = args.get("rowrange")) rows = parse_range(*r, args.option_pos("rowrange"));
  if (auto c = args.get("colrange")) cols = parse_range(*c, args.option_pos("colrange"));
  fileutil::check_clear(session, args.has("clear"));

  // --- Read (the data in memory stay untouched if this fails)
  Dataset loaded = io::read_delimited(file, opts);
  if (rows.first > 0 || rows.second > 0) {
    // Rows count lines of the file; with names, the data start on row varnames + 1.
    bool named = opts.header;
    if (opts.auto_header) {
      // The reader decided: generated names v1, v2, ... mean there was no header row.
      named = false;
      for (size_t k = 0; k < loaded.nvars(); ++k)
        if (loaded.col(k).name != fmt::format("v{}", k + 1)) named = true;
    }
    int64_t first_data_row = named ? opts.varnames_row + 1 : 1;
    std::vector<uint8_t> keep(loaded.nobs(), 1);
    for (size_t i = 0; i < loaded.nobs(); ++i) {
      int64_t line = first_data_row + static_cast<int64_t>(i);
      if ((rows.first > 0 && line < rows.first) || (rows.second > 0 && line > rows.second)) keep[i] = 0;
    }
    loaded.keep_rows(keep);
  }
  if (cols.first > 0 || cols.second > 0) {
    std::vector<std::string> drop;
    for (size_t k = 0; k < loaded.nvars(); ++k) {
      int64_t c = static_cast<int64_t>(k) + 1;
      if ((cols.first > 0 && c < cols.first) || (cols.second > 0 && c > cols.second))
        drop.push_back(loaded.col(k).name);
    }
    for (const auto& n : drop) loaded.drop_column(n);
  }
  if (upper)
    for (size_t k = 0; k < loaded.nvars(); ++k) {
      std::string n = loaded.col(k).name;
      std::string u = n;
      for (char& ch : u) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      if (u != n && loaded.find(u) < 0) loaded.rename(n, u);
    }

  // --- Post: replace the data in memory.
  session.data = std::move(loaded);
  session.data.changed = true;
  session.settings.erase("filename");
  if (!insheet && !args.has("encoding") && !args.has("charset"))
    session.console.println("(encoding automatically selected: " + detect_encoding(file) + ")");
  session.console.println(fmt::format("({} var{}, {} ob{})", inspect::commas(static_cast<double>(session.data.nvars())),
                                      session.data.nvars() == 1 ? "" : "s",
                                      inspect::commas(static_cast<double>(session.data.nobs())),
                                      session.data.nobs() == 1 ? "" : "s"));
}

void export_delimited(Session& session, const ast::Command& cmd, size_t skip, const std::string& name,
                      bool outsheet) {
  // --- Bind
  fileutil::SubCommand sub;
  const char* spec = outsheet
      ? "[anything] [if] [in] [using/] [, REPLACE Comma Delimiter(string) NONames NOLabel NOQuote]"
      : "[anything] [if] [in] [using/] [, REPLACE Delimiter(string) NOVARnames NOLabel Quote DATAfmt]";
  fileutil::bind_sub(session, cmd, skip, name, spec, sub);
  CallArgs& args = sub.args;
  const Dataset& data = session.data;
  std::string file;
  std::vector<std::string> vars;
  if (!args.using_file.empty()) {
    file = fileutil::unquote(args.using_file);
    if (!util::trim(args.anything).empty())
      vars = expand_names(data, args.anything, kVlDefault, sub.cmd.args.pos);
  } else {
    file = fileutil::unquote(args.anything);
  }
  if (file.empty()) throw XtdoError(198, "invalid file specification", cmd.rest.pos);
  file = fileutil::with_default_ext(file, outsheet ? ".out" : ".csv");
  if (data.nvars() == 0) throw XtdoError(111, "no variables defined");
  bool exists = fileutil::exists(file);
  if (exists && !args.has("replace")) throw XtdoError(602, fmt::format("file {} already exists", file));

  io::ExportOptions opts;
  opts.delimiter = outsheet ? '\t' : ',';
  if (args.has("comma")) opts.delimiter = ',';
  if (auto d = args.get("delimiter")) opts.delimiter = parse_delimiter(*d, args.option_pos("delimiter"));
  opts.header = !(args.has("novarnames") || args.has("nonames"));
  opts.nolabel = args.has("nolabel");
  // export delimited quotes strings only when needed unless `quote`; outsheet always
  // quotes unless `noquote`.
  opts.quote_strings = outsheet ? !args.has("noquote") : args.has("quote");

  // --- Sample
  std::vector<uint8_t> rows = args.sample(session, false);

  // --- Write (through a temporary file, renamed into place)
  io::write_delimited(data, file, vars, &rows, opts);
  if (exists == false && args.has("replace")) session.console.println("(file " + file + " not found)");
  session.console.println("file " + file + " saved");
}

/// `import`/`export` take a format word first; only `delimited` is built in.
void dispatch_format(Session& session, CallArgs& args, bool is_import) {
  size_t after = 0;
  std::string word = fileutil::first_word(args.cmd->rest.text, after);
  if (word.size() >= 5 && std::string("delimited").compare(0, word.size(), word) == 0) {
    if (is_import) import_delimited(session, *args.cmd, after, "import delimited", false);
    else export_delimited(session, *args.cmd, after, "export delimited", false);
    return;
  }
  if (word.empty()) throw XtdoError(198, "invalid syntax", args.cmd->rest.pos);
  throw XtdoError(199, fmt::format("{} {} is not supported; xtdo reads delimited text and .dta files",
                                   is_import ? "import" : "export", word),
                  args.cmd->rest.pos + static_cast<int>(args.cmd->rest.text.find(word)));
}

}  // namespace

XTDO_COMMAND(import, "import", 0, "*") { dispatch_format(session, args, true); }
XTDO_COMMAND(export, "export", 0, "*") { dispatch_format(session, args, false); }
XTDO_COMMAND(insheet, "insheet", 0, "*") { import_delimited(session, *args.cmd, 0, "insheet", true); }
XTDO_COMMAND(outsheet, "outsheet", 0, "*") { export_delimited(session, *args.cmd, 0, "outsheet", true); }

}  // namespace xtdo
