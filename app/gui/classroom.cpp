// app/gui/classroom.cpp — lessons' steps, presentation mode, the export job (see classroom.h).
//
// [SECTION] lessons: open, enter a step, play it
// [SECTION] keys and the frame
// [SECTION] presentation mode
// [SECTION] animation export window
// [SECTION] state for tests
#include "gui/classroom.h"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "app/cli.h"
#include "gui/panels/panels.h"
#include "gui/strings.h"
#include "gui/theme.h"
#include "gui/formatted.h"

namespace descent::gui {

// =============================================================================================
// [SECTION] lessons: open, enter a step, play it
// =============================================================================================

void open_lesson(Ctx& c, const std::string& path) {
  ClassroomState& cr = c.ui.classroom;
  try {
    cr.lesson = nn::load_lesson(path, (std::filesystem::path(descent::assets_dir()) / "presets").string());
    cr.lesson_path = path;
    cr.collapsed = false;
    go_to_step(c, 0);
    set_status(c.ui, formatted(tr("lesson.opened"), nn::shown_title(*cr.lesson, language_code(language())).c_str()));
  } catch (const std::exception& e) {
    set_status(c.ui, e.what(), true);
  }
}

void go_to_step(Ctx& c, int i) {
  ClassroomState& cr = c.ui.classroom;
  if (!cr.lesson) return;
  i = std::clamp(i, 0, int(cr.lesson->steps.size()) - 1);
  const nn::LessonStep& s = cr.lesson->steps[size_t(i)];
  cr.step = i;
  cr.chosen = -1;
  cr.revealed = false;
  cr.strokes.clear();
  if (cr.drawing) c.ui.paint_enabled = cr.paint_before_drawing;
  cr.drawing = false;
  c.trainer.pause();
  // Backwards, or a step that opens an experiment: start from its experiment. Forwards, a step
  // of settings changes the run as it stands (as the teacher would in the recipe).
  if (s.loads || i == 0) {
    c.trainer.load(s.experiment);
    c.ui.pending_exp.reset();
    c.ui.pending_data.reset();
    c.ui.data_edited = false;
    c.ui.view = ViewRect{};
  } else if (!s.settings.empty()) {
    apply_experiment(c, s.experiment);
  }
  if (s.reset) c.trainer.reset();
}

void play_step(Ctx& c) {
  ClassroomState& cr = c.ui.classroom;
  if (!cr.lesson) return;
  const nn::LessonStep& s = cr.lesson->steps[size_t(cr.step)];
  if (s.question && !s.question->draw && cr.chosen < 0) {
    set_status(c.ui, tr("lesson.pick_first"), true);
    return;
  }
  if (cr.drawing) c.ui.paint_enabled = cr.paint_before_drawing;
  cr.drawing = false;
  if (s.action.kind == nn::LessonAction::Kind::epochs) c.trainer.step_epochs(s.action.count);
  else if (s.action.kind == nn::LessonAction::Kind::steps) c.trainer.step_steps(s.action.count);
  cr.revealed = true;
}

// =============================================================================================
// [SECTION] keys and the frame
// =============================================================================================

bool classroom_shortcuts(Ctx& c, bool* fonts_dirty) {
  ClassroomState& cr = c.ui.classroom;
  auto pressed = [](int key) { return ImGui::IsKeyPressed(key, false); };
  if (pressed(GLFW_KEY_F5) && !cr.presenting) {
    cr.presenting = true;
    *fonts_dirty = true;
  } else if (pressed(GLFW_KEY_ESCAPE) && cr.presenting) {
    cr.presenting = false;
    *fonts_dirty = true;
  }
  if (!cr.lesson) return false;
  const bool next = pressed(GLFW_KEY_PAGE_DOWN) || pressed(GLFW_KEY_RIGHT);
  const bool prev = pressed(GLFW_KEY_PAGE_UP) || pressed(GLFW_KEY_LEFT);
  if (next && cr.step + 1 < int(cr.lesson->steps.size())) go_to_step(c, cr.step + 1);
  if (prev && cr.step > 0) go_to_step(c, cr.step - 1);
  return true;  // with a lesson open, the arrows belong to the clicker
}

void classroom_frame(Ctx& c) {
  ClassroomState& cr = c.ui.classroom;
  if (!cr.pending_lesson.empty()) {
    const std::string path = std::exchange(cr.pending_lesson, "");
    open_lesson(c, path);
  }
  if (cr.export_job && cr.export_job->done()) {
    const auto r = cr.export_job->result();
    if (!r->error.empty()) set_status(c.ui, r->error, true);
    else if (r->cancelled) set_status(c.ui, tr("export.cancelled"));
    else set_status(c.ui, formatted(tr("export.done"), r->frames, cr.export_spec.path.c_str()));
    cr.export_job.reset();
  }
  recording_frame(c);
}

float effective_scale(const UiState& ui, const Settings& st) {
  return ui.classroom.presenting ? std::min(Settings::kMaxScale, st.scale * kPresentationScale) : st.scale;
}

void apply_fonts_and_theme(const UiState& ui, const Settings& st, int extra) {
  load_fonts(effective_scale(ui, st), extra);
  apply_frame_scale(ui, st, 1);
}

void apply_frame_scale(const UiState& ui, const Settings& st, int factor) {
  const float scale = effective_scale(ui, st) * float(factor);
  use_fonts(factor);
  if (ui.classroom.presenting && ui.classroom.high_contrast) apply_high_contrast_theme(scale);
  else apply_theme(st.dark, scale);
}

// =============================================================================================
// [SECTION] presentation mode
// =============================================================================================

void draw_presentation(Ctx& c, ImVec2 o, ImVec2 sz, float top_h) {
  const float out_w = std::round(sz.x * 0.42f);
  const float net_w = sz.x - out_w;
  show_network_panel(c, o, ImVec2(net_w, sz.y));
  show_output_panel(c, ImVec2(o.x + net_w, o.y), ImVec2(out_w, sz.y));
  if (c.ui.classroom.lesson) show_lesson_card(c, ImVec2(o.x, o.y + sz.y), net_w);
  // Controls on hover: the top bar appears while the pointer is near the top edge.
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const bool near_top = mouse.y >= o.y && mouse.y < o.y + top_h && mouse.x >= o.x;
  if (near_top) {
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(palette().bg));
    show_top_bar(c, o, ImVec2(sz.x, top_h));
    ImGui::PopStyleColor();
    ImGui::SetNextWindowPos(ImVec2(o.x + sz.x - 8 * c.s, o.y + top_h + 4 * c.s), 0, ImVec2(1, 0));
    ImGui::Begin("##present_controls", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing);
    bool hc = c.ui.classroom.high_contrast;
    if (ImGui::Checkbox(tr("present.high_contrast"), &hc)) {
      c.ui.classroom.high_contrast = hc;
      c.ui.classroom.presenting = true;
      c.ui.classroom.fonts_dirty = true;
    }
    mark(c.ui, "present_high_contrast");
    ImGui::SameLine();
    if (ImGui::Button(tr("present.leave"))) {
      c.ui.classroom.presenting = false;
      c.ui.classroom.fonts_dirty = true;
    }
    mark(c.ui, "present_leave");
    ImGui::End();
  }
}

