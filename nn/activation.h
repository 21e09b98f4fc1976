// nn/activation.h — hidden-layer and output activations, as tables of rows.
//
// Each row: the id, the name used in experiment files and combo boxes, and the formula shown in
// tooltips. The math lives next to it in two switch functions (value, derivative), written on
// whole Eigen arrays so a layer is activated in one vectorized pass.
#pragma once

#include <Eigen/Core>
#include <array>
#include <optional>
#include <string_view>

#include "nn/kernels.h"

namespace nn {

enum class Act : uint8_t { linear, sigmoid, tanh, relu, leaky_relu, elu, softplus, exp };
enum class OutAct : uint8_t { linear, sigmoid, tanh, softmax };

struct ActivationRow {
  Act id;
  const char* name;
  const char* formula;
};
struct OutputRow {
  OutAct id;
  const char* name;
  const char* formula;
};

inline constexpr std::array<ActivationRow, 8> kActivations{{
    {Act::linear, "linear", "g(z) = z"},
    {Act::sigmoid, "sigmoid", "g(z) = 1 / (1 + e^-z)"},
    {Act::tanh, "tanh", "g(z) = tanh z"},
    {Act::relu, "relu", "g(z) = max(0, z)"},
    {Act::leaky_relu, "leaky_relu", "g(z) = z if z > 0 else 0.01 z"},
    {Act::elu, "elu", "g(z) = z if z > 0 else e^z - 1"},
    {Act::softplus, "softplus", "g(z) = ln(1 + e^z)"},
    {Act::exp, "exp", "g(z) = e^z"},
}};

inline constexpr std::array<OutputRow, 4> kOutputs{{
    {OutAct::linear, "linear", "y = z"},
    {OutAct::sigmoid, "sigmoid", "y = 1 / (1 + e^-z)"},
    {OutAct::tanh, "tanh", "y = tanh z"},
    {OutAct::softmax, "softmax", "y_k = e^z_k / sum_j e^z_j"},
}};

using kernels::kLeakySlope;

inline const char* name(Act a) { return kActivations[static_cast<int>(a)].name; }
inline const char* name(OutAct a) { return kOutputs[static_cast<int>(a)].name; }

inline std::optional<Act> activation_from_name(std::string_view s) {
  for (const auto& r : kActivations)
    if (s == r.name) return r.id;
  return std::nullopt;
}
inline std::optional<OutAct> output_from_name(std::string_view s) {
  for (const auto& r : kOutputs)
    if (s == r.name) return r.id;
  return std::nullopt;
}

// out = g(z), elementwise. `z` and `out` may alias.
template <typename In, typename Out>
void activate(Act a, const Eigen::ArrayBase<In>& z, Eigen::ArrayBase<Out> const& out_) {
  using T = typename In::Scalar;
  auto& out = const_cast<Eigen::ArrayBase<Out>&>(out_);
  switch (a) {
    case Act::linear: out = z; break;
    case Act::sigmoid: out = T(1) / (T(1) + (-z).exp()); break;
    case Act::tanh: out = z.tanh(); break;
    case Act::relu: out = z.max(T(0)); break;
    case Act::leaky_relu: out = (z > T(0)).select(z, T(kLeakySlope) * z); break;
    case Act::elu: out = (z > T(0)).select(z, z.exp() - T(1)); break;
    // ln(1 + e^z) = max(z, 0) + ln(1 + e^-|z|): finite for every z.
    case Act::softplus: out = z.max(T(0)) + (-z.abs()).exp().log1p(); break;
    case Act::exp: out = z.exp(); break;
  }
}

// d = g'(z) given z and a = g(z) (whichever is cheaper is used).
template <typename Z, typename A, typename D>
void derivative(Act act, const Eigen::ArrayBase<Z>& z, const Eigen::ArrayBase<A>& a,
                Eigen::ArrayBase<D> const& d_) {
  using T = typename Z::Scalar;
  auto& d = const_cast<Eigen::ArrayBase<D>&>(d_);
  switch (act) {
    case Act::linear: d.setConstant(T(1)); break;
    case Act::sigmoid: d = a * (T(1) - a); break;
    case Act::tanh: d = T(1) - a.square(); break;
    case Act::relu: d = (z > T(0)).template cast<T>(); break;
    case Act::leaky_relu: d = (z > T(0)).select(T(1), T(kLeakySlope) + T(0) * z); break;
    case Act::elu: d = (z > T(0)).select(T(1), a + T(1)); break;
    case Act::softplus: d = T(1) / (T(1) + (-z).exp()); break;
    case Act::exp: d = a; break;
  }
}

}  // namespace nn
