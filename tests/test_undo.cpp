// tests/test_undo.cpp — the undo history of experiment edits (nn/undo.h): undo and redo give
// back exactly the experiments the edits started from, paint strokes are one step, a new edit
// ends redo, the history is bounded, and a restored experiment trains like the original.
#include <catch2/catch.hpp>

#include <chrono>

#include "nn/session.h"
#include "nn/trainer.h"
#include "nn/undo.h"

using namespace nn;
using namespace std::chrono_literals;

namespace {

Experiment with_lr(Experiment e, double lr) {
  e.training.optimizer.lr = lr;
  return e;
}

// What Session::set_data makes of painted points (the app's paint edit).
Experiment painted(Experiment e, int points) {
  e.data.source = DataSpec::Source::points;
  e.data.task = "classification";
  e.data.points = Dataset{};
  for (int i = 0; i < points; ++i)
    e.data.points.points.push_back(Point{0.1 * i, -0.1 * i, double(i % 2), false});
  return e;
}

}  // namespace

TEST_CASE("undo and redo walk back and forth through the edits of data, network and recipe") {
  UndoStack<Experiment> h;
  const Experiment e0 = playground_experiment();
  Experiment e1 = with_lr(e0, 0.1);          // recipe
  Experiment e2 = e1;
  e2.network.hidden = {4, 2, 3};             // network
  e2.network.activations.push_back(Act::relu);
  const Experiment e3 = painted(e2, 3);      // data

  h.record(e0, "lr 0.1");
  h.record(e1, "layer added");
  h.record(e2, "points painted");
  REQUIRE(h.undo_size() == 3);

  auto u = h.undo(e3);
  REQUIRE(u);
  CHECK(u->state == e2);
  CHECK(u->what == "points painted");
  u = h.undo(u->state);
  REQUIRE(u);
  CHECK(u->state == e1);
  u = h.undo(u->state);
  REQUIRE(u);
  CHECK(u->state == e0);
  CHECK_FALSE(h.undo(e0));  // nothing older: nothing happens
  CHECK(h.redo_size() == 3);

  auto r = h.redo(e0);
  REQUIRE(r);
  CHECK(r->state == e1);
  CHECK(r->what == "lr 0.1");
  r = h.redo(e1);
  REQUIRE(r);
  CHECK(r->state == e2);
  r = h.redo(e2);
  REQUIRE(r);
  CHECK(r->state == e3);
  CHECK_FALSE(h.redo(e3));
  CHECK(h.undo_size() == 3);
}

TEST_CASE("a new edit after an undo ends the redo steps") {
  UndoStack<Experiment> h;
  const Experiment e0 = playground_experiment();
  h.record(e0, "lr 0.1");
  auto u = h.undo(with_lr(e0, 0.1));
  REQUIRE(u);
  CHECK(h.redo_size() == 1);
  h.record(e0, "lr 0.3");
  CHECK(h.redo_size() == 0);
  CHECK_FALSE(h.redo(with_lr(e0, 0.3)));
  CHECK(h.undo_size() == 1);
}

TEST_CASE("the points of one paint stroke are undone in one step") {
  UndoStack<Experiment> h;
  const Experiment e0 = playground_experiment();
  h.record(e0, "lr 0.1");
  const Experiment e1 = with_lr(e0, 0.1);
  // Stroke 7 adds three points, each sent as its own edit; stroke 8 adds one more.
  h.record(e1, "points painted", 7);
  h.record(painted(e1, 1), "points painted", 7);
  h.record(painted(e1, 2), "points painted", 7);
  h.record(painted(e1, 3), "points painted", 8);
  CHECK(h.undo_size() == 3);
  auto u = h.undo(painted(e1, 4));
  REQUIRE(u);
  CHECK(u->state == painted(e1, 3));
  u = h.undo(u->state);
  REQUIRE(u);
  CHECK(u->state == e1);  // the whole first stroke at once
  u = h.undo(u->state);
  REQUIRE(u);
  CHECK(u->state == e0);
}

TEST_CASE("the undo history keeps the newest 100 edits and forgets the oldest") {
  UndoStack<Experiment> h;
  REQUIRE(h.limit() == 100);
  const Experiment e0 = playground_experiment();
  for (int i = 0; i < 150; ++i) h.record(with_lr(e0, 0.001 * (i + 1)), "lr");
  CHECK(h.undo_size() == 100);
  Experiment now = with_lr(e0, 1.0);
  int undone = 0;
  std::optional<UndoStack<Experiment>::Entry> last;
  while (auto u = h.undo(now)) {
    now = u->state;
    last = u;
    ++undone;
  }
  CHECK(undone == 100);
  REQUIRE(last);
  CHECK(last->state.training.optimizer.lr == Approx(0.001 * 51));  // edits 51..150 kept
  CHECK(h.redo_size() == 100);

  UndoStack<int> small(3);
  for (int i = 0; i < 10; ++i) small.record(i, "n");
  CHECK(small.undo_size() == 3);
  CHECK(small.undo(10)->state == 9);
}

TEST_CASE("an undone edit, applied to the trainer, trains exactly as if it had never been made") {
  // The app undoes by applying the recorded experiment (Trainer::apply): the result must be
  // the run the edit interrupted, bit for bit, data included.
  const Experiment e0 = playground_experiment();
  UndoStack<Experiment> h;
  Trainer edited(e0);
  h.record(e0, "points painted");
  Dataset d = make_dataset(e0);
  d.points.resize(20);
  edited.set_data(d);
  REQUIRE(edited.wait_idle(10s));
  REQUIRE(edited.snapshot()->experiment->data.source == DataSpec::Source::points);
  auto u = h.undo(*edited.snapshot()->experiment);
  REQUIRE(u);
  edited.apply(u->state);
  edited.step_epochs(3);
  REQUIRE(edited.wait_idle(20s));

  Trainer plain(e0);
  plain.step_epochs(3);
  REQUIRE(plain.wait_idle(20s));
  const auto a = edited.snapshot(), b = plain.snapshot();
  CHECK(*a->experiment == *b->experiment);
  CHECK(*a->data == *b->data);
  CHECK(a->epoch == 3);
  CHECK(a->params == b->params);
}
