// nn/undo.h — a bounded undo/redo history of states (the app keeps one of Experiments).
//
// It stores whole states, not differences: an Experiment is small (a painted data set is the
// largest part, bounded by nn/limits.h), and a state is always consistent by itself, so undo
// never has to know what an edit did. The owner records the state *before* each edit; undo
// hands back the state to restore and keeps the current one for redo.
//
// Edits that belong together (the points of one paint stroke) share a group: a record with the
// same non-zero group as the newest entry is dropped, so one Ctrl+Z takes back the whole stroke.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <utility>

namespace nn {

template <typename State>
class UndoStack {
 public:
  struct Entry {
    State state;       // what to go back to
    std::string what;  // what the edit did, for the status line ("lr 0.1", "points painted")
    uint64_t group = 0;
  };

  // 100 steps: a lesson's worth of edits; the oldest is forgotten first.
  static constexpr size_t kDefaultLimit = 100;
  explicit UndoStack(size_t limit = kDefaultLimit) : limit_(limit < 1 ? 1 : limit) {}

  // `before` is the state the edit changed. A new edit ends every redo.
  void record(State before, std::string what, uint64_t group = 0) {
    redo_.clear();
    if (group != 0 && !undo_.empty() && undo_.back().group == group) return;
    push(undo_, Entry{std::move(before), std::move(what), group});
  }

  // The state to restore (and what the undone edit did), or nothing when there is none.
  // `current` becomes the redo step.
  std::optional<Entry> undo(State current) { return move_top(undo_, redo_, std::move(current)); }
  std::optional<Entry> redo(State current) { return move_top(redo_, undo_, std::move(current)); }

  // The entry undo / redo would hand back (null when none): the owner may need it to describe
  // the current state in the same terms (e.g. the value of the same weight).
  const Entry* next_undo() const { return undo_.empty() ? nullptr : &undo_.back(); }
  const Entry* next_redo() const { return redo_.empty() ? nullptr : &redo_.back(); }

  size_t undo_size() const { return undo_.size(); }
  size_t redo_size() const { return redo_.size(); }
  size_t limit() const { return limit_; }
  // A new experiment (a file opened): its edits start afresh.
  void clear() {
    undo_.clear();
    redo_.clear();
  }

 private:
  void push(std::deque<Entry>& to, Entry e) {
    to.push_back(std::move(e));
    while (to.size() > limit_) to.pop_front();
  }
  // Takes the top of `from` and leaves `current` on `to` under the same label, so redo of an
  // undo says what is redone.
  std::optional<Entry> move_top(std::deque<Entry>& from, std::deque<Entry>& to, State current) {
    if (from.empty()) return std::nullopt;
    Entry top = std::move(from.back());
    from.pop_back();
    push(to, Entry{std::move(current), top.what, 0});
    return top;
  }

  size_t limit_;
  std::deque<Entry> undo_, redo_;
};

}  // namespace nn
