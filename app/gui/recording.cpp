// app/gui/recording.cpp — the whole window recorded as the run plays again (see recording.h).
#include "gui/recording.h"

#include <imgui.h>

#include <algorithm>
#include <chrono>

#include "gui/formatted.h"
#include "gui/strings.h"
#include "gui/ui.h"
#include "gui/window_export.h"
#include "nn/file_io.h"
#include "nn/message.h"

namespace descent::gui {

// ---- the queue and the encoder --------------------------------------------------------------

bool FrameQueue::has_room() const {
  std::lock_guard lock(mu_);
  return frames_.size() < kQueued;
}

void FrameQueue::push(std::vector<uint8_t> frame) {
  {
    std::lock_guard lock(mu_);
    frames_.push_back(std::move(frame));
  }
  cv_.notify_one();
}

void FrameQueue::close() {
  {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  cv_.notify_one();
}

FrameQueue::Got FrameQueue::pop(std::vector<uint8_t>& frame, int wait_ms) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, std::chrono::milliseconds(wait_ms), [this] { return !frames_.empty() || closed_; });
  if (frames_.empty()) return closed_ ? Got::end : Got::none_yet;
  frame = std::move(frames_.front());
  frames_.pop_front();
  return Got::frame;
}

AnimationResult encode_frames(FrameQueue& q, const AnimationSpec& spec, int width, int height, int expected,
                              nn::Progress& p) {
  AnimationResult res;
  try {
    AnimationWriter out(spec, width, height);
    std::vector<uint8_t> frame;
    for (;;) {
      if (p.cancelled()) return {res.frames, true, ""};
      const FrameQueue::Got got = q.pop(frame, 50);
      if (got == FrameQueue::Got::end) break;
      if (got == FrameQueue::Got::none_yet) continue;
      if (frame.size() != size_t(width) * height * 4) throw nn::Error("a recorded frame has the wrong size");
      out.add(frame.data());
      ++res.frames;
      p.set(0.99 * double(res.frames) / double(std::max(expected, 1)));
    }
    if (res.frames == 0) throw nn::Error(spec.path + ": no frame was recorded");
    out.finish();
    p.set(1.0);
  } catch (const std::exception& ex) {
    res.error = nn::one_line(ex.what());
  }
  return res;
}

// ---- the UI thread's side -------------------------------------------------------------------

namespace {

// The trainer's pace as it was before the recording lifted it (the pace slider's, if the user
// moved it meanwhile).
void restore_pace(Ctx& c) {
  const RecordingState& r = c.ui.classroom.recording;
  c.trainer.set_pace(c.ui.speed_t == r.speed_t_before ? r.pace_before : pace_of_slider(c.ui.speed_t));
}

// All frames handed over: the encoder writes the file(s) and finishes.
void close_recording(Ctx& c) {
  RecordingState& r = c.ui.classroom.recording;
  r.queue->close();
  r.closed = true;
  restore_pace(c);
}

// Stopped early: the encoder is cancelled (writes nothing); `why` goes to the status line.
void stop_recording(Ctx& c, std::string why) {
  RecordingState& r = c.ui.classroom.recording;
  if (r.closed) return;
  r.stopped = std::move(why);
  r.job->cancel();
  r.closed = true;
  c.trainer.pause();
  restore_pace(c);
}

// The encoder is done: say how it went and forget the recording.
void finish_recording(Ctx& c) {
  RecordingState& r = c.ui.classroom.recording;
  if (!r.closed) {  // the encoder failed while frames were still coming
    c.trainer.pause();
    restore_pace(c);
  }
  const auto res = r.job->result();
  if (!r.stopped.empty()) set_status(c.ui, r.stopped, true);
  else if (!res->error.empty()) set_status(c.ui, res->error, true);
  else if (res->cancelled) set_status(c.ui, tr("export.cancelled"));
  else set_status(c.ui, formatted(tr("export.done"), res->frames, r.spec.path.c_str()));
  r = RecordingState{};
}

// `dd` without the draw list `left_out` (the export window). `keep` holds the lists.
ImDrawData without_list(const ImDrawData& dd, const void* left_out, ImVector<ImDrawList*>& keep) {
  ImDrawData out = dd;
  keep.clear();
  out.TotalVtxCount = out.TotalIdxCount = 0;
  for (int i = 0; i < dd.CmdListsCount; ++i) {
    if (dd.CmdLists[i] == left_out) continue;
    keep.push_back(dd.CmdLists[i]);
    out.TotalVtxCount += dd.CmdLists[i]->VtxBuffer.Size;
    out.TotalIdxCount += dd.CmdLists[i]->IdxBuffer.Size;
  }
  out.CmdLists = keep.Data;
  out.CmdListsCount = keep.Size;
  return out;
}

}  // namespace

int frames_in_range(long from, long to, long every) {
  from = std::max(0L, from);
  return to < from ? 0 : int((to - from) / std::max(1L, every)) + 1;
}

