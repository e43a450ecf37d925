// Saving safely: output goes to a temporary file beside the target, which replaces the
// target only once complete, so a failed save never leaves half a file behind.
#pragma once

#include <cstddef>
#include <string>

namespace xtdo::io {

class TempFile {
 public:
  /// Creates `path.tmpXXXXXX` in the target's directory; throws XtdoError 603.
  explicit TempFile(const std::string& path);
  /// Removes the temporary file unless commit() succeeded.
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  /// Write all bytes; throws XtdoError 603 on failure.
  void write(const char* data, size_t size);
  /// Same, but returns false instead of throwing (for C callbacks).
  bool try_write(const char* data, size_t size) noexcept;
  /// Close and rename over the target; throws XtdoError 603.
  void commit();

 private:
  std::string path_;
  std::string temp_;
  int fd_ = -1;
  bool committed_ = false;
};

}  // namespace xtdo::io
