// nn/data.h — data sets: generators, train/test split, CSV import and export.
//
// A Dataset is plain points in the input plane (x1, x2) — or on a line (x1) for 1-D sets —
// with a label. Labels are stored canonically: the class index 0..K−1 for classification
// (binary: 1 = the positive/orange class, 0 = the negative/blue one), the value for
// regression. The Session maps them to the output activation's range (±1 for tanh, 0/1 for
// sigmoid, one-hot for softmax).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nn {

enum class Task : uint8_t { classification, regression };

struct Point {
  double x1 = 0.0;
  double x2 = 0.0;  // 0 for 1-D data sets
  double y = 0.0;   // class index (classification) or value (regression)
  bool test = false;
  bool operator==(const Point&) const = default;
};

struct Dataset {
  Task task = Task::classification;
  int classes = 2;  // K for classification (2 = binary); 0 for regression
  int dims = 2;     // 1 or 2 input coordinates
  std::vector<Point> points;

  bool operator==(const Dataset&) const = default;
  int train_count() const;
  int test_count() const;
};

// One row per generator. `generate` makes n points (not yet split: all train).
// `noise` is in [0, 1] (Playground's slider 0..50 % is 0..0.5); `classes` is read only by
// generators with a variable class count (blobs).
struct GeneratorRow {
  const char* name;
  const char* description;
  Task task;
  int dims;
  Dataset (*generate)(int n, double noise, uint64_t seed, int classes);
};
const std::vector<GeneratorRow>& generators();
const GeneratorRow* find_generator(std::string_view name);

// Marks round(n · train_ratio) points as train, the rest test, choosing which by a shuffle
// seeded with `seed` (Playground: shuffle, then split). Deterministic.
void split(Dataset& d, double train_ratio, uint64_t seed);

// CSV: header `x1,x2,y[,split]` (1-D: `x1,y[,split]`), split is `train` / `test`.
// Binary labels may be 0/1 or −1/+1; multi-class labels 0..K−1; anything else (or
// task = regression) is regression. `task_hint` is "auto", "classification" or "regression".
// Throws nn::Error naming the file, line and problem. Rows keep file order. When the file has
// no split column, `has_split` is false and the caller splits by ratio.
struct CsvData {
  Dataset data;
  bool has_split = false;
};
CsvData read_csv(const std::string& path, std::string_view task_hint = "auto");
CsvData parse_csv(std::string_view text, const std::string& name_for_errors,
                  std::string_view task_hint = "auto");
std::string to_csv(const Dataset& d);  // with the split column, 17 significant digits
void write_csv(const std::string& path, const Dataset& d);

}  // namespace nn