// =============================================================================================
// [SECTION] animation export window
// =============================================================================================

namespace {

// What to animate: the output view (replayed on the CPU) or the whole window (recorded).
void export_what(Ctx& c, AnimationSpec& sp) {
  int what = sp.whole_window ? 1 : 0;
  ImGui::RadioButton(tr("record.view"), &what, 0);
  mark(c.ui, "export_view");
  ImGui::SameLine();
  ImGui::RadioButton(tr("record.window"), &what, 1);
  mark(c.ui, "export_whole");
  sp.whole_window = what == 1;
}

// The file, the epoch range, the frame rate and the scale.
void export_options(Ctx& c, AnimationSpec& sp) {
  ClassroomState& cr = c.ui.classroom;
  int kind = sp.png_sequence ? 1 : 0;
  ImGui::RadioButton(tr("export.gif"), &kind, 0);
  ImGui::SameLine();
  ImGui::RadioButton(tr("export.png"), &kind, 1);
  mark(c.ui, "export_png");
  sp.png_sequence = kind == 1;
  ImGui::InputText(tr("export.file"), cr.export_path, sizeof cr.export_path);
  mark(c.ui, "export_file");
  int from = int(sp.from), to = int(sp.to), every = int(sp.every);
  if (ImGui::InputInt(tr("export.from"), &from, 0, 0)) sp.from = std::max(0, from);
  mark(c.ui, "export_from");
  if (ImGui::InputInt(tr("export.to"), &to, 0, 0)) sp.to = std::max(0, to);
  mark(c.ui, "export_to");
  if (ImGui::InputInt(tr("export.every"), &every, 0, 0)) sp.every = std::max(1, every);
  mark(c.ui, "export_every");
  float fps = float(sp.fps);
  if (slider_float(tr("export.fps"), &fps, 1.0f, 50.0f, "%.0f")) sp.fps = fps;
  mark(c.ui, "export_fps");
  bool two = sp.scale == 2;
  const std::string two_label = sp.whole_window ? formatted(tr("record.scale2"), 2 * c.ui.window_w, 2 * c.ui.window_h)
                                                : std::string(tr("export.scale2"));
  ImGui::Checkbox((two_label + "###export_scale2").c_str(), &two);
  mark(c.ui, "export_scale2");
  sp.scale = two ? 2 : 1;
  ImGui::PushTextWrapPos(0.0f);
  caption(tr(sp.whole_window ? "record.note" : "export.note"));
  ImGui::PopTextWrapPos();
}

void start_export(Ctx& c) {
  ClassroomState& cr = c.ui.classroom;
  AnimationSpec& sp = cr.export_spec;
  sp.path = cr.export_path;
  sp.dark = c.settings.dark;
  sp.to = std::max(sp.from, sp.to);
  if (sp.whole_window) return start_recording(c);
  const nn::Experiment e = base_experiment(c);
  const AnimationSpec spec = sp;
  cr.export_job = std::make_unique<nn::Background<AnimationResult>>(
      [e, spec](nn::Progress& p) { return export_animation(e, spec, p); });
}

// While an export runs: its progress and Cancel.
void export_progress(Ctx& c) {
  ClassroomState& cr = c.ui.classroom;
  const RecordingState& r = cr.recording;
  ImGui::ProgressBar(float(r.active ? r.job->progress() : cr.export_job->progress()), ImVec2(-1, 0));
  mark(c.ui, "export_progress");
  if (r.active) caption(formatted(tr("record.progress"), r.captured, r.expected, r.target).c_str());
  if (ImGui::Button(tr("export.cancel"))) {
    if (r.active) cancel_recording(c);
    else cr.export_job->cancel();
  }
  mark(c.ui, "export_cancel");
}

}  // namespace