void start_recording(Ctx& c) {
  ClassroomState& cr = c.ui.classroom;
  AnimationSpec sp = cr.export_spec;
  sp.from = std::max(0L, sp.from);
  sp.to = std::max(sp.from, sp.to);
  sp.every = std::max(1L, sp.every);
  sp.scale = std::clamp(sp.scale, 1, 2);
  if (comparing(c.ui)) return set_status(c.ui, tr("record.compare"), true);
  try {  // now, not after the run: a typo must not cost the recording
    nn::check_writable(sp.png_sequence ? sequence_name(sp.path, 1) : sp.path);
  } catch (const std::exception& e) {
    return set_status(c.ui, nn::one_line(e.what()), true);
  }
  RecordingState& r = cr.recording;
  r = RecordingState{};
  r.active = true;
  r.spec = sp;
  r.width = std::max(1, c.ui.window_w);
  r.height = std::max(1, c.ui.window_h);
  r.expected = frames_in_range(sp.from, sp.to, sp.every);
  r.pace_before = c.snap.pace;
  r.speed_t_before = c.ui.speed_t;
  r.queue = std::make_shared<FrameQueue>();
  r.job = std::make_unique<nn::Background<AnimationResult>>(
      [q = r.queue, sp, w = r.width * sp.scale, h = r.height * sp.scale, n = r.expected](nn::Progress& p) {
        return encode_frames(*q, sp, w, h, n, p);
      });
  c.ui.lab.timeline.scrub_epoch = -1;  // the live run is recorded
  c.ui.lab.timeline.shown.reset();
  c.trainer.pause();
  c.trainer.set_pace(0.0);  // as fast as it trains: the GIF's time is its frame rate's
  r.target = sp.from;
  r.awaited = c.trainer.reset();
  if (sp.from > 0) r.awaited = c.trainer.step_epochs(sp.from);
  set_status(c.ui, formatted(tr("record.started"), r.expected));
}

// Follow the trainer: once it paused at the epoch asked for, the next frame is recorded. A
// pause point on the way (epoch limit, loss threshold) is passed; a divergence ends the
// recording; anything else moved the run away from what is recorded.
void recording_frame(Ctx& c) {
  RecordingState& r = c.ui.classroom.recording;
  r.export_window = nullptr;  // set again if the export window is drawn this frame
  if (!r.active) return;
  if (r.job->done()) return finish_recording(c);
  if (r.closed || r.capture_due) return;
  const nn::Snapshot& s = c.snap;
  if (s.applied_command < r.awaited) return;
  const bool ended = s.state == nn::RunState::diverged || s.state == nn::RunState::no_data;
  if (ended) {
    if (r.captured > 0) return close_recording(c);
    return stop_recording(c, formatted(tr("record.diverged"), r.target));
  }
  if (!s.playing && s.epoch == r.target) {
    r.capture_due = r.queue->has_room();  // else the encoder catches up first
    return;
  }
  if (s.playing) {
    if (s.epoch > r.target) stop_recording(c, tr("record.interrupted"));
    return;
  }
  if (s.epoch < r.target && (s.state == nn::RunState::finished || s.state == nn::RunState::converged)) {
    r.awaited = c.trainer.step_epochs(r.target - s.epoch);  // on past the pause point
    return;
  }
  stop_recording(c, tr("record.interrupted"));
}

int recording_frame_scale(const UiState& ui) {
  const RecordingState& r = ui.classroom.recording;
  return r.active && r.capture_due && !r.closed ? r.spec.scale : 0;
}

void recording_display_size(const UiState& ui, int scale, float* w, float* h) {
  *w = float(ui.classroom.recording.width * scale);
  *h = float(ui.classroom.recording.height * scale);
}

void capture_recording(Ctx& c, ImDrawData* dd) {
  RecordingState& r = c.ui.classroom.recording;
  r.capture_due = false;
  if (!r.active || r.closed) return;
  if (c.snap.epoch != r.target || c.snap.playing) return stop_recording(c, tr("record.interrupted"));
  ImVector<ImDrawList*> keep;
  ImDrawData shown = without_list(*dd, r.export_window, keep);
  const int f = r.spec.scale;
  std::vector<uint8_t> px = render_offscreen(&shown, r.width * f, r.height * f);
  if (px.empty()) return stop_recording(c, formatted(tr("window_export.offscreen_failed"), r.spec.path.c_str()));
  r.queue->push(std::move(px));
  ++r.captured;
  if (r.target + r.spec.every > r.spec.to) return close_recording(c);
  r.target += r.spec.every;
  r.awaited = c.trainer.step_epochs(r.spec.every);
}

bool recording_holds_run(Ctx& c) {
  const RecordingState& r = c.ui.classroom.recording;
  if (!r.active || r.closed) return false;
  set_status(c.ui, tr("record.transport"), true);
  return true;
}

void cancel_recording(Ctx& c) {
  RecordingState& r = c.ui.classroom.recording;
  if (!r.active) return;
  r.job->cancel();  // also after close: the encoder has not written yet
  if (!r.closed) {
    r.closed = true;
    c.trainer.pause();
    restore_pace(c);
  }
}

}  // namespace descent::gui
