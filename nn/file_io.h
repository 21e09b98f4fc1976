// nn/file_io.h — the one way Descent reads and writes files.
//
// Writing: every file (experiments, CSVs, history, PNGs, settings) is written whole or not at
// all. AtomicFile writes a temporary file in the target's folder, checks every write, fsyncs it,
// renames it over the target and fsyncs the folder; on any failure the temporary is removed and
// the old file is left as it was. A symlink is written through (its target is replaced, the link
// stays). Errors are nn::Error "PATH: cannot write: REASON" with the system's reason.
//
// Reading: regular files only (a device, FIFO or /dev/stdin would hang or never end), with the
// size checked against a limit (nn/limits.h) before a byte is read.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace nn {

// Whether commit() fsyncs. Durable: for every file a user keeps. Fast: only for files rewritten
// many times a second that nobody needs after a crash (the app's test-hook state file), where
// an fsync per frame would stall the UI; they are still whole or not at all.
enum class Sync : bool { durable, fast };

class AtomicFile {
 public:
  // Opens the temporary file next to `path` (after following symlinks). Throws nn::Error.
  explicit AtomicFile(const std::string& path, Sync sync = Sync::durable);
  ~AtomicFile();  // not committed: the temporary is removed, the target untouched
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view bytes);  // buffered; throws nn::Error on a failed write
  // The first half of commit(): flush, fsync and close the temporary (no descriptor or buffer
  // is held after it), without the rename. For a set of files made visible together: a PNG
  // sequence prepares each frame's file as the frame comes and commits them all at the end;
  // dropped before commit(), the temporary is removed as ever. Throws nn::Error.
  void prepare();
  void commit();                       // prepare() if not yet, rename, fsync the folder; throws nn::Error
  const std::string& path() const { return path_; }

 private:
  void flush();
  [[noreturn]] void fail(int err);
  void discard() noexcept;

  std::string path_;    // as given (for messages)
  std::string target_;  // after following symlinks
  std::string temp_;
  std::string buffer_;
  int fd_ = -1;
  bool prepared_ = false;  // written, synced and closed: commit() only renames
  Sync sync_ = Sync::durable;
};

// The whole of `bytes` as the file `path` (AtomicFile). Throws nn::Error.
void write_file(const std::string& path, std::string_view bytes, Sync sync = Sync::durable);

// Throws nn::Error now if `path` could not be written later: an empty name, a directory, a
// folder that does not exist or does not take new files. For checking output paths before a
// long run, so a typo does not cost the run.
void check_writable(const std::string& path);

// The contents of the regular file `path`, at most `max_bytes` long (checked before reading).
// Throws nn::Error "PATH: what" (cannot open: reason / is a directory / not a regular file /
// too large / out of memory).
std::string read_file(const std::string& path, size_t max_bytes);

// A regular file mapped read-only, opened with the same checks as read_file: its bytes without
// reading or copying them (pages come from the page cache as they are touched: a 5 MB font of
// which a few glyphs are used costs a few pages). Throws nn::Error as read_file does.
class MappedFile {
 public:
  MappedFile(const std::string& path, size_t max_bytes);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::string_view bytes() const { return {static_cast<const char*>(data_), size_}; }

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
};

// A regular file read line by line (a CSV), opened with the same checks as read_file.
class LineReader {
 public:
  LineReader(const std::string& path, size_t max_bytes);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  enum class Got { line, too_long, end };
  // The next line without its '\n'. too_long: the line has more than `max_line` bytes (`line`
  // then holds its first max_line bytes and the reader is at an undefined place).
  Got next(std::string& line, size_t max_line);

 private:
  bool fill();
  std::string path_;
  std::string buf_;
  size_t pos_ = 0;
  int fd_ = -1;
  bool eof_ = false;
};

}  // namespace nn
