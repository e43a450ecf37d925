// Reading and writing datasets: delimited text (a fast parallel parser on
// fast_float over a memory-mapped file) and Stata .dta (through ReadStat).
#pragma once

#include <string>
#include <vector>

#include "xtdo/store.hpp"

namespace xtdo::io {

struct DelimitedOptions {
  char delimiter = 0;          ///< 0 = auto (',' for .csv, tab for .tsv/.txt if tabs found)
  bool header = true;          ///< varnames(1) (default when the first row looks like names);
                               ///< varnames(nonames) sets false → v1, v2, ...
  int varnames_row = 1;        ///< varnames(#): header on row #
  bool auto_header = true;     ///< decide header presence like Stata when not told
  bool as_double = false;      ///< asdouble: non-integer columns stored as double
                               ///< (default float, as Stata's `set type float`)
  bool case_preserve = false;  ///< case(preserve); default lower-cases names like Stata
  int threads = 0;             ///< 0 = hardware concurrency
};

/// Read a delimited file into a fresh dataset. Header names are turned into valid
/// Stata names (lower-cased, invalid characters → '_', duplicates v#). Type inference:
/// a column is numeric when every non-empty field parses as a number (empty and "NA"
/// and "." = missing), else string. Integer columns get byte/int/long. Throws
/// XtdoError 601 (file not found), 198 (malformed: e.g. unterminated quote, with the
/// line number in the message).
Dataset read_delimited(const std::string& path, const DelimitedOptions& opts);

struct ExportOptions {
  char delimiter = ',';
  bool header = true;     ///< novarnames turns off
  bool quote_strings = true;
  bool nolabel = false;   ///< write values, not value labels
};
/// Write (through a temp file then rename). Numbers with up to 17 significant
/// digits as needed ("%.17g" shortest round-trip), missing = empty.
void write_delimited(const Dataset& data, const std::string& path,
                     const std::vector<std::string>& vars, const std::vector<uint8_t>* rows,
                     const ExportOptions& opts);

/// Read a Stata .dta file (versions 104–119 via ReadStat): variables, types, formats,
/// variable labels, value labels, missing values (`.a`.. kept).
/// Throws 601 not found, 610 not Stata format.
Dataset read_dta(const std::string& path);
/// Write a .dta (format 118) through a temp file + rename. Throws 603 on I/O failure.
void write_dta(const Dataset& data, const std::string& path);

}  // namespace xtdo::io
