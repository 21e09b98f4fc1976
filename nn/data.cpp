// nn/data.cpp — data sets: the generators, the train/test split, CSV import and export.
//
// The six TensorFlow Playground generators follow Playground's src/dataset.ts formula for
// formula and draw for draw (same order of random draws), with nn::Rng in place of
// Math.random: randUniform(a, b) → Rng::uniform(a, b), normalRandom → Rng::normal. Labels are
// stored canonically (Playground's +1 → class 1, −1 → class 0).
#include "nn/data.h"

#include <algorithm>
#include <charconv>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <numeric>
#include <sstream>

#include "nn/common.h"
#include "nn/file_io.h"
#include "nn/limits.h"

namespace nn {

int Dataset::train_count() const {
  return static_cast<int>(std::count_if(points.begin(), points.end(), [](const Point& p) { return !p.test; }));
}
int Dataset::test_count() const { return static_cast<int>(points.size()) - train_count(); }

namespace {

constexpr double kPi = 3.14159265358979323846;

Dataset make(Task task, int classes, int dims, int n) {
  Dataset d;
  d.task = task;
  d.classes = task == Task::regression ? 0 : classes;
  d.dims = dims;
  d.points.reserve(static_cast<size_t>(std::max(n, 0)));
  return d;
}

// Size of generation group g of k when n points are shared out: every group gets n/k and
// the last n%k groups one more, so for two groups the second one gets the odd point.
// (Playground loops `i < n / 2` in floating point and so makes n+1 points for odd n.)
int group_size(int n, int k, int g) { return n / k + (g >= k - n % k ? 1 : 0); }

double dist(double x, double y) { return std::sqrt(x * x + y * y); }

// ---- TensorFlow Playground ---------------------------------------------------------------

Dataset gen_circle(int n, double noise, uint64_t seed, int) {
  Dataset d = make(Task::classification, 2, 2, n);
  Rng rng(seed);
  constexpr double radius = 5.0;
  // The stored point is the clean one; only its label is computed from the noisy one, so
  // noise shows up as wrongly coloured points near the boundary.
  auto gen = [&](int count, double r_lo, double r_hi) {
    for (int i = 0; i < count; ++i) {
      const double r = rng.uniform(r_lo, r_hi);
      const double angle = rng.uniform(0.0, 2.0 * kPi);
      const double x = r * std::sin(angle);
      const double y = r * std::cos(angle);
      const double nx = rng.uniform(-radius, radius) * noise;
      const double ny = rng.uniform(-radius, radius) * noise;
      const double label = dist(x + nx, y + ny) < radius * 0.5 ? 1.0 : 0.0;
      d.points.push_back({x, y, label});
    }
  };
  gen(group_size(n, 2, 0), 0.0, radius * 0.5);     // inside: class 1
  gen(group_size(n, 2, 1), radius * 0.7, radius);  // ring: class 0
  return d;
}

Dataset gen_xor(int n, double noise, uint64_t seed, int) {
  Dataset d = make(Task::classification, 2, 2, n);
  Rng rng(seed);
  constexpr double padding = 0.3;  // keeps points off the axes, where the label flips
  for (int i = 0; i < n; ++i) {
    double x = rng.uniform(-5.0, 5.0);
    x += x > 0 ? padding : -padding;
    double y = rng.uniform(-5.0, 5.0);
    y += y > 0 ? padding : -padding;
    const double nx = rng.uniform(-5.0, 5.0) * noise;
    const double ny = rng.uniform(-5.0, 5.0) * noise;
    d.points.push_back({x, y, (x + nx) * (y + ny) >= 0 ? 1.0 : 0.0});
  }
  return d;
}

Dataset gen_gauss(int n, double noise, uint64_t seed, int) {
  Dataset d = make(Task::classification, 2, 2, n);
  Rng rng(seed);
  // d3.scale.linear().domain([0, .5]).range([0.5, 4]), unclamped.
  const double variance = 0.5 + noise / 0.5 * 3.5;
  const double sd = std::sqrt(variance);
  auto gen = [&](int count, double c, double label) {
    for (int i = 0; i < count; ++i) {
      const double x = c + sd * rng.normal();
      const double y = c + sd * rng.normal();
      d.points.push_back({x, y, label});
    }
  };
  gen(group_size(n, 2, 0), 2.0, 1.0);
  gen(group_size(n, 2, 1), -2.0, 0.0);
  return d;
}

// One spiral arm of `count` points: radius grows linearly to 5 over 1.75 turns.
void spiral_arm(Dataset& d, Rng& rng, int count, double delta_t, double noise, double label) {
  for (int i = 0; i < count; ++i) {
    const double f = static_cast<double>(i) / count;
    const double r = f * 5.0;
    const double t = 1.75 * f * 2.0 * kPi + delta_t;
    const double x = r * std::sin(t) + rng.uniform(-1.0, 1.0) * noise;
    const double y = r * std::cos(t) + rng.uniform(-1.0, 1.0) * noise;
    d.points.push_back({x, y, label});
  }
}

Dataset gen_spiral(int n, double noise, uint64_t seed, int) {
  Dataset d = make(Task::classification, 2, 2, n);
  Rng rng(seed);
  spiral_arm(d, rng, group_size(n, 2, 0), 0.0, noise, 1.0);
  spiral_arm(d, rng, group_size(n, 2, 1), kPi, noise, 0.0);
  return d;
}

// Regression generators: the point is clean, the label is taken at a noisy position.
template <typename Label>
Dataset regress_2d(int n, double noise, uint64_t seed, Label label) {
  Dataset d = make(Task::regression, 0, 2, n);
  Rng rng(seed);
  constexpr double radius = 6.0;
  for (int i = 0; i < n; ++i) {
    const double x = rng.uniform(-radius, radius);
    const double y = rng.uniform(-radius, radius);
    const double nx = rng.uniform(-radius, radius) * noise;
    const double ny = rng.uniform(-radius, radius) * noise;
    d.points.push_back({x, y, label(x + nx, y + ny)});
  }
  return d;
}

Dataset gen_reg_plane(int n, double noise, uint64_t seed, int) {
  // d3 linear scale [-10, 10] → [-1, 1] of x + y.
  return regress_2d(n, noise, seed, [](double x, double y) { return (x + y) / 10.0; });
}

Dataset gen_reg_gauss(int n, double noise, uint64_t seed, int) {
  struct G {
    double cx, cy, sign;
  };
  static constexpr G gaussians[] = {{-4, 2.5, 1},  {0, 2.5, -1},  {4, 2.5, 1},
                                    {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}};
  return regress_2d(n, noise, seed, [](double x, double y) {
    // Each bump is 1 at its centre falling linearly to 0 at distance 2; the label is the
    // signed bump with the largest magnitude (the first one on ties, as in Playground).
    double label = 0.0;
    for (const auto& g : gaussians) {
      const double v = g.sign * std::clamp(1.0 - dist(x - g.cx, y - g.cy) / 2.0, 0.0, 1.0);
      if (std::abs(v) > std::abs(label)) label = v;
    }
    return label;
  });
}

// ---- Ours --------------------------------------------------------------------------------

// Two interleaving half circles, scikit-learn's make_moons shape with random angles:
// class 1 (upper) = (cos t, sin t), class 0 (lower) = (1 − cos t, 0.5 − sin t), t ~ U(0, π),
// plus N(0, (0.5·noise)²) per coordinate, then centred (−(0.5, 0.25)) and scaled by 3 so the
// moons span about [−4.5, 4.5] × [−2.25, 2.25].
Dataset gen_moons(int n, double noise, uint64_t seed, int) {
  Dataset d = make(Task::classification, 2, 2, n);
  Rng rng(seed);
  const double sd = 0.5 * noise;
  auto gen = [&](int count, bool upper) {
    for (int i = 0; i < count; ++i) {
      const double t = rng.uniform(0.0, kPi);
      double x = upper ? std::cos(t) : 1.0 - std::cos(t);
      double y = upper ? std::sin(t) : 0.5 - std::sin(t);
      x += sd * rng.normal();
      y += sd * rng.normal();
      d.points.push_back({3.0 * (x - 0.5), 3.0 * (y - 0.25), upper ? 1.0 : 0.0});
    }
  };
  gen(group_size(n, 2, 0), true);
  gen(group_size(n, 2, 1), false);
  return d;
}

// A 4×4 board of 3×3 cells over [−6, 6]²: class 1 where floor(x/3) + floor(y/3) is even.
// As in Playground the point is clean and the label is read at (x, y) + U(−3, 3)²·noise, so
// noise blurs the cell edges (by up to half a cell at noise 0.5).
Dataset gen_checkerboard(int n, double noise, uint64_t seed, int) {
  Dataset d = make(Task::classification, 2, 2, n);
  Rng rng(seed);
  for (int i = 0; i < n; ++i) {
    const double x = rng.uniform(-6.0, 6.0);
    const double y = rng.uniform(-6.0, 6.0);
    const double nx = rng.uniform(-3.0, 3.0) * noise;
    const double ny = rng.uniform(-3.0, 3.0) * noise;
    const auto cells = static_cast<long>(std::floor((x + nx) / 3.0) + std::floor((y + ny) / 3.0));
    d.points.push_back({x, y, cells % 2 == 0 ? 1.0 : 0.0});
  }
  return d;
}

// Three arms of Playground's spiral (same radius, turns and noise), rotated by 2π/3 apart;
// arm k is class k.
Dataset gen_spiral3(int n, double noise, uint64_t seed, int) {
  Dataset d = make(Task::classification, 3, 2, n);
  Rng rng(seed);
  for (int k = 0; k < 3; ++k)
    spiral_arm(d, rng, group_size(n, 3, k), k * 2.0 * kPi / 3.0, noise, static_cast<double>(k));
  return d;
}

// K round gaussian classes, centre k at 4·(cos 2πk/K, sin 2πk/K), standard deviation
// 0.3 + 2·noise (0.3 .. 1.3 over Playground's 0..50 % noise range).
Dataset gen_blobs(int n, double noise, uint64_t seed, int classes) {
  if (classes < 2 || classes > kMaxClasses)
    throw Error("blobs: classes must be 2.." + std::to_string(kMaxClasses) + ", got " +
                std::to_string(classes));
  Dataset d = make(Task::classification, classes, 2, n);
  Rng rng(seed);
  const double sd = 0.3 + 2.0 * noise;
  for (int k = 0; k < classes; ++k) {
    const double a = 2.0 * kPi * k / classes;
    const double cx = 4.0 * std::cos(a), cy = 4.0 * std::sin(a);
    for (int i = 0, count = group_size(n, classes, k); i < count; ++i) {
      const double x = cx + sd * rng.normal();
      const double y = cy + sd * rng.normal();
      d.points.push_back({x, y, static_cast<double>(k)});
    }
  }
  return d;
}

// 1-D regression y = f(x) + σ·N(0, 1) with x ~ U(lo, hi); x2 stays 0.
template <typename F>
Dataset regress_1d(int n, double lo, double hi, double sd, uint64_t seed, F f) {
  Dataset d = make(Task::regression, 0, 1, n);
  Rng rng(seed);
  for (int i = 0; i < n; ++i) {
    const double x = rng.uniform(lo, hi);
    d.points.push_back({x, 0.0, f(x) + sd * rng.normal()});
  }
  return d;
}

// y = 2x + 4·noise·N(0, 1), x ~ U(−5, 5): the seed example. σ is 2 at noise 0.5, a tenth of
// the label range.
Dataset gen_linear1d(int n, double noise, uint64_t seed, int) {
  return regress_1d(n, -5.0, 5.0, 4.0 * noise, seed, [](double x) { return 2.0 * x; });
}

// y = sin(x) + 0.5·noise·N(0, 1), x ~ U(−6, 6) (about two periods).
Dataset gen_sine1d(int n, double noise, uint64_t seed, int) {
  return regress_1d(n, -6.0, 6.0, 0.5 * noise, seed, [](double x) { return std::sin(x); });
}

}  // namespace

const std::vector<GeneratorRow>& generators() {
  static const std::vector<GeneratorRow> rows{
      {"circle", "A disc of one class inside a ring of the other (Playground)", Task::classification, 2, gen_circle},
      {"xor", "Four quadrants, class = sign of x1*x2 (Playground)", Task::classification, 2, gen_xor},
      {"gauss", "Two gaussian clouds at (2, 2) and (-2, -2) (Playground)", Task::classification, 2, gen_gauss},
      {"spiral", "Two interleaved spirals (Playground)", Task::classification, 2, gen_spiral},
      {"reg-plane", "Regression: a tilted plane, y = (x1 + x2) / 10 (Playground)", Task::regression, 2, gen_reg_plane},
      {"reg-gauss", "Regression: six signed bumps (Playground)", Task::regression, 2, gen_reg_gauss},
      {"moons", "Two interleaving half circles", Task::classification, 2, gen_moons},
      {"checkerboard", "A 4x4 checkerboard", Task::classification, 2, gen_checkerboard},
      {"spiral3", "Three interleaved spirals, three classes", Task::classification, 2, gen_spiral3},
      {"blobs", "K gaussian clouds on a circle (K = classes)", Task::classification, 2, gen_blobs},
      {"linear1d", "Regression on a line: y = 2x + noise", Task::regression, 1, gen_linear1d},
      {"sine1d", "Regression on a line: y = sin(x) + noise", Task::regression, 1, gen_sine1d},
  };
  return rows;
}

const GeneratorRow* find_generator(std::string_view name) {
  for (const auto& r : generators())
    if (name == r.name) return &r;
  return nullptr;
}

void split(Dataset& d, double train_ratio, uint64_t seed) {
  const int n = static_cast<int>(d.points.size());
  const double ratio = std::clamp(std::isfinite(train_ratio) ? train_ratio : 0.0, 0.0, 1.0);
  const auto n_train = static_cast<int>(std::lround(n * ratio));
  std::vector<int> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  Rng rng(seed);
  rng.shuffle(order.begin(), order.end());
  for (int i = 0; i < n; ++i) d.points[static_cast<size_t>(order[static_cast<size_t>(i)])].test = i >= n_train;
}

// ---- CSV ---------------------------------------------------------------------------------
//
// Numbers go through std::from_chars / std::to_chars: exact (correctly rounded both ways, so
// 17 significant digits round-trip bit for bit) and independent of the C locale, which a GUI
// toolkit may have set to one with a decimal comma.

namespace {

std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Splits at commas, at most kCsvColumns + 1 fields: one more than any valid row is enough to say
// the count is wrong, and a 1e6-comma line does not become a 1e6-entry vector.
std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> out;
  for (;;) {
    const auto comma = line.find(',');
    out.push_back(trim(line.substr(0, comma)));
    if (comma == std::string_view::npos || out.size() > limits::kCsvColumns) return out;
    line.remove_prefix(comma + 1);
  }
}

// A field quoted in a message: short and printable (a message never echoes file contents at length).
std::string shown(std::string_view field) { return "\"" + abbreviate(field, 20) + "\""; }

struct Row {
  int line;
  std::string label_text;  // for error messages about the label (already abbreviated)
};

// The CSV grammar, fed one line at a time so a file is streamed, never held whole.
class CsvParser {
 public:
  CsvParser(const std::string& name, std::string_view task_hint) : name_(name), hint_(task_hint) {
    if (hint_ != "auto" && hint_ != "classification" && hint_ != "regression")
      throw Error(name + ": unknown task \"" + abbreviate(hint_) +
                  "\" (expected auto, classification or regression)");
  }
  void line(std::string_view text);  // the next line, without its '\n'
  void line_too_long() {
    ++line_no_;
    throw fail("line longer than " + std::to_string(limits::kCsvLineBytes) + " bytes");
  }
  CsvData finish();

