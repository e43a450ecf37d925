// Temporary output files renamed into place (POSIX mkstemp + rename).
#include "temp_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <vector>

#include "xtdo/error.hpp"

namespace xtdo::io {

TempFile::TempFile(const std::string& path) : path_(path) {
  std::vector<char> name(path.begin(), path.end());
  const char suffix[] = ".tmpXXXXXX";
  name.insert(name.end(), suffix, suffix + sizeof(suffix));  // with the terminating NUL
  fd_ = ::mkstemp(name.data());
  if (fd_ < 0) throw XtdoError(603, fmt::format("file {} could not be opened", path));
  temp_ = name.data();
  // mkstemp creates 0600; a saved dataset should get the usual permissions.
  ::fchmod(fd_, 0644);
}

TempFile::~TempFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

bool TempFile::try_write(const char* data, size_t size) noexcept {
  while (size > 0) {
    ssize_t n = ::write(fd_, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

void TempFile::write(const char* data, size_t size) {
  if (!try_write(data, size))
    throw XtdoError(603, fmt::format("file {} could not be written", path_));
}

void TempFile::commit() {
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) throw XtdoError(603, fmt::format("file {} could not be written", path_));
  if (::rename(temp_.c_str(), path_.c_str()) != 0)
    throw XtdoError(603, fmt::format("file {} could not be written", path_));
  committed_ = true;
}

}  // namespace xtdo::io