void show_export_window(Ctx& c, float centre_x) {
  ClassroomState& cr = c.ui.classroom;
  if (!cr.show_export) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  // First over the canvas, clear of the output view it animates; inside the window however small.
  const float w = std::min(540 * c.s, vp->Size.x);
  const float x = std::clamp(centre_x - w * 0.5f, vp->Pos.x, vp->Pos.x + vp->Size.x - w);
  ImGui::SetNextWindowPos(ImVec2(x, vp->Pos.y + vp->Size.y * 0.25f), ImGuiCond_Appearing);
  // As tall as its content, which grows while an export runs (the progress and Cancel).
  ImGui::SetNextWindowSize(ImVec2(w, 0), ImGuiCond_Always);
  const bool open = ImGui::Begin(label("export.title", "export").c_str(), &cr.show_export, ImGuiWindowFlags_NoSavedSettings);
  cr.recording.export_window = ImGui::GetWindowDrawList();  // left out of the recorded frames
  if (!open) {
    ImGui::End();
    return;
  }
  ImGui::PushItemWidth(-190 * c.s);  // room for the labels
  mark_window(c.ui, "export_window");
  const bool busy = cr.export_job != nullptr || cr.recording.active;
  ImGui::BeginDisabled(busy);
  export_what(c, cr.export_spec);
  export_options(c, cr.export_spec);
  if (ImGui::Button(tr("export.start"))) start_export(c);
  mark(c.ui, "export_start");
  ImGui::EndDisabled();
  if (busy) export_progress(c);
  ImGui::PopItemWidth();
  ImGui::End();
}

// =============================================================================================
// [SECTION] state for tests
// =============================================================================================

void add_classroom_state(nlohmann::json& j, const UiState& ui) {
  const ClassroomState& cr = ui.classroom;
  j["presenting"] = cr.presenting;
  j["high_contrast"] = cr.presenting && cr.high_contrast;
  j["export_running"] = cr.export_job != nullptr;
  const RecordingState& r = cr.recording;
  j["recording"] = {{"active", r.active}, {"captured", r.captured}, {"expected", r.expected},
                    {"target", r.target}, {"closed", r.closed}};
  if (!cr.lesson) {
    j["lesson"] = nullptr;
    return;
  }
  size_t points = 0;
  for (const auto& s : cr.strokes) points += s.size();
  j["lesson"] = {{"title", cr.lesson->title}, {"step", cr.step + 1}, {"steps", cr.lesson->steps.size()},
                 {"step_title", cr.lesson->steps[size_t(cr.step)].title}, {"collapsed", cr.collapsed},
                 {"chosen", cr.chosen}, {"revealed", cr.revealed}, {"drawing", cr.drawing},
                 {"strokes", cr.strokes.size()}, {"stroke_points", points}};
}

}  // namespace descent::gui
