// nn/edits.h — rules that adjust an Experiment as a whole, shared by every front end.
#pragma once

#include <string>

#include "nn/data.h"
#include "nn/experiment.h"

namespace nn {

// After a data-kind change (a generator, a CSV file), make the output, the loss and the
// features fit the data: more than two classes → softmax with cross-entropy; two classes →
// no softmax; regression → a linear output with a loss it allows; 1-D data → no feature of x2;
// 2-D data → at least one. Returns a sentence describing what was adjusted ("" when nothing was).
std::string fit_recipe_to_data(Experiment& e, Task task, int classes, int dims);

}  // namespace nn
