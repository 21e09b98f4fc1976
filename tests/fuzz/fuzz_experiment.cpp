// fuzz_experiment — the experiment loader: any bytes give an Experiment or one nn::Error line;
// an Experiment that loads writes canonical JSON that loads back equal.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_common.h"
#include "nn/common.h"
#include "nn/experiment.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  nn::Experiment e;
  try {
    e = nn::experiment_from_json(text, "fuzz.json");
  } catch (const nn::Error& err) {
    fuzz::check_message(err.what());
    return 0;
  }
  const std::string saved = nn::experiment_to_json(e);
  try {
    if (!(nn::experiment_from_json(saved, "saved.json") == e)) fuzz::fail("round trip changed the experiment", saved);
  } catch (const nn::Error& err) {
    fuzz::fail("a loaded experiment saved as a file that does not load", err.what());
  }
  return 0;
}
