// app/gui/lab.h — the learning-rate lab's UI state (compare, the LR range test, the loss
// landscape, the timeline), one member of UiState, and the few helpers the rest of the GUI
// calls into it.
//
// The lab's work runs off the UI thread (docs/DESIGN.md §2): compare runs on nn::Runs' pool,
// the range test and the landscape in an nn::Background each. The UI reads their snapshots or
// results once per frame and never waits; dropping the owning pointer cancels and joins (each
// job checks its cancel flag between steps, so that is quick).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gui/theme.h"
#include "nn/background.h"
#include "nn/landscape.h"
#include "nn/lr_find.h"
#include "nn/runs.h"

namespace descent::gui {

struct Ctx;
struct UiState;

// A background job's outcome: its result, or the one line saying why it failed (the engine's
// message; or, for a reason the app knows before it asks, a key of the string tables).
template <typename T>
struct JobResult {
  std::optional<T> value;
  std::string error;
  const char* error_key = nullptr;
};

struct CompareState {
  std::unique_ptr<nn::Runs> runs;     // set while compare mode is on
  std::optional<nn::BranchPoint> branch;  // "Branch from here": the next start's checkpoint
  std::shared_ptr<const nn::History> original;  // the run branched from, drawn beside the branches
  bool popup_request = false;         // open the "Compare" popup this frame
  bool start_request = false;         // start with the proposed values (DESCENT_OPEN=compare)
  // The data or the experiment was edited while comparing: the runs start again from it (they
  // must differ in the compared setting alone, so they cannot go on with what no longer is).
  bool restart_request = false;
  long starts = 0;                    // comparisons started (tests read it)
  int setting = 0;                    // row of nn::compare_settings()
  int setting_shown = -1;             // the row values_text was filled for
  std::string values_text;            // the typed list of values
  std::string error;                  // why the last start was refused
  double target = 0.95;               // "epochs to reach" this accuracy
  bool playing = false;               // what the transport last asked of the runs
  // The small multiples' fields (CPU colours, drawn as cells): one per run, recomputed when
  // the run's weights changed and at most every kTileRefresh seconds.
  struct Tile {
    uint64_t params_version = 0;
    double computed_at = -1e9;
    std::vector<Rgb> colors;
  };
  std::vector<Tile> tiles;
  std::vector<std::string> tips;      // the plots' divergence markers' tooltips (kept for EndPlot)
};

struct LrFindState {
  std::unique_ptr<nn::Background<JobResult<nn::LrFindResult>>> job;
  std::shared_ptr<const JobResult<nn::LrFindResult>> result;
  bool open = false;                  // the window
  long started_epoch = 0;             // the explored run's epoch when it started
  // the plot's columns, built once per result
  std::vector<double> log_lr, raw, smooth;
  const void* columns_for = nullptr;
  std::string tips[2];
};

struct LandscapeState {
  std::unique_ptr<nn::Background<JobResult<nn::Landscape>>> job;
  std::shared_ptr<const JobResult<nn::Landscape>> result;
  bool open = false;                  // the window
  int plane = 0;                      // 0: random directions, 1: the path's principal directions
  int grid = 21;
  uint64_t job_params_version = 0;    // of the weights the running job was given
  uint64_t result_params_version = 0; // of the weights `result` shows
  long job_epoch = 0, result_epoch = 0;
  double started_at = -1e9;           // ImGui time of the last start
  long computed = 0;                  // finished computations (tests read it)
  bool options_changed = false;       // recompute now, whatever the weights
};

struct TimelineState {
  long scrub_epoch = -1;              // the checkpoint shown; -1: the live run
  // The snapshot shown while scrubbing (the live one with the checkpoint's weights), rebuilt
  // when the live snapshot or the checkpoint changes.
  std::shared_ptr<const nn::Snapshot> shown;
  uint64_t shown_from_version = 0;
  long shown_epoch = -1;
};

struct LabState {
  CompareState compare;
  LrFindState lr_find;
  LandscapeState landscape;
  TimelineState timeline;
};

// Compare mode is on: the centre and right columns show the runs.
// --- lab.cpp ---------------------------------------------------------------------------------
bool comparing(const UiState& ui);
// The snapshot the panels draw this frame: the live one, or while scrubbing the timeline, the
// kept checkpoint's weights in it.
std::shared_ptr<const nn::Snapshot> shown_snapshot(UiState& ui, std::shared_ptr<const nn::Snapshot> live);
// The transport (top bar, Space) drives the compared runs in compare mode, else the trainer.
void play_pause(Ctx& c);
void reset_run(Ctx& c);
bool compare_playing(const UiState& ui);
// Anything of the lab's moving (runs playing, a job running): the loop polls instead of waiting.
bool lab_busy(const UiState& ui);
// The lab's part of the --print-state object (state_dump.cpp): "compare", "lr_find",
// "landscape", "timeline".
void add_lab_state(nlohmann::json& j, const Ctx& c);
// The run colours of compare mode (legend, tiles, table), by run index.
ImU32 run_color(int i);

}  // namespace descent::gui
