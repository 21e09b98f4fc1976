// nn/file_io.cpp — checked, atomic writes and bounded reads (see file_io.h for the rules).
#include "nn/file_io.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <new>
#include <utility>
#include <algorithm>

#include "nn/common.h"

namespace nn {

namespace fs = std::filesystem;

namespace {

constexpr size_t kWriteChunk = size_t{1} << 16;  // buffer size: few system calls, little memory
constexpr int kMaxSymlinks = 40;                 // as the kernel's own limit (ELOOP)

std::string reason(int err) { return std::strerror(err); }

// `path` with symlinks followed to the file they name (which may not exist yet), so a save
// replaces the link's target and keeps the link. A loop is reported as the kernel would.
std::string follow_symlinks(const std::string& path) {
  fs::path p = path;
  for (int i = 0; i < kMaxSymlinks; ++i) {
    struct stat st {};
    if (lstat(p.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return p.string();
    std::error_code ec;
    const fs::path to = fs::read_symlink(p, ec);
    if (ec) return p.string();
    p = to.is_absolute() ? to : p.parent_path() / to;
  }
  throw Error(path + ": cannot write: " + reason(ELOOP));
}

std::string folder_of(const std::string& target) {
  const fs::path parent = fs::path(target).parent_path();
  return parent.empty() ? "." : parent.string();
}

// A fresh name in the target's folder: hidden, and unique across threads and processes.
std::string temp_name(const std::string& target, unsigned attempt) {
  static std::atomic<unsigned> counter{0};
  const fs::path t = target;
  return (t.parent_path() / ("." + t.filename().string() + "." + std::to_string(getpid()) + "." +
                             std::to_string(counter++) + "." + std::to_string(attempt) + ".tmp"))
      .string();
}

// A file system that cannot sync a directory says EINVAL (or EROFS on some); the rename is
// then as durable as that file system makes it, which is not a reason to fail the save.
void sync_folder(const std::string& folder) {
  const int dfd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return;
  ::fsync(dfd);
  ::close(dfd);
}

}  // namespace

AtomicFile::AtomicFile(const std::string& path, Sync sync) : path_(path), sync_(sync) {
  if (path.empty()) throw Error("cannot write: empty file name");
  target_ = follow_symlinks(path);
  struct stat st {};
  const bool exists = ::stat(target_.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) throw Error(path + ": cannot write: " + reason(EISDIR));
  // The new file keeps the old one's permissions; a new file gets 0666 less the umask.
  const mode_t mode = exists ? (st.st_mode & 07777) : 0666;
  for (unsigned attempt = 0; fd_ < 0; ++attempt) {
    temp_ = temp_name(target_, attempt);
    fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd_ < 0 && (errno != EEXIST || attempt > 100)) {
      const int err = errno;
      temp_.clear();
      throw Error(path + ": cannot write: " + reason(err));
    }
  }
  if (exists) (void)::fchmod(fd_, mode);  // open() applied the umask; keep the old mode exactly
  buffer_.reserve(kWriteChunk);
}

AtomicFile::~AtomicFile() { discard(); }

void AtomicFile::discard() noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_.empty()) ::unlink(temp_.c_str());
  temp_.clear();
  prepared_ = false;
}

void AtomicFile::fail(int err) {
  discard();
  throw Error(path_ + ": cannot write: " + reason(err));
}

void AtomicFile::write(std::string_view bytes) {
  if (fd_ < 0) throw Error(path_ + ": cannot write: the file was already closed");
  if (buffer_.size() + bytes.size() > kWriteChunk) flush();
  if (bytes.size() >= kWriteChunk) {
    buffer_.assign(bytes);
    flush();
  } else {
    buffer_.append(bytes);
  }
}

void AtomicFile::flush() {
  const char* p = buffer_.data();
  size_t left = buffer_.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail(n < 0 ? errno : ENOSPC);  // 0 bytes written: the device took nothing
    p += n;
    left -= static_cast<size_t>(n);
  }
  buffer_.clear();
}

void AtomicFile::prepare() {
  if (prepared_) return;
  if (fd_ < 0) throw Error(path_ + ": cannot write: the file was already closed");
  flush();
  if (sync_ == Sync::durable && ::fsync(fd_) != 0) fail(errno);
  const int fd = std::exchange(fd_, -1);
  if (::close(fd) != 0) fail(errno);
  std::string().swap(buffer_);  // a prepared file waiting for its commit holds no memory
  prepared_ = true;
}

void AtomicFile::commit() {
  prepare();
  if (::rename(temp_.c_str(), target_.c_str()) != 0) fail(errno);
  temp_.clear();
  prepared_ = false;
  if (sync_ == Sync::durable) sync_folder(folder_of(target_));
}