 private:
  Error fail(const std::string& reason) const { return fail_at(line_no_, reason); }
  Error fail_at(int line, const std::string& reason) const {
    return Error(name_ + ":" + std::to_string(line) + ": " + reason);
  }
  void header(const std::vector<std::string_view>& fields);
  double number(std::string_view f, size_t column) const;

  std::string name_;
  std::string_view hint_;
  CsvData out_;
  std::vector<Row> rows_;
  std::vector<std::string> columns_;  // from the header
  int line_no_ = 0;
};

void CsvParser::header(const std::vector<std::string_view>& fields) {
  static const std::vector<std::vector<std::string_view>> headers{
      {"x1", "x2", "y"}, {"x1", "x2", "y", "split"}, {"x1", "y"}, {"x1", "y", "split"}};
  if (std::find(headers.begin(), headers.end(), fields) == headers.end())
    throw fail("header must be x1,x2,y[,split] or x1,y[,split]; this first line is not one");
  columns_.assign(fields.begin(), fields.end());
  out_.data.dims = fields[1] == "x2" ? 2 : 1;
  out_.has_split = fields.back() == "split";
}

// Numbers go through std::from_chars: decimal only ("0x10" is not 16), exact, locale-free.
double CsvParser::number(std::string_view f, size_t column) const {
  const std::string& col = columns_[column];
  if (f.size() > limits::kCsvFieldBytes)
    throw fail(col + ": field longer than " + std::to_string(limits::kCsvFieldBytes) + " bytes");
  // from_chars takes no leading '+', which ±1 label files naturally have.
  std::string_view digits = f;
  if (digits.starts_with('+') && !digits.substr(1).starts_with('-')) digits.remove_prefix(1);
  double x = 0.0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), x);
  if (digits.empty() || end != digits.data() + digits.size() ||
      (ec != std::errc() && ec != std::errc::result_out_of_range))
    throw fail(col + ": not a number: " + shown(f));
  if (ec == std::errc::result_out_of_range) throw fail(col + ": number out of range: " + shown(f));
  if (!std::isfinite(x)) throw fail(col + ": not a finite number: " + shown(f));
  if (std::fabs(x) > limits::kDataValue)
    throw fail(col + ": " + shown(f) + " is beyond ±1e9 (the limit for data values; rescale the data)");
  return x;
}

