// nn/history_csv.cpp — the history CSV's format and its rule for missing and non-finite values.
#include "nn/history_csv.h"

#include <charconv>
#include <cmath>

namespace nn {

std::string csv_number(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[40];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 17);
  return {buf, r.ptr};
}

namespace {

// One field by the rule in history_csv.h.
std::string field(double v, bool exists) { return exists ? csv_number(v) : std::string(); }

}  // namespace

std::string history_csv_header() {
  return "epoch,train_loss,test_loss,penalty,train_accuracy,test_accuracy,lr\n";
}

std::string history_csv_row(const EpochRow& r, const HistoryColumns& c) {
  return std::to_string(r.epoch) + ',' + field(r.train_loss, c.train) + ',' + field(r.test_loss, c.test) +
         ',' + field(r.penalty, true) + ',' + field(r.train_metric, c.accuracy && c.train) + ',' +
         field(r.test_metric, c.accuracy && c.test) + ',' + field(r.lr, true) + '\n';
}

}  // namespace nn