void write_file(const std::string& path, std::string_view bytes, Sync sync) {
  AtomicFile f(path, sync);
  f.write(bytes);
  f.commit();
}

void check_writable(const std::string& path) {
  AtomicFile probe(path);  // creates (and, on destruction, removes) a file in the folder
}

// ---- reading ----------------------------------------------------------------------------------

namespace {

std::string megabytes(size_t bytes) {
  return std::to_string((bytes + (size_t{1} << 20) - 1) >> 20) + " MB";
}

// Opens `path` for reading if it is a regular file no larger than max_bytes. O_NONBLOCK: opening
// a FIFO with no writer would otherwise block before fstat could refuse it.
int open_bounded(const std::string& path, size_t max_bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) throw Error(path + ": cannot open: " + reason(errno));
  struct stat st {};
  std::string problem;
  if (::fstat(fd, &st) != 0)
    problem = "cannot open: " + reason(errno);
  else if (S_ISDIR(st.st_mode))
    problem = "is a folder, not a file";
  else if (!S_ISREG(st.st_mode))
    problem = "not a regular file (a device, pipe or socket cannot be read)";
  else if (static_cast<unsigned long long>(st.st_size) > max_bytes)
    problem = "file too large (" + megabytes(static_cast<size_t>(st.st_size)) + "; the limit is " +
              megabytes(max_bytes) + ")";
  if (!problem.empty()) {
    ::close(fd);
    throw Error(path + ": " + problem);
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

// read() that retries on EINTR; throws on an error.
size_t read_some(int fd, char* p, size_t n, const std::string& path) {
  for (;;) {
    const ssize_t got = ::read(fd, p, n);
    if (got >= 0) return static_cast<size_t>(got);
    if (errno != EINTR) throw Error(path + ": cannot read: " + reason(errno));
  }
}

struct Fd {
  int fd;
  ~Fd() { ::close(fd); }
};

}  // namespace

std::string read_file(const std::string& path, size_t max_bytes) {
  Fd f{open_bounded(path, max_bytes)};
  std::string text;
  try {
    struct stat st {};
    ::fstat(f.fd, &st);
    // One byte over the size: a file that grows while it is read is noticed, never past the limit.
    text.resize(std::min(static_cast<size_t>(st.st_size), max_bytes) + 1);
    size_t have = 0;
    for (;;) {
      if (have == text.size()) {
        if (have > max_bytes) break;
        text.resize(std::min(max_bytes + 1, have * 2));
      }
      const size_t got = read_some(f.fd, text.data() + have, text.size() - have, path);
      if (got == 0) break;
      have += got;
    }
    if (have > max_bytes)
      throw Error(path + ": file too large (the limit is " + megabytes(max_bytes) + ")");
    text.resize(have);
  } catch (const std::bad_alloc&) {
    throw Error(path + ": out of memory while reading the file");
  }
  return text;
}

MappedFile::MappedFile(const std::string& path, size_t max_bytes) {
  Fd f{open_bounded(path, max_bytes)};
  struct stat st {};
  ::fstat(f.fd, &st);
  size_ = static_cast<size_t>(st.st_size);
  if (size_ == 0) return;  // mmap refuses length 0; an empty view
  data_ = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, f.fd, 0);
  if (data_ == MAP_FAILED) {
    data_ = nullptr;
    size_ = 0;
    throw Error(path + ": cannot map the file: " + reason(errno));
  }
}

MappedFile::~MappedFile() {
  if (data_) ::munmap(data_, size_);
}

LineReader::LineReader(const std::string& path, size_t max_bytes)
    : path_(path), fd_(open_bounded(path, max_bytes)) {}

LineReader::~LineReader() { ::close(fd_); }

bool LineReader::fill() {
  if (eof_) return false;
  if (pos_ > 0) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  const size_t old = buf_.size();
  buf_.resize(old + kWriteChunk);
  const size_t got = read_some(fd_, buf_.data() + old, kWriteChunk, path_);
  buf_.resize(old + got);
  eof_ = got == 0;
  return got > 0;
}

LineReader::Got LineReader::next(std::string& line, size_t max_line) {
  for (;;) {
    const size_t nl = buf_.find('\n', pos_);
    const size_t len = (nl == std::string::npos ? buf_.size() : nl) - pos_;
    if (len > max_line) {
      line.assign(buf_, pos_, max_line);
      return Got::too_long;
    }
    if (nl != std::string::npos) {
      line.assign(buf_, pos_, len);
      pos_ = nl + 1;
      return Got::line;
    }
    if (!fill()) {
      if (pos_ >= buf_.size()) return Got::end;
      line.assign(buf_, pos_, buf_.size() - pos_);  // a last line without '\n'
      pos_ = buf_.size();
      return Got::line;
    }
  }
}

}  // namespace nn
