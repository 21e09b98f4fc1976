// nn/activation.h — hidden-layer and output activations, as tables of rows.
//
// One row per activation holds everything about it side by side (as Playground's
// {output, der}): its id, the name used in experiment files and combo boxes, the formula shown
// in tooltips, the value g(z) and the derivative g'(z) — both on whole Eigen arrays, so a layer
// is activated in one vectorized pass — and the same value in GLSL, from which the output
// view's shader gets its activate() (app/gui/boundary.cpp splices it in). The dispatched
// float kernels (nn/network_kernels.cpp) keep their own fused copies of the common five; the
// tests (test_kernels, test_gradients) hold them to these rows.
#pragma once

#include <Eigen/Core>
#include <array>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "nn/kernels.h"

namespace nn {

enum class Act : uint8_t { linear, sigmoid, tanh, relu, leaky_relu, elu, softplus, exp };
enum class OutAct : uint8_t { linear, sigmoid, tanh, softmax };

using kernels::kLeakySlope;

struct ActivationRow {
  Act id;
  const char* name;
  const char* formula;
  const char* glsl;  // g(z) for a vec4 z (tanh4: the shader's finite tanh)
};
struct OutputRow {
  OutAct id;
  const char* name;
  const char* formula;
  const char* glsl;  // y for a vec4 z; softmax (over the layer) is the shader's own loop
};

// The rows. value(z) is g(z); slope(z, a) is g'(z) given z and a = g(z), whichever is cheaper.
// Both return Eigen array expressions, evaluated where they are assigned.
namespace activations {

template <typename Z>
using Scalar = typename Z::Scalar;

struct Linear {
  static constexpr ActivationRow row{Act::linear, "linear", "g(z) = z", "z"};
  template <typename Z> static const Z& value(const Z& z) { return z; }
  template <typename Z, typename A> static auto slope(const Z& z, const A&) {
    return Z::PlainObject::Constant(z.rows(), z.cols(), Scalar<Z>(1));
  }
};
struct Sigmoid {
  static constexpr ActivationRow row{Act::sigmoid, "sigmoid", "g(z) = 1 / (1 + e^-z)", "1.0 / (1.0 + exp(-z))"};
  template <typename Z> static auto value(const Z& z) { using T = Scalar<Z>; return T(1) / (T(1) + (-z).exp()); }
  template <typename Z, typename A> static auto slope(const Z&, const A& a) { using T = Scalar<Z>; return a * (T(1) - a); }
};
struct Tanh {
  static constexpr ActivationRow row{Act::tanh, "tanh", "g(z) = tanh z", "tanh4(z)"};
  template <typename Z> static auto value(const Z& z) { return z.tanh(); }
  template <typename Z, typename A> static auto slope(const Z&, const A& a) { using T = Scalar<Z>; return T(1) - a.square(); }
};
struct Relu {
  static constexpr ActivationRow row{Act::relu, "relu", "g(z) = max(0, z)", "max(z, 0.0)"};
  template <typename Z> static auto value(const Z& z) { using T = Scalar<Z>; return z.max(T(0)); }
  template <typename Z, typename A> static auto slope(const Z& z, const A&) {
    using T = Scalar<Z>;
    return (z > T(0)).template cast<T>();
  }
};
struct LeakyRelu {
  static constexpr ActivationRow row{Act::leaky_relu, "leaky_relu", "g(z) = z if z > 0 else 0.01 z",
                                     "max(z, 0.0) + 0.01 * min(z, 0.0)"};
  template <typename Z> static auto value(const Z& z) {
    using T = Scalar<Z>;
    return (z > T(0)).select(z, T(kLeakySlope) * z);
  }
  template <typename Z, typename A> static auto slope(const Z& z, const A&) {
    using T = Scalar<Z>;
    return (z > T(0)).select(T(1), T(kLeakySlope) + T(0) * z);
  }
};
struct Elu {
  static constexpr ActivationRow row{Act::elu, "elu", "g(z) = z if z > 0 else e^z - 1",
                                     "max(z, 0.0) + (exp(min(z, 0.0)) - 1.0)"};
  template <typename Z> static auto value(const Z& z) { using T = Scalar<Z>; return (z > T(0)).select(z, z.exp() - T(1)); }
  template <typename Z, typename A> static auto slope(const Z& z, const A& a) {
    using T = Scalar<Z>;
    return (z > T(0)).select(T(1), a + T(1));
  }
};
struct Softplus {
  static constexpr ActivationRow row{Act::softplus, "softplus", "g(z) = ln(1 + e^z)",
                                     "max(z, 0.0) + log(1.0 + exp(-abs(z)))"};
  // ln(1 + e^z) = max(z, 0) + ln(1 + e^-|z|): finite for every z.
  template <typename Z> static auto value(const Z& z) { using T = Scalar<Z>; return z.max(T(0)) + (-z.abs()).exp().log1p(); }
  template <typename Z, typename A> static auto slope(const Z& z, const A&) { using T = Scalar<Z>; return T(1) / (T(1) + (-z).exp()); }
};
struct Exp {
  static constexpr ActivationRow row{Act::exp, "exp", "g(z) = e^z", "exp(z)"};
  template <typename Z> static auto value(const Z& z) { return z.exp(); }
  template <typename Z, typename A> static const A& slope(const Z&, const A& a) { return a; }
};

// The table, in nn::Act order.
using Rows = std::tuple<Linear, Sigmoid, Tanh, Relu, LeakyRelu, Elu, Softplus, Exp>;

template <size_t... I>
constexpr auto table(std::index_sequence<I...>) {
  return std::array<ActivationRow, sizeof...(I)>{std::tuple_element_t<I, Rows>::row...};
}

// Calls f(Row{}) with the row of `a`.
template <typename F, size_t I = 0>
void with_row(Act a, F&& f) {
  if constexpr (I < std::tuple_size_v<Rows>) {
    using Row = std::tuple_element_t<I, Rows>;
    if (Row::row.id == a) return f(Row{});
    with_row<F, I + 1>(a, std::forward<F>(f));
  }
}

}  // namespace activations

inline constexpr auto kActivations =
    activations::table(std::make_index_sequence<std::tuple_size_v<activations::Rows>>{});

constexpr bool rows_in_id_order() {
  for (size_t i = 0; i < kActivations.size(); ++i)
    if (size_t(kActivations[i].id) != i) return false;
  return true;
}
static_assert(rows_in_id_order(), "nn::activations::Rows must list the activations in nn::Act order");

inline constexpr std::array<OutputRow, 4> kOutputs{{
    {OutAct::linear, "linear", "y = z", "z"},
    {OutAct::sigmoid, "sigmoid", "y = 1 / (1 + e^-z)", "1.0 / (1.0 + exp(-z))"},
    {OutAct::tanh, "tanh", "y = tanh z", "tanh4(z)"},
    {OutAct::softmax, "softmax", "y_k = e^z_k / sum_j e^z_j", ""},
}};

inline const char* name(Act a) { return kActivations[static_cast<int>(a)].name; }
inline const char* name(OutAct a) { return kOutputs[static_cast<int>(a)].name; }

// The output view's shader functions, written from the rows above:
//   vec4 activate(int id, vec4 z)          one branch per kActivations row (id = nn::Act)
//   vec4 output_activate(int id, vec4 z)   one per kOutputs row but softmax (id = nn::OutAct)
// app/gui/boundary.cpp puts them where shaders/boundary.frag.glsl says //@ACTIVATIONS@.
inline std::string glsl_activation_functions() {
  std::string s = "vec4 activate(int id, vec4 z) {\n";
  for (const auto& r : kActivations)
    s += "  if (id == " + std::to_string(int(r.id)) + ") return " + r.glsl + ";\n";
  s += "  return z;\n}\n\nvec4 output_activate(int id, vec4 z) {\n";
  for (const auto& r : kOutputs)
    if (*r.glsl) s += "  if (id == " + std::to_string(int(r.id)) + ") return " + r.glsl + ";\n";
  s += "  return z;\n}\n";
  return s;
}

// out = g(z), elementwise. `z` and `out` may alias.
template <typename In, typename Out>
void activate(Act a, const Eigen::ArrayBase<In>& z, Eigen::ArrayBase<Out> const& out_) {
  auto& out = const_cast<Eigen::ArrayBase<Out>&>(out_);
  activations::with_row(a, [&](auto row) { out = decltype(row)::value(z.derived()); });
}

// d = g'(z) given z and a = g(z).
template <typename Z, typename A, typename D>
void derivative(Act act, const Eigen::ArrayBase<Z>& z, const Eigen::ArrayBase<A>& a,
                Eigen::ArrayBase<D> const& d_) {
  auto& d = const_cast<Eigen::ArrayBase<D>&>(d_);
  activations::with_row(act, [&](auto row) { d = decltype(row)::slope(z.derived(), a.derived()); });
}

}  // namespace nn
