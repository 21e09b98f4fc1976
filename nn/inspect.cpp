// nn/inspect.cpp — one sample's pass with every number (see inspect.h).
#include "nn/inspect.h"

#include <string>

#include "nn/session.h"

namespace nn {

namespace {

using Mat = Eigen::MatrixXd;
using Vec = Eigen::VectorXd;

Eigen::Map<const Mat> weights(const Architecture& arch, const Vec& params, const Network<double>& layout, int l) {
  return {params.data() + layout.w_offset(l), arch.fan_out(l), arch.fan_in(l)};
}
Eigen::Map<const Vec> biases(const Architecture& arch, const Vec& params, const Network<double>& layout, int l) {
  return {params.data() + layout.b_offset(l), arch.fan_out(l)};
}

void forward(const Architecture& arch, const Vec& params, const Network<double>& layout, const Vec& x,
             SamplePass& pass) {
  const int L = arch.layers();
  for (int l = 0; l < L; ++l) {
    SampleLayer& s = pass.layers[l];
    const Vec& prev = l == 0 ? x : pass.layers[l - 1].a;
    s.z = weights(arch, params, layout, l) * prev + biases(arch, params, layout, l);
    s.a.resize(s.z.size());
    if (l == L - 1) output_activate(arch.output, s.z, s.a);
    else activate(arch.activations[l], s.z.array(), s.a.array());
  }
}

void backward(const Architecture& arch, const Vec& params, const Network<double>& layout, const Vec& x,
              const Vec& t, Loss loss, SamplePass& pass) {
  const int L = arch.layers();
  SampleLayer& out = pass.layers[L - 1];
  pass.loss = loss_value(loss, out.z, out.a, t);
  out.delta.resize(out.z.size());
  loss_gradient(loss, arch.output, out.z, out.a, t, out.delta);
  for (int l = L - 1; l >= 0; --l) {
    SampleLayer& s = pass.layers[l];
    const Vec& prev = l == 0 ? x : pass.layers[l - 1].a;
    s.dW = s.delta * prev.transpose();
    s.db = s.delta;
    if (l == 0) continue;
    SampleLayer& below = pass.layers[l - 1];
    Vec slope(below.z.size());
    derivative(arch.activations[l - 1], below.z.array(), below.a.array(), slope.array());
    below.delta = (weights(arch, params, layout, l).transpose() * s.delta).cwiseProduct(slope);
  }
}

// The optimizer's step on copies: its state, the weights (as the run holds them, float) and
// the sample's gradient plus the penalty gradient, added by Network's own code as in a step.
void update(const Architecture& arch, const Vec& params, const UpdateContext& u, SamplePass& pass) {
  Network<float> net(arch);
  net.params() = params.cast<float>();
  for (int l = 0; l < arch.layers(); ++l) {
    net.dW(l) = pass.layers[l].dW.cast<float>();
    net.db(l) = pass.layers[l].db.cast<float>();
  }
  net.add_penalty_gradient(u.l1, u.l2);
  Optimizer<float> opt = *u.optimizer;
  Eigen::VectorXf p = net.params();
  Eigen::VectorXf g = net.grads();
  opt.step(p, g, u.lr);
  const Vec delta = (p - net.params()).cast<double>();
  for (int l = 0; l < arch.layers(); ++l) {
    pass.layers[l].W_update = Eigen::Map<const Mat>(delta.data() + net.w_offset(l), arch.fan_out(l), arch.fan_in(l));
    pass.layers[l].b_update = delta.segment(net.b_offset(l), arch.fan_out(l));
  }
  pass.lr = u.lr;
}

}  // namespace

SamplePass inspect_pass(const Architecture& arch, const Vec& params, const Vec& x, const Vec& t, Loss loss,
                        const UpdateContext& u) {
  const Network<double> layout(arch);  // offsets of each layer in the flat vector
  if (params.size() != layout.params().size())
    throw Error("inspect: expected " + std::to_string(layout.params().size()) + " parameters, got " +
                std::to_string(params.size()));
  if (x.size() != arch.inputs || t.size() != arch.outputs)
    throw Error("inspect: the sample's input or target size does not match the network");
  SamplePass pass;
  pass.x = x;
  pass.target = t;
  pass.layers.resize(arch.layers());
  forward(arch, params, layout, x, pass);
  backward(arch, params, layout, x, t, loss, pass);
  if (u.optimizer) update(arch, params, u, pass);
  return pass;
}

SamplePass inspect_sample(const Session& s, int index) {
  const Eigen::Index n = s.train_inputs().cols();
  if (index < 0 || index >= n)
    throw Error("inspect: no training point " + std::to_string(index) + " (there are " + std::to_string(n) +
                (n == 0 ? ")" : ", 0 to " + std::to_string(n - 1) + ")"));
  const Experiment& e = s.experiment();
  UpdateContext u{&s.optimizer(), s.lr(), e.training.l1, e.training.l2};
  SamplePass pass = inspect_pass(s.network().arch(), s.network().params().cast<double>(),
                                 s.train_inputs().col(index).cast<double>(),
                                 s.train_targets().col(index).cast<double>(), e.loss, u);
  pass.index = index;
  return pass;
}

}  // namespace nn
