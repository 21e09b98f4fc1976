// nn/edits.cpp — rules that adjust an Experiment as a whole (see edits.h).
#include "nn/edits.h"

#include <algorithm>

namespace nn {

std::string fit_recipe_to_data(Experiment& e, Task task, int classes, int dims) {
  std::string what;
  auto set_out = [&](OutAct o, Loss l) {
    if (e.network.output == o && e.loss == l) return;
    e.network.output = o;
    e.loss = l;
    what = std::string("output ") + name(o) + " with " + name(l);
  };
  if (task == Task::classification && classes > 2) {
    if (e.network.output != OutAct::softmax) set_out(OutAct::softmax, Loss::cross_entropy);
  } else if (task == Task::classification) {
    if (e.network.output == OutAct::softmax) set_out(OutAct::tanh, Loss::half_squared_error);
  } else {
    if (e.network.output != OutAct::linear || !compatible(OutAct::linear, e.loss))
      set_out(OutAct::linear, compatible(OutAct::linear, e.loss) ? e.loss : Loss::half_squared_error);
  }
  if (dims == 1) {
    const size_t before = e.features.size();
    std::erase_if(e.features, [](Feature f) { return kFeatures[int(f)].uses_x2; });
    if (e.features.empty()) e.features.push_back(Feature::x1);
    if (e.features.size() != before)
      what += std::string(what.empty() ? "" : "; ") + "features of x2 off (1-D data)";
  } else if (std::none_of(e.features.begin(), e.features.end(),
                          [](Feature f) { return kFeatures[int(f)].uses_x2; })) {
    e.features.push_back(Feature::x2);
    std::sort(e.features.begin(), e.features.end());
    what += std::string(what.empty() ? "" : "; ") + "x2 on";
  }
  return what;
}

}  // namespace nn
