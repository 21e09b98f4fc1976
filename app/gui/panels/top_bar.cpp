// app/gui/panels/top_bar.cpp — transport (reset, play/pause, step), the epoch counter, the
// quick recipe controls (learning rate, optimizer, activation, L2, batch), speed, and the
// steps/s and frame-time read-outs. Playground's top row, plus what a native app can measure.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/panels/panels.h"
#include "gui/theme.h"

namespace descent::gui {

namespace {

enum class Icon { play, pause, step, reset };

// A round icon button drawn with the draw list (the default font has no such glyphs).
bool icon_button(const char* id, Icon icon, ImVec2 centre, float r, bool primary) {
  ImGui::SetCursorScreenPos(ImVec2(centre.x - r, centre.y - r));
  const bool pressed = ImGui::InvisibleButton(id, ImVec2(2 * r, 2 * r));
  const bool hovered = ImGui::IsItemHovered(), held = ImGui::IsItemActive();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const Palette& p = palette();
  ImU32 fill, fg;
  if (primary) {
    ImVec4 a = ImGui::ColorConvertU32ToFloat4(p.dark ? IM_COL32(79, 163, 217, 255) : p.accent);
    const float k = held ? 0.85f : hovered ? 1.12f : 1.0f;
    fill = ImGui::ColorConvertFloat4ToU32(ImVec4(std::min(1.0f, a.x * k), std::min(1.0f, a.y * k), std::min(1.0f, a.z * k), 1));
    fg = IM_COL32(255, 255, 255, 255);
  } else {
    fill = ImGui::GetColorU32(held ? ImGuiCol_ButtonActive : hovered ? ImGuiCol_ButtonHovered : ImGuiCol_Button);
    fg = ImGui::GetColorU32(ImGuiCol_Text);
  }
  dl->AddCircleFilled(centre, r, fill, 40);
  const float u = r * 0.42f;
  switch (icon) {
    case Icon::play:
      dl->AddTriangleFilled(ImVec2(centre.x - u * 0.75f, centre.y - u), ImVec2(centre.x - u * 0.75f, centre.y + u),
                            ImVec2(centre.x + u * 1.05f, centre.y), fg);
      break;
    case Icon::pause:
      dl->AddRectFilled(ImVec2(centre.x - u * 0.8f, centre.y - u), ImVec2(centre.x - u * 0.25f, centre.y + u), fg, 1.0f);
      dl->AddRectFilled(ImVec2(centre.x + u * 0.25f, centre.y - u), ImVec2(centre.x + u * 0.8f, centre.y + u), fg, 1.0f);
      break;
    case Icon::step:
      dl->AddTriangleFilled(ImVec2(centre.x - u * 0.9f, centre.y - u * 0.9f), ImVec2(centre.x - u * 0.9f, centre.y + u * 0.9f),
                            ImVec2(centre.x + u * 0.55f, centre.y), fg);
      dl->AddRectFilled(ImVec2(centre.x + u * 0.55f, centre.y - u * 0.9f), ImVec2(centre.x + u * 0.9f, centre.y + u * 0.9f), fg);
      break;
    case Icon::reset: {
      const float rr = u * 0.95f;
      dl->PathArcTo(centre, rr, 3.14159f * 0.35f, 3.14159f * 1.95f, 20);
      dl->PathStroke(fg, 0, std::max(1.5f, r * 0.11f));
      const ImVec2 tip(centre.x + rr * std::cos(3.14159f * 1.95f), centre.y + rr * std::sin(3.14159f * 1.95f));
      dl->AddTriangleFilled(ImVec2(tip.x - u * 0.55f, tip.y - u * 0.35f), ImVec2(tip.x + u * 0.45f, tip.y - u * 0.55f),
                            ImVec2(tip.x + u * 0.05f, tip.y + u * 0.5f), fg);
      break;
    }
  }
  return pressed;
}

// Speed slider position t in [0, 1] -> steps per second (0 = unlimited at t = 1).
double speed_of(float t) { return t >= 0.999f ? 0.0 : std::pow(10.0, double(t) * 4.7); }
std::string speed_text(float t) {
  if (t >= 0.999f) return "max";
  char b[32];
  const double v = speed_of(t);
  std::snprintf(b, sizeof b, v < 10 ? "%.1f steps/s" : "%.0f steps/s", v);
  return b;
}

// The bar's geometry while it is laid out left to right: x is where the next item goes.
struct Bar {
  ImVec2 pos, size;
  float s = 1.0f;
  float cy = 0.0f;       // the bar's vertical centre
  float x = 0.0f;
  float cap_h = 0.0f;    // a caption's height
  float group_y = 0.0f;  // top of a caption + control group
  float k = 1.0f;        // controls' width factor (0.55 … 1: narrower when room is short)
  bool show_training = true, show_frame = true;  // the read-outs that fit