void CsvParser::line(std::string_view line) {
  ++line_no_;
  // A UTF-8 byte order mark (spreadsheets write one) is not part of the header.
  if (line_no_ == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
  if (trim(line).empty()) return;  // blank lines (e.g. trailing ones) carry nothing
  const auto fields = split_fields(line);
  if (columns_.empty()) return header(fields);

  if (fields.size() != columns_.size()) {
    std::string names;
    for (const auto& c : columns_) names += (names.empty() ? "" : ",") + c;
    throw fail("expected " + std::to_string(columns_.size()) + " fields (" + names + "), got " +
               (fields.size() > limits::kCsvColumns ? "more" : std::to_string(fields.size())));
  }
  Dataset& d = out_.data;
  if (d.points.size() >= limits::kCsvRows)
    throw fail("more than " + std::to_string(limits::kCsvRows) + " data rows (the limit)");
  double v[3] = {0.0, 0.0, 0.0};  // x1, x2, y
  const size_t n_values = static_cast<size_t>(d.dims) + 1;
  for (size_t i = 0; i < n_values; ++i) v[i == n_values - 1 ? 2 : i] = number(fields[i], i);
  Point p{v[0], v[1], v[2], false};
  if (out_.has_split) {
    const std::string_view s = fields.back();
    if (s != "train" && s != "test") throw fail("split must be train or test, got " + shown(s));
    p.test = s == "test";
  }
  d.points.push_back(p);
  rows_.push_back({line_no_, shown(fields[n_values - 1])});
}

CsvData CsvParser::finish() {
  Dataset& d = out_.data;
  if (columns_.empty()) throw Error(name_ + ": empty file");
  if (d.points.empty()) throw Error(name_ + ": no data rows");

  // Label interpretation.
  const auto all = [&](auto pred) {
    return std::all_of(d.points.begin(), d.points.end(), [&](const Point& p) { return pred(p.y); });
  };
  const auto is_class_index = [](double y) { return y == std::floor(y) && y >= 0 && y < kMaxClasses; };
  const bool zero_one = all([](double y) { return y == 0.0 || y == 1.0; });
  const bool plus_minus = all([](double y) { return y == -1.0 || y == 1.0; });
  const bool indices = all(is_class_index);

  bool classify = false;
  if (hint_ == "classification") {
    if (!zero_one && !plus_minus && !indices) {
      for (size_t i = 0; i < d.points.size(); ++i)
        if (!is_class_index(d.points[i].y))
          throw fail_at(rows_[i].line, "y: class label must be an integer 0.." +
                                           std::to_string(kMaxClasses - 1) + " (or -1/+1), got " +
                                           rows_[i].label_text);
    }
    classify = true;
  } else if (hint_ == "auto") {
    classify = zero_one || plus_minus || indices;
  }

  if (!classify) {
    d.task = Task::regression;
    d.classes = 0;
    return std::move(out_);
  }
  d.task = Task::classification;
  if (plus_minus && !zero_one) {
    for (auto& p : d.points) p.y = p.y > 0 ? 1.0 : 0.0;
    d.classes = 2;
  } else {
    double max = 0.0;
    for (const auto& p : d.points) max = std::max(max, p.y);
    d.classes = std::max(2, static_cast<int>(max) + 1);
  }
  return std::move(out_);
}

}  // namespace

