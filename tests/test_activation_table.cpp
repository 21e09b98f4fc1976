// tests/test_activation_table.cpp — the activation table (nn/activation.h): each row's value
// and derivative agree with each other and with the numbers the network computes, and the
// output view's shader takes its activations from the table, not from a copy.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "nn/activation.h"

using namespace nn;

namespace {

std::string read_source(const std::string& rel) {
  std::ifstream in(std::string(DESCENT_SOURCE_DIR) + "/" + rel);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Eigen::ArrayXd sample_points() {
  Eigen::ArrayXd z(41);
  for (Eigen::Index i = 0; i < z.size(); ++i) z(i) = -4.0 + 0.2 * double(i) + 0.013;  // avoids z = 0
  return z;
}

}  // namespace

TEST_CASE("activation table: one row per nn::Act, in id order, names unique") {
  REQUIRE(kActivations.size() == 8);
  std::set<std::string> names;
  for (size_t i = 0; i < kActivations.size(); ++i) {
    CHECK(size_t(kActivations[i].id) == i);
    CHECK(std::string(kActivations[i].glsl).size() > 0);
    names.insert(kActivations[i].name);
  }
  CHECK(names.size() == kActivations.size());
}

TEST_CASE("activation table: each row's slope is the derivative of its value (central differences)") {
  const Eigen::ArrayXd z = sample_points();
  for (const auto& row : kActivations) {
    INFO(row.name);
    Eigen::ArrayXd a(z.size()), d(z.size()), up(z.size()), down(z.size());
    activate(row.id, z, a);
    derivative(row.id, z, a, d);
    const double h = 1e-6;
    activate(row.id, (z + h).eval(), up);
    activate(row.id, (z - h).eval(), down);
    const Eigen::ArrayXd numeric = (up - down) / (2 * h);
    for (Eigen::Index i = 0; i < z.size(); ++i)
      CHECK(d(i) == Approx(numeric(i)).epsilon(1e-6).margin(1e-8));
  }
}

TEST_CASE("activation table: values match the textbook formulas in the tooltips") {
  const Eigen::ArrayXd z = sample_points();
  const auto textbook = [](Act id, double x) -> double {
    switch (id) {
      case Act::linear: return x;
      case Act::sigmoid: return 1.0 / (1.0 + std::exp(-x));
      case Act::tanh: return std::tanh(x);
      case Act::relu: return std::max(0.0, x);
      case Act::leaky_relu: return x > 0 ? x : double(kLeakySlope) * x;
      case Act::elu: return x > 0 ? x : std::exp(x) - 1.0;
      case Act::softplus: return std::log1p(std::exp(x));
      case Act::exp: return std::exp(x);
    }
    return NAN;
  };
  for (const auto& row : kActivations) {
    INFO(row.name);
    Eigen::ArrayXd a(z.size());
    activate(row.id, z, a);
    for (Eigen::Index i = 0; i < z.size(); ++i) CHECK(a(i) == Approx(textbook(row.id, z(i))).epsilon(1e-12));
  }
}

TEST_CASE("activation table: the shader's activate() is generated from the rows, branch for branch") {
  const std::string fn = glsl_activation_functions();
  for (const auto& row : kActivations)
    CHECK(fn.find("if (id == " + std::to_string(int(row.id)) + ") return " + row.glsl + ";") != std::string::npos);
  for (const auto& row : kOutputs)
    if (*row.glsl)
      CHECK(fn.find("if (id == " + std::to_string(int(row.id)) + ") return " + row.glsl + ";") != std::string::npos);
  // The shader file has the place for them, once, and no activation code of its own.
  const std::string shader = read_source("shaders/boundary.frag.glsl");
  REQUIRE(!shader.empty());
  size_t count = 0;
  for (size_t at = shader.find("//@ACTIVATIONS@"); at != std::string::npos; at = shader.find("//@ACTIVATIONS@", at + 1))
    ++count;
  CHECK(count == 1);
  CHECK(!std::regex_search(shader, std::regex(R"(vec4\s+(output_)?activate\s*\([^)]*\)\s*\{)")));
  CHECK(shader.find("1.0 / (1.0 + exp(-z))") == std::string::npos);  // sigmoid lives in the table
}
