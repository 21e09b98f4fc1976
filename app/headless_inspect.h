// app/headless_inspect.h — --layers-csv, --inspect and --diagnose for `descent --headless`.
#pragma once

#include <fstream>
#include <string>

#include "app/cli.h"
#include "nn/session.h"

namespace descent {

// The per-layer CSV and the doctor's report around a headless run.
class InspectOutputs {
 public:
  // Before training: with --layers-csv or --diagnose, rows are taken every epoch. Returns false (after one line on stderr) if the CSV cannot be
  // opened.
  bool open(const InspectOptions& o, nn::Session& s);
  // After each epoch: the latest row, once (written to FILE.tmp, renamed at the end).
  void write_rows(const nn::Session& s);
  // After training: closes and renames the CSV. False (after one line) on a write error.
  bool finish();
  // Last: with --diagnose, the doctor's findings, one a line ("healthy: ..." if none).
  void print_diagnosis(const nn::Session& s) const;

 private:
  InspectOptions opts_;
  std::ofstream csv_;
  std::string tmp_path_;
  long written_ = -1;
};

// --inspect INDEX: the pass of training point INDEX with the session's weights, as one line of
// JSON on stdout. Returns the exit code (2 for a bad index, with one line on stderr).
int print_inspection(const nn::Session& s, long index);

}  // namespace descent