  // A caption with a control under it, `w` wide; x moves past it.
  template <typename Body>
  void group(const char* cap, float w, Body&& body) {
    ImGui::SetCursorScreenPos(ImVec2(x, group_y));
    ImGui::BeginGroup();
    ImGui::PushClipRect(ImVec2(x, pos.y), ImVec2(x + w + 8 * s, pos.y + size.y), true);  // narrowed: no overlap
    caption(cap);
    ImGui::PopClipRect();
    ImGui::SetCursorScreenPos(ImVec2(x, group_y + cap_h + ImGui::GetStyle().ItemSpacing.y * 0.5f));
    body(w);
    ImGui::EndGroup();
    x += w + 12 * s;
  }
};

// What fits: at a large UI scale on a small window (a projector) the read-outs go first
// (frame rate, then steps/s), then the controls get narrower, down to 55 %.
constexpr float kControls = 84 + 96 + 96 + 88 + 90 + 76, kSpeed = 120, kGap = 12;
// The Compare button keeps its width (its word must fit); the controls narrow to kShrinkFirst
// before a read-out gives way (so that all fit at 1280 px).
constexpr float kCompare = 68 + kGap, kShrinkFirst = 0.88f;
constexpr float kTraining = 84 + kGap, kFrame = 72 + kGap, kHelp = 40, kPad = 8;

void fit_to_room(Bar& b) {
  const float room = b.pos.x + b.size.x - b.x;
  const auto need = [&](bool training, bool frame, float k) {
    return ((kControls + kSpeed) * k + 7 * kGap + kCompare + kPad + kHelp + (training ? kTraining : 0) + (frame ? kFrame : 0)) * b.s;
  };
  b.show_frame = need(true, true, kShrinkFirst) <= room;
  b.show_training = need(true, false, kShrinkFirst) <= room;
  b.k = std::clamp((room / b.s - 7 * kGap - kCompare - kPad - kHelp - (b.show_training ? kTraining : 0) -
                    (b.show_frame ? kFrame : 0)) / (kControls + kSpeed), 0.55f, 1.0f);
}

void transport(Ctx& c, Bar& b) {
  const float s = b.s, cy = b.cy;
  const nn::Snapshot& snap = c.snap;
  if (icon_button("##reset", Icon::reset, ImVec2(b.x + 17 * s, cy), 17 * s, false)) {
    reset_run(c);
    set_status(c.ui, "Reset: epoch 0, initial weights from seed " + std::to_string(c.snap.experiment->seed));
  }
  mark(c.ui, "reset");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Reset (R): epoch 0, same seed, same initial weights");
  b.x += 34 * s + 12 * s;
  const bool playing = comparing(c.ui) ? compare_playing(c.ui) : snap.playing;
  if (icon_button("##play", playing ? Icon::pause : Icon::play, ImVec2(b.x + 25 * s, cy), 25 * s, true)) play_pause(c);
  mark(c.ui, "play");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip(playing ? "Pause (Space)" : "Play (Space)");
  b.x += 50 * s + 12 * s;
  if (icon_button("##step", Icon::step, ImVec2(b.x + 17 * s, cy), 17 * s, false)) step(c, ImGui::GetIO().KeyShift);
  mark(c.ui, "step");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Step one epoch (S or Right)\nShift: one optimizer step");
  b.x += 34 * s + 24 * s;
}

void epoch_counter(Ctx& c, Bar& b) {
  const float s = b.s;
  ImGui::SetCursorScreenPos(ImVec2(b.x, b.group_y));
  ImGui::BeginGroup();
  caption("Epoch");
  if (font_big()) ImGui::PushFont(font_big());
  ImGui::SetCursorScreenPos(ImVec2(b.x, b.group_y + b.cap_h + 1 * s));
  ImGui::TextUnformatted(with_commas(c.snap.epoch).c_str());
  if (font_big()) ImGui::PopFont();
  ImGui::EndGroup();
  mark(c.ui, "epoch");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%ld optimizer steps (%d per epoch)", c.snap.steps, c.snap.steps_per_epoch);
  b.x += std::max(ImGui::GetItemRectSize().x, 100.0f * s) + 22 * s;
}

void activation_control(Ctx& c, float w) {
  if (base_experiment(c).network.hidden.empty()) {
    ImGui::BeginDisabled();
    ImGui::SetNextItemWidth(w);
    if (ImGui::BeginCombo("##act_none", "no hidden")) ImGui::EndCombo();
    ImGui::EndDisabled();
  } else {
    activation_combo(c, "##act_all", kAllLayers, w);
  }
}

constexpr double kL2Rates[] = {0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10};

void l2_combo(Ctx& c, float w) {
  const double l2 = base_experiment(c).training.l2;
  char prev[32];
  std::snprintf(prev, sizeof prev, l2 == 0.0 ? "none" : "%g", l2);
  ImGui::SetNextItemWidth(w);
  if (ImGui::BeginCombo("##l2", prev, ImGuiComboFlags_HeightLarge)) {  // all eleven rates
    for (double r : kL2Rates) {
      char t[32];
      std::snprintf(t, sizeof t, r == 0.0 ? "none" : "%g", r);
      if (ImGui::Selectable(t, r == l2)) edit_experiment(c, [&](nn::Experiment& e) { e.training.l2 = r; });
      mark(c.ui, std::string("item_") + t);
    }
    ImGui::EndCombo();
  }
  mark(c.ui, "combo_l2");
  formula_tooltip("L2 penalty rate (L1, dropout: Recipe)", "penalty l2 * 1/2 sum w^2 (weights, not biases)");
}

void batch_slider(Ctx& c, float w) {
  const int ntrain = std::max(1, c.snap.data ? c.snap.data->train_count() : 1);
  const int b0 = base_experiment(c).training.batch_size;
  int bs = b0 == 0 ? ntrain : std::min(b0, ntrain);
  ImGui::SetNextItemWidth(w);
  if (slider_int_commit("##batch_top", &bs, 1, ntrain, bs >= ntrain ? "full" : "%d"))
    edit_experiment(c, [&](nn::Experiment& e) { e.training.batch_size = bs >= ntrain ? 0 : bs; });
  mark(c.ui, "batch_top");
  formula_tooltip("Points per optimizer step", "1 = stochastic … all = full batch");
}

void quick_recipe(Ctx& c, Bar& b) {
  const float ks = b.k * b.s;
  b.group("Learning rate", 84 * ks, [&](float w) { learning_rate_combo(c, "##lr", w); });
  b.group("Optimizer", 96 * ks, [&](float w) { optimizer_combo(c, "##optimizer", w); });
  b.group("Activation", 96 * ks, [&](float w) { activation_control(c, w); });
  b.group("L2 rate", 88 * ks, [&](float w) { l2_combo(c, w); });
  b.group("Batch size", 90 * ks, [&](float w) { batch_slider(c, w); });
  b.group(" ", 76 * ks, [&](float w) {
    if (ImGui::Button(c.ui.show_recipe ? "Recipe ▴" : "Recipe ▾", ImVec2(w, 0))) c.ui.show_recipe = !c.ui.show_recipe;
    mark(c.ui, "recipe_button");
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Output and loss, optimizer settings, schedule, batches,\nL1/L2, dropout, init, seed, stopping");
  });
  b.group(" ", (kCompare - kGap) * b.s, [&](float w) {  // the learning-rate lab: runs side by side
    if (ImGui::Button("Compare", ImVec2(w, 0))) open_compare_popup(c);
    mark(c.ui, "compare_button");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Train several values of one setting side by side (e.g. four learning rates)");
  });
}

// Right side: speed, the read-outs, help.
void speed_and_readouts(Ctx& c, Bar& b) {
  const float s = b.s;
  const nn::Snapshot& snap = c.snap;
  const float right_w = (kSpeed * b.k + kGap + (b.show_training ? kTraining : 0) + (b.show_frame ? kFrame : 0) + kHelp) * s;
  b.x = std::max(b.x + kPad * s, b.pos.x + b.size.x - right_w);
  b.group("Speed", kSpeed * b.k * s, [&](float w) {
    ImGui::SetNextItemWidth(w);
    const std::string label = speed_text(c.ui.speed_t);
    if (ImGui::SliderFloat("##speed", &c.ui.speed_t, 0.0f, 1.0f, label.c_str()))
      c.trainer.set_speed(speed_of(c.ui.speed_t));
    mark(c.ui, "speed");
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("From 1 step per second (each update visible) to as fast as the CPU goes");
  });
  if (b.show_training) b.group("Training", 84 * s, [&](float) {
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%s steps/s", snap.playing ? fmt_rate(snap.steps_per_second).c_str() : "0");
    mark(c.ui, "readout_sps");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Optimizer steps per second, measured by the trainer thread");
  });
  char frame_caption[32];  // the frame time above the rate: "Frame 16 ms"
  std::snprintf(frame_caption, sizeof frame_caption, "Frame %.0f ms", c.ui.frame_ms);
  if (b.show_frame) b.group(frame_caption, (kFrame - kGap) * s, [&](float) {
    ImGui::AlignTextToFramePadding();
    const double fps = c.ui.frame_ms > 0 ? 1000.0 / c.ui.frame_ms : 0.0;
    ImGui::Text("%.0f FPS", fps);
    mark(c.ui, "readout_fps");
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%.1f ms per frame (%.1f ms of work)", c.ui.frame_ms, c.ui.work_ms);
  });
  ImGui::SetCursorScreenPos(ImVec2(b.pos.x + b.size.x - 40 * s, b.cy - ImGui::GetFrameHeight() * 0.5f));
  if (ImGui::Button("?", ImVec2(28 * s, 0))) c.ui.show_help = !c.ui.show_help;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Help: keys, mouse, theme and UI scale (F1)");
  mark(c.ui, "help");
}

}  // namespace

void show_top_bar(Ctx& c, ImVec2 pos, ImVec2 size) {
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(palette().bg));
  begin_panel("TopBar", pos, size);
  ImGui::PopStyleColor();
  Bar b{pos, size, c.s};
  b.cy = pos.y + size.y * 0.5f;
  b.x = pos.x + 16.0f * b.s;
  b.cap_h = font_small() ? font_small()->FontSize : ImGui::GetFontSize();
  b.group_y = b.cy - (b.cap_h + ImGui::GetStyle().ItemSpacing.y * 0.5f + ImGui::GetFrameHeight()) * 0.5f;
  transport(c, b);
  epoch_counter(c, b);
  fit_to_room(b);
  quick_recipe(c, b);
  speed_and_readouts(c, b);
  end_panel();
}

}  // namespace descent::gui
