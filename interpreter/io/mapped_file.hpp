// A read-only memory map of a whole file, with a way to give pages back once read
// so that scanning a file much larger than the data it holds keeps a small footprint.
#pragma once

#include <cstddef>
#include <string>

namespace xtdo::io {

class MappedFile {
 public:
  /// Maps `path`; throws XtdoError 601 (not found) or 603 (cannot be opened/mapped).
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const char* data() const { return data_; }
  size_t size() const { return size_; }
  const char* end() const { return data_ + size_; }

  /// Drop the whole pages inside [from, to) from this process's resident set. The
  /// bytes stay readable (a later access faults them back in from the page cache), so
  /// calling this on a range another thread may still touch is safe, only slower.
  void release(const char* from, const char* to) const;

 private:
  const char* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace xtdo::io
