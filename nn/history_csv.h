// nn/history_csv.h — the history CSV, written by `descent --headless --csv` and the app's
// "History CSV": one format and one rule for values that are missing or not finite.
//
//   epoch,train_loss,test_loss,penalty,train_accuracy,test_accuracy,lr
//
// The rule: a field is EMPTY when the quantity does not exist for this run — the test columns
// when there is no test set, the train columns when there is no training data, the accuracy
// columns for regression. A quantity that exists is written with 17 significant digits, and
// when a diverged run made it non-finite it is written `nan`, `inf` or `-inf` (so a reader can
// tell "not measured" from "blew up").
#pragma once

#include <string>

#include "nn/history.h"

namespace nn {

struct HistoryColumns {
  bool train = true;     // the run has training data
  bool test = true;      // the run has a test set
  bool accuracy = true;  // classification (accuracy columns apply)
};

std::string history_csv_header();  // with its '\n'
std::string history_csv_row(const EpochRow& r, const HistoryColumns& c);  // with its '\n'
// One number as the CSV writes it: 17 significant digits (enough to read the same double
// back), or nan / inf / -inf. Also what the app's state dump and the CLI's other CSVs print.
std::string csv_number(double v);

}  // namespace nn
