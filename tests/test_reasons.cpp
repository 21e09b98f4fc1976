// The engine's reasons as data (nn/reasons.h): the divergence advice's rule — tested here once,
// by kind and numbers —, the English each kind says (the CLI's words, byte for byte what they
// were when the engine returned sentences), the LR range test's end, and the markers Session
// writes read back as what they say.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <string>

#include "nn/lr_find.h"
#include "nn/reasons.h"
#include "nn/session.h"

using namespace nn;
using Kind = DivergenceAdvice::Kind;

TEST_CASE("divergence advice: the rule picks the kind and the numbers") {
  // The rate was lowered by more than 1 % since: go back to the finite weights and play again.
  const DivergenceAdvice lowered = divergence_advice(3, 0.3);
  CHECK(lowered.kind == Kind::rate_lowered);
  CHECK(lowered.lr_then == 3);
  CHECK(lowered.lr_now == 0.3);
  CHECK(std::isnan(lowered.suggested));
  CHECK(lowered.quoted()[0] == 0.3);  // "now 0.3 (it was 3)"
  CHECK(lowered.quoted()[1] == 3);
  CHECK(divergence_advice(0.01, 0.001).kind == Kind::rate_lowered);  // whatever the rate was
  CHECK(divergence_advice(3, 2.96).kind == Kind::rate_lowered);
  // Lowered by 1 % or less is no change: the rate that diverged is judged.
  CHECK(divergence_advice(3, 2.98).kind == Kind::rate_too_high);
  // 0.1 or more (not lowered): too high, a hundredth of it to try — also when raised since.
  const DivergenceAdvice high = divergence_advice(3, 3);
  CHECK(high.kind == Kind::rate_too_high);
  CHECK(high.suggested == Approx(0.03));
  CHECK(high.quoted()[0] == 3);
  CHECK(high.quoted()[1] == Approx(0.03));
  CHECK(divergence_advice(0.1, 0.1).kind == Kind::rate_too_high);
  CHECK(divergence_advice(0.1, 0.1).suggested == Approx(0.001));
  CHECK(divergence_advice(3, 5).kind == Kind::rate_too_high);
  // Below 0.1: a smaller rate, init or another optimizer; "now" is the rate chosen now.
  const DivergenceAdvice small = divergence_advice(0.05, 0.05);
  CHECK(small.kind == Kind::try_smaller);
  CHECK(std::isnan(small.suggested));
  CHECK(small.quoted()[0] == 0.05);
  CHECK(divergence_advice(0.099, 0.099).kind == Kind::try_smaller);
  CHECK(divergence_advice(0.01, 0.02).quoted()[0] == 0.02);
}

TEST_CASE("divergence: the English of each cause and advice is the CLI's") {
  CHECK(english(divergence_advice(3, 3)) == "A learning rate of 3 is too high for this network; try 0.03.");
  CHECK(english(divergence_advice(1e6, 1e6)) == "A learning rate of 1e+06 is too high for this network; try 10000.");
  CHECK(english(divergence_advice(3, 0.3)) ==
        "The learning rate is now 0.3 (it was 3): go back to the last finite weights and play again.");
  CHECK(english(divergence_advice(0.01, 0.01)) ==
        "Try a smaller learning rate (now 0.01), a smaller init, or an optimizer such as adam.");
  CHECK(english(DivergenceCause::loss_nan) == "the loss became NaN");
  CHECK(english(DivergenceCause::loss_inf) == "the loss became infinite");
  CHECK(english(DivergenceCause::weights) == "the weights became non-finite");
  CHECK(english(DivergenceCause::train_loss) == "the training loss became non-finite");
  std::set<std::string> names;
  for (DivergenceCause c : kDivergenceCauses) names.insert(name(c));
  for (Kind k : kAdviceKinds) names.insert(name(k));
  CHECK(names.size() == std::size(kDivergenceCauses) + std::size(kAdviceKinds));
}

TEST_CASE("divergence: a session records the cause and the rate, and the advice follows from them") {
  Experiment e = playground_experiment();
  e.seed = 7;
  e.data.n = 200;
  e.network.activations = {Act::relu, Act::relu};
  e.network.output = OutAct::linear;
  e.training.optimizer.lr = 1e6;
  Session s(e);
  for (int i = 0; i < 50 && !s.stopped(); ++i) s.run_epoch();
  REQUIRE(s.divergence());
  const Divergence& d = *s.divergence();
  CHECK(d.lr == 1e6);
  bool known = false;
  for (DivergenceCause c : kDivergenceCauses) known = known || d.cause == c;
  CHECK(known);
  CHECK(divergence_advice(d.lr, d.lr).kind == Kind::rate_too_high);
}

TEST_CASE("lr_find: each way the sweep ends says its rate in the CLI's words") {
  using K = LrStop::Kind;
  CHECK(english(LrStop{K::reached_end, 10}) == "reached lr 10");
  CHECK(english(LrStop{K::loss_nan, 0.002}) == "the loss became NaN at lr 0.002");
  CHECK(english(LrStop{K::loss_inf, 0.5}) == "the loss became infinite at lr 0.5");
  CHECK(english(LrStop{K::weights, 1.23456}) == "the weights became non-finite at lr 1.23");
  CHECK(english(LrStop{K::blew_up, 0.0123456, 4}) == "the smoothed loss exceeded 4x its best at lr 0.0123");
  CHECK(english(LrStop{K::no_data}) == "there is no training data");
  CHECK(english(LrStop{K::cancelled}) == "cancelled");
  std::set<std::string> names;
  for (K k : kLrStopKinds) names.insert(name(k));
  CHECK(names.size() == std::size(kLrStopKinds));
}

TEST_CASE("lr_find: a sweep that runs to the end, and one with no data, say so") {
  LrFindOptions o;
  o.steps = 10;
  o.end_lr = 1e-3;  // too small to blow anything up
  const LrFindResult full = lr_find(playground_experiment(), std::nullopt, o);
  CHECK(full.stop.kind == LrStop::Kind::reached_end);
  CHECK(full.stop.lr == 1e-3);
  CHECK(full.points.size() == 10);
  const LrFindResult none = lr_find(playground_experiment(), Dataset{}, o);
  CHECK(none.stop.kind == LrStop::Kind::no_data);
  CHECK(none.points.empty());
}

TEST_CASE("markers: what Session writes reads back as its kind and name") {
  for (MarkerKind k : kMarkerKinds) {
    INFO(marker_words(k));
    const auto m = read_marker(marker_text(k, "adam"));
    REQUIRE(m);
    CHECK(m->kind == k);
    CHECK(m->after == (marker_takes_name(k) ? "adam" : ""));
  }
  CHECK_FALSE(read_marker("training.optimizer.lr 0.3"));  // a compare run's branch point
  CHECK_FALSE(read_marker("lr "));                          // the words without their number
  Session s(playground_experiment());
  Experiment e = s.experiment();
  e.training.optimizer.lr = 0.3;
  s.apply(e);
  s.set_parameter(0, 0, -1, 0.5);
  const auto& marks = s.history().markers();
  REQUIRE(marks.size() == 2);
  CHECK(marks[0].what == "lr 0.3");
  const auto lr = read_marker(marks[0].what);
  REQUIRE(lr);
  CHECK(lr->kind == MarkerKind::lr);
  CHECK(lr->after == "0.3");
  CHECK(read_marker(marks[1].what)->kind == MarkerKind::bias_set);
}