CsvData parse_csv(std::string_view text, const std::string& name, std::string_view task_hint) {
  CsvParser parser(name, task_hint);
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (line.size() > limits::kCsvLineBytes) parser.line_too_long();
    parser.line(line);
  }
  return parser.finish();
}

// Streamed: a line at a time from a regular file within the size limit, so memory stays
// proportional to the rows kept (24 bytes each), not to the file.
CsvData read_csv(const std::string& path, std::string_view task_hint) {
  try {
    CsvParser parser(path, task_hint);
    LineReader in(path, limits::kCsvFileBytes);
    std::string line;
    for (LineReader::Got got; (got = in.next(line, limits::kCsvLineBytes)) != LineReader::Got::end;) {
      if (got == LineReader::Got::too_long) parser.line_too_long();
      parser.line(line);
    }
    return parser.finish();
  } catch (const std::bad_alloc&) {
    throw Error(path + ": out of memory while reading the CSV file");
  }
}

std::string to_csv(const Dataset& d) {
  std::string out = d.dims == 1 ? "x1,y,split\n" : "x1,x2,y,split\n";
  char buf[64];
  const auto put = [&](double v, char sep) {
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 17);
    out.append(buf, r.ptr);
    out += sep;
  };
  for (const auto& p : d.points) {
    put(p.x1, ',');
    if (d.dims != 1) put(p.x2, ',');
    put(p.y, ',');
    out += p.test ? "test\n" : "train\n";
  }
  return out;
}

void write_csv(const std::string& path, const Dataset& d) { write_file(path, to_csv(d)); }

}  // namespace nn
