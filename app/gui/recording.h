// app/gui/recording.h — the whole window as an animation (issue 14): the run played again on
// the trainer and recorded as it plays, every K-th epoch one frame of the window.
//
// How (the UI thread never waits on training or on the encoder):
//   1. start: the trainer is paused, its pace lifted, the run reset (same seed: the initial
//      weights again) and stepped to `from`;
//   2. each frame, `recording_frame` reads the snapshot: once the trainer paused at the epoch
//      asked for (and the encoder has room), the next frame is drawn for the recording;
//   3. that frame is drawn offscreen at the size the window had when the recording began, at
//      1× or 2× (2×: fonts and sizes at twice the scale, as the 2× window export draws),
//      without the export window and without the pointer (unless a button is held: a drag goes
//      on), and never shown; `capture_recording` reads it back and hands it to the encoder,
//      then asks the trainer for the next K epochs (step_epochs), or closes the recording;
//   4. the encoder (an nn::Background job) takes frames from a small queue as they come and
//      writes them through AnimationWriter (gui/animation.h): a GIF encoded frame by frame, or
//      PNGs written under temporary names; the file(s) appear at the end, whole. At most
//      kQueued frames wait in the queue: the next K epochs are asked for only once there is room.
// A pause point inside the range (the epoch limit, the loss threshold) is passed; a divergence
// ends the recording early with the frames so far. Play, Step and Reset wait until the
// recording is over (recording_holds_run); an edit is recorded as it happens; a load, a
// lesson's step or scrubbing the timeline moves the run away from the epoch asked for: the
// recording stops and writes nothing, saying why. Cancel writes nothing.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gui/animation.h"
#include "nn/background.h"

struct ImDrawData;

namespace descent::gui {

struct Ctx;
struct UiState;

// Frames from the UI thread to the encoder: bounded, and neither side blocks the UI thread.
class FrameQueue {
 public:
  static constexpr size_t kQueued = 2;
  bool has_room() const;
  void push(std::vector<uint8_t> frame);  // the UI thread: only after has_room()
  void close();                           // no more frames
  enum class Got { frame, none_yet, end };
  // The encoder: the next frame, waiting at most `wait_ms` for one.
  Got pop(std::vector<uint8_t>& frame, int wait_ms);

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::vector<uint8_t>> frames_;
  bool closed_ = false;
};

// The encoder's job: every frame of `q` through an AnimationWriter, until the queue is closed
// (then the file(s) are written) or p is cancelled (nothing is). `expected` frames: progress.
AnimationResult encode_frames(FrameQueue& q, const AnimationSpec& spec, int width, int height, int expected,
                              nn::Progress& p);

struct RecordingState {
  bool active = false;
  AnimationSpec spec;
  int width = 0, height = 0;      // the window's size at the start; frames are this × spec.scale
  long target = 0;                // the epoch the trainer was asked to reach
  uint64_t awaited = 0;           // the trainer command that asks for it
  bool capture_due = false;       // the next frame is drawn for the recording
  bool closed = false;            // all frames handed over; the encoder finishes the file(s)
  int captured = 0, expected = 0;
  std::string stopped;            // why the recording stopped early ("": it did not)
  double pace_before = 0.0;       // the trainer's pace before (0: max), restored at the end
  float speed_t_before = 1.0f;    // the pace slider then (moved meanwhile: its pace is restored)
  std::shared_ptr<FrameQueue> queue;
  std::unique_ptr<nn::Background<AnimationResult>> job;
  const void* export_window = nullptr;  // the export window's ImDrawList this frame: left out
};

// The frames a range gives: from, from + K, ... up to `to`.
int frames_in_range(long from, long to, long every);
// Start recording with c.ui.classroom.export_spec (refused with one line in compare mode or
// when the file cannot be written).
void start_recording(Ctx& c);
// Once per frame, before the panels: follow the trainer, collect the encoder's result.
void recording_frame(Ctx& c);
// The next frame is drawn for the recording: its scale (1 or 2), 0 when it is not.
int recording_frame_scale(const UiState& ui);
// The frame's logical size for the recording (the window's at the start, times the scale).
void recording_display_size(const UiState& ui, int scale, float* w, float* h);
// After ImGui::Render() of that frame: draw it offscreen, hand it over, ask for the next epochs.
void capture_recording(Ctx& c, ImDrawData* dd);
// Cancel: nothing is written (the encoder removes what it began).
void cancel_recording(Ctx& c);
// While frames are recorded the recording drives the run: the transport (Play, Step, Reset)
// asks for this first; true (and a line in the status bar) means it does nothing.
bool recording_holds_run(Ctx& c);

}  // namespace descent::gui
