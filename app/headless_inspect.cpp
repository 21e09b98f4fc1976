// app/headless_inspect.cpp — the headless run's views inside the network: --layers-csv (per-layer
// statistics every epoch), --inspect INDEX (one sample's pass as JSON) and --diagnose (the doctor).
#include "app/headless_inspect.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "nn/doctor.h"
#include "nn/history_csv.h"
#include "nn/inspect.h"

namespace descent {

namespace {

// As the history CSV writes numbers (nn::csv_number); empty when not known (NaN: e.g. no step
// yet at epoch 0).
std::string number(double v) { return std::isnan(v) ? std::string() : nn::csv_number(v); }

nlohmann::json vec(const Eigen::VectorXd& v) { return std::vector<double>(v.data(), v.data() + v.size()); }
nlohmann::json mat(const Eigen::MatrixXd& m) {  // row by row: one array per neuron
  nlohmann::json rows = nlohmann::json::array();
  for (Eigen::Index r = 0; r < m.rows(); ++r) rows.push_back(vec(m.row(r).transpose()));
  return rows;
}

}  // namespace

bool InspectOutputs::open(const InspectOptions& o, nn::Session& s) {
  opts_ = o;
  if (o.layers_csv_path.empty() && !o.diagnose) return true;
  s.set_layer_stats_every(1);  // a row every epoch (epoch 0's was taken): the CSV, the doctor's evidence
  if (o.layers_csv_path.empty()) return true;
  tmp_path_ = o.layers_csv_path + ".tmp";
  csv_.open(tmp_path_);
  if (!csv_) {
    std::fprintf(stderr, "descent: %s: cannot write: %s\n", o.layers_csv_path.c_str(), std::strerror(errno));
    return false;
  }
  csv_ << "epoch,layer,weight_norm,grad_norm,update_ratio,dead_fraction,saturated_fraction,z_mean,z_std,a_mean,a_std,"
          "delta_std\n";
  write_rows(s);
  return true;
}

void InspectOutputs::write_rows(const nn::Session& s) {
  const auto row = s.layer_stats().latest();
  if (!csv_.is_open() || !row || row->epoch <= written_) return;
  written_ = row->epoch;
  for (size_t l = 0; l < row->layers.size(); ++l) {
    const nn::LayerStats& st = row->layers[l];
    csv_ << row->epoch << ',' << l << ',' << number(st.weight_norm) << ',' << number(st.grad_norm) << ','
         << number(st.update_ratio) << ',' << number(st.dead_fraction) << ',' << number(st.saturated_fraction) << ','
         << number(st.z.mean) << ',' << number(st.z.std) << ',' << number(st.a.mean) << ',' << number(st.a.std) << ','
         << number(st.delta.std) << '\n';
  }
}

bool InspectOutputs::finish() {
  if (csv_.is_open()) {
    csv_.close();
    if (!csv_ || std::rename(tmp_path_.c_str(), opts_.layers_csv_path.c_str()) != 0) {
      std::fprintf(stderr, "descent: %s: cannot write: %s\n", opts_.layers_csv_path.c_str(), std::strerror(errno));
      std::remove(tmp_path_.c_str());
      return false;
    }
  }
  return true;
}

void InspectOutputs::print_diagnosis(const nn::Session& s) const {
  if (opts_.diagnose) {
    const nn::Evidence ev{&s.history(), &s.layer_stats().history(), &s.network().arch(), s.divergence().has_value(),
                          s.lr()};
    const auto found = nn::diagnose(ev);
    for (const nn::Finding& f : found) std::printf("%s: %s\n", nn::name(f.id), f.explanation.c_str());
    if (found.empty()) std::printf("healthy: no problem found in the gradients, the units or the loss curves\n");
  }
}

int print_inspection(const nn::Session& s, long index) {
  const long n = static_cast<long>(s.train_inputs().cols());
  if (index < 0 || index >= n) {
    std::fprintf(stderr, "descent: --inspect: no training point %ld (there are %ld%s)\n", index, n,
                 n > 0 ? (", 0 to " + std::to_string(n - 1)).c_str() : "");
    return 2;
  }
  const nn::SamplePass p = nn::inspect_sample(s, static_cast<int>(index));
  nlohmann::json j;
  j["index"] = p.index;
  j["x"] = vec(p.x);
  j["target"] = vec(p.target);
  j["loss"] = p.loss;
  j["layers"] = nlohmann::json::array();
  for (const nn::SampleLayer& l : p.layers)
    j["layers"].push_back({{"z", vec(l.z)}, {"a", vec(l.a)}, {"delta", vec(l.delta)}, {"dW", mat(l.dW)}, {"db", vec(l.db)},
                           {"W_update", mat(l.W_update)}, {"b_update", vec(l.b_update)}});
  std::printf("%s\n", j.dump().c_str());
  return 0;
}

}  // namespace descent
