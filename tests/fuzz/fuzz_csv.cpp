// fuzz_csv — the CSV loader, both ways in: parse_csv (text in memory) and read_csv (streamed
// from a file) must agree; a data set that loads writes a CSV that loads back equal.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>

#include "fuzz_common.h"
#include "nn/common.h"
#include "nn/data.h"

namespace {

// The result of loading: the data, or the error with the file name taken out.
struct Loaded {
  nn::CsvData csv;
  std::string error;
};

template <typename F>
Loaded load(const std::string& name, F f) {
  Loaded l;
  try {
    l.csv = f();
  } catch (const nn::Error& err) {
    fuzz::check_message(err.what());
    l.error = err.what();
    if (l.error.starts_with(name)) l.error.erase(0, name.size());
  }
  return l;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* const kHints[] = {"auto", "classification", "regression"};
  const char* hint = kHints[data[0] % 3];
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);

  const Loaded mem = load("fuzz.csv", [&] { return nn::parse_csv(text, "fuzz.csv", hint); });
  static const fuzz::Scratch scratch("in.csv");
  const std::string& path = scratch.path;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  const Loaded file = load(path, [&] { return nn::read_csv(path, hint); });
  // Long messages are cut in the middle, where the two names differ in length: compare the start.
  if (mem.error.substr(0, 60) != file.error.substr(0, 60)) fuzz::fail("parse_csv and read_csv disagree", mem.error + " | " + file.error);
  if (!mem.error.empty()) return 0;
  if (!(mem.csv.data == file.csv.data) || mem.csv.has_split != file.csv.has_split)
    fuzz::fail("parse_csv and read_csv read different data", text);

  const std::string written = nn::to_csv(mem.csv.data);
  try {
    const nn::CsvData again = nn::parse_csv(written, "written.csv", hint);
    if (!(again.data == mem.csv.data)) fuzz::fail("CSV round trip changed the data", written);
  } catch (const nn::Error& err) {
    fuzz::fail("a loaded data set wrote a CSV that does not load", err.what());
  }
  return 0;
}
