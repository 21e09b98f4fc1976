// fuzz_train — load → train → save → reload. An experiment that loads trains without crashing
// (ASan/UBSan watching the kernels); a save either refuses with an nn::Error (weights not
// finite) or writes a file that loads back to the same experiment.
//
// Sizes are capped so one input runs in milliseconds: the fuzzer looks for wrong code, not for
// slow big networks (the limits on those are checked by the tests and the loaders).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_common.h"
#include "nn/common.h"
#include "nn/experiment.h"
#include "nn/session.h"

namespace {

bool shrink(nn::Experiment& e) {
  if (e.data.source == nn::DataSpec::Source::csv) return false;  // would read the fuzzer's files
  e.data.n = std::min(e.data.n, 64);
  if (e.network.hidden.size() > 4) return false;
  for (int& h : e.network.hidden) h = std::min(h, 8);
  e.training.epochs = std::min(e.training.epochs, 2);
  e.weights.reset();  // shrinking changed the shapes; fresh weights from the seed
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  nn::Experiment e;
  try {
    e = nn::experiment_from_json(text, "fuzz.json");
    if (e.data.source == nn::DataSpec::Source::points && e.data.points.points.size() > 512) return 0;
    const bool had_weights = e.weights.has_value();
    if (!had_weights && !shrink(e)) return 0;
    if (had_weights && (e.data.source == nn::DataSpec::Source::csv || e.data.n > 64)) return 0;
    nn::validate(e);
  } catch (const nn::Error& err) {
    fuzz::check_message(err.what());
    return 0;
  }
  nn::Experiment trained;
  try {
    nn::Session s(e);
    for (int i = 0; i < e.training.epochs && !s.stopped(); ++i) s.run_epoch();
    s.evaluate();
    trained = s.to_experiment();
  } catch (const nn::Error& err) {  // e.g. a 3-class data set with a sigmoid output
    fuzz::check_message(err.what());
    return 0;
  }
  static const fuzz::Scratch scratch("saved.json");
  const std::string& path = scratch.path;
  try {
    nn::save_experiment(path, trained);
  } catch (const nn::Error& err) {
    fuzz::check_message(err.what());
    return 0;  // refused (diverged weights): nothing written is fine
  }
  try {
    nn::Experiment back = nn::load_experiment(path);
    back.base_dir = trained.base_dir;
    if (!(back == trained)) fuzz::fail("a saved experiment loads back different", nn::experiment_to_json(trained));
  } catch (const nn::Error& err) {
    fuzz::fail("a saved experiment does not load", err.what());
  }
  return 0;
}
