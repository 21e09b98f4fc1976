// nn/limits.h — the input limits, one named constant each, with the reason for its value.
//
// Every file Descent reads is checked against these before (or while) it is read, so a
// classroom machine (4 GB, a few hundred MB free) never runs out of memory or hangs on a
// hostile or mistaken file; README.md's "Limits" section lists them.
#pragma once

#include <cstddef>

namespace nn::limits {

// Experiment files. The largest legal experiment is 100,000 painted points plus 16 layers of
// 256×256 weights (about 1 M numbers at ~25 bytes in 17-digit JSON): about 30 MB.
inline constexpr size_t kExperimentFileBytes = size_t{64} << 20;
// JSON nesting: the deepest legal path is weights.W[layer][row][col] (depth 5); 32 leaves room
// for any hand edit and stops a "[[[[..." file from building a deep tree.
inline constexpr int kJsonDepth = 32;
// A title, notes or any other string value: longer text is a pasted file, not a note.
inline constexpr size_t kStringBytes = size_t{64} << 10;

// CSV data files. Rows match the largest generated data set (data.n ≤ 100,000): a full-batch
// step over 100,000 rows of a 16×256 net needs ~1.6 GB of activations; 10× that does not fit.
inline constexpr size_t kCsvRows = 100000;
// A CSV row has at most 4 columns (x1,x2,y,split); splitting stops after one more.
inline constexpr size_t kCsvColumns = 4;
// One line: 4 fields of up to kCsvFieldBytes plus separators and spaces.
inline constexpr size_t kCsvLineBytes = 1024;
// One field: a 17-digit number with sign and exponent is 24 characters; spreadsheets may
// write a few more digits. 64 takes any real number text.
inline constexpr size_t kCsvFieldBytes = 64;
// The whole file: 100,000 lines of 1 KB at most would be 100 MB, but real rows are < 100 bytes;
// 64 MB takes every file the row limit allows with room for comments and padding.
inline constexpr size_t kCsvFileBytes = size_t{64} << 20;

// settings.json holds two values; anything over 64 KB is not a settings file.
inline constexpr size_t kSettingsFileBytes = size_t{64} << 10;

// Numbers that enter the float network. Features square and multiply coordinates (x1², x1·x2),
// so a data value must stay far below sqrt(FLT_MAX) ≈ 1.8e19; 1e9 keeps x² at 1e18 and still
// takes any measurement in sensible units. Weights must be finite in float (|w| ≤ FLT_MAX).
inline constexpr double kDataValue = 1e9;

// Epochs of one run (JSON training.epochs and --epochs alike): 1e8 epochs is days of training
// at the fastest rate and a history the plots can still thin out; more is a typo.
inline constexpr long kEpochs = 100000000;

// Messages: one line of at most this many bytes; a value quoted in one is cut to kQuotedBytes.
// Long enough for a path and a JSON path, short enough for the GUI's status bar.
inline constexpr size_t kMessageBytes = 400;
inline constexpr size_t kQuotedBytes = 40;

}  // namespace nn::limits
