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

// The pace slider's text: epochs per second (pace_of_slider, actions.cpp), or "max".
std::string speed_text(float t) {
  if (t >= 0.999f) return "max";
  char b[32];
  const double v = pace_of_slider(t);
  std::snprintf(b, sizeof b, v < 10 ? "%.1f ep/s" : "%.0f ep/s", v);
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
  uint32_t shown = 0;    // bit i: kQuick[i] is in the bar (else in the "More" menu)

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
    x += w + kGap * s;
  }
  static constexpr float kGap = 12;
};

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
  b.x += std::max(ImGui::GetItemRectSize().x, 60.0f * s) + 18 * s;
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
  mark_text(c.ui, "combo_l2", prev, ImGui::GetFrameHeight());
  formula_tooltip("L2 penalty rate (L1, dropout: Recipe)", "penalty l2 * 1/2 sum w^2 (weights, not biases)");
}

void batch_slider(Ctx& c, float w) {
  const int ntrain = std::max(1, c.snap.data ? c.snap.data->train_count() : 1);
  const int b0 = base_experiment(c).training.batch_size;
  int bs = b0 == 0 ? ntrain : std::min(b0, ntrain);
  ImGui::SetNextItemWidth(w);
  if (slider_int_commit("##batch_top", &bs, 1, ntrain, bs >= ntrain ? "full" : "%d"))
    edit_experiment(c, [&](nn::Experiment& e) { e.training.batch_size = bs >= ntrain ? 0 : bs; });
  mark_text(c.ui, "batch_top", bs >= ntrain ? "full" : std::to_string(bs).c_str());
  formula_tooltip("Points per optimizer step", "1 = stochastic … all = full batch");
}

// The pace: epochs per second while playing (a watchable default), and "max" one click away
// (a second click goes back to the pace it left).
void speed_slider(Ctx& c, float w) {
  const float s = c.s;
  const float max_w = ImGui::CalcTextSize("max").x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SetNextItemWidth(w - max_w - 4 * s);
  const std::string label = speed_text(c.ui.speed_t);
  if (ImGui::SliderFloat("##speed", &c.ui.speed_t, 0.0f, 1.0f, label.c_str()))
    set_pace(c.ui, c.trainer, pace_of_slider(c.ui.speed_t));
  mark_text(c.ui, "speed", label.c_str());
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Epochs per second while playing, from one every 10 s to 1000; right end: max");
  ImGui::SameLine(0, 4 * s);
  const bool at_max = c.ui.speed_t >= 0.999f;
  if (ImGui::Button(at_max ? "max##on" : "max", ImVec2(max_w, 0))) {  // one click each way
    if (!at_max && c.snap.pace > 0.0) c.ui.pace_before_max = c.snap.pace;
    set_pace(c.ui, c.trainer, at_max ? c.ui.pace_before_max : 0.0);
  }
  mark_text(c.ui, "pace_max", "max");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip(at_max ? "Back to the watchable pace" : "As fast as the CPU goes");
}

// Under a schedule the rate in force differs from the one chosen: the caption says it.
std::string learning_rate_caption(Ctx& c) {
  const bool scheduled = base_experiment(c).training.schedule.kind != nn::Sched::constant;
  c.ui.lr_caption = scheduled ? "LR now " + fmt_num(c.snap.lr) : std::string();
  return scheduled ? c.ui.lr_caption : std::string("Learning rate");
}

void learning_rate_control(Ctx& c, float w) { learning_rate_combo(c, "##lr", w); }

// The learning-rate lab: several values of one setting trained side by side.
void compare_button(Ctx& c, float w) {
  if (ImGui::Button("Compare", ImVec2(w, 0))) open_compare_popup(c);
  mark_text(c.ui, "compare_button", "Compare");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Train several values of one setting side by side (e.g. four learning rates)");
}

void recipe_button(Ctx& c, float w) {
  const char* t = c.ui.show_recipe ? "Recipe ▴" : "Recipe ▾";
  if (ImGui::Button(t, ImVec2(w, 0))) c.ui.show_recipe = !c.ui.show_recipe;
  mark_text(c.ui, "recipe_button", t);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Output and loss, optimizer settings, schedule, batches,\nL1/L2, dropout, init, seed, stopping");
}

// The bar's optional controls, left to right, each with its width (unscaled) and its rank: at
// a projector's scale on a small window the bar keeps the best-ranked ones that fit and the
// rest go into the "More" menu (speed last of all: a teacher paces the lesson with it). The
// epoch, the steps/s and FPS read-outs, transport and help always stay.
struct QuickControl {
  const char* caption;
  float width;
  int rank;  // 0 = kept longest
  void (*draw)(Ctx& c, float w);
};
const QuickControl kQuick[] = {
    {"Learning rate", 84, 1, learning_rate_control},
    {"Optimizer", 96, 4, [](Ctx& c, float w) { optimizer_combo(c, "##optimizer", w); }},
    {"Activation", 96, 5, activation_control},
    {"L2 rate", 88, 7, l2_combo},
    {"Batch size", 90, 6, batch_slider},
    {" ", 76, 2, recipe_button},
    {" ", 80, 3, compare_button},
    {"Pace", 120, 0, speed_slider},
};
constexpr int kQuickCount = int(std::size(kQuick));
constexpr float kMoreW = 64;

// Width of the read-outs group: the wider of its two lines at their widest.
float readouts_width() {
  const float a = ImGui::CalcTextSize("999.9M steps/s").x;
  ImFont* f = font_small() ? font_small() : ImGui::GetFont();
  const float b = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, "999 FPS · 999 ms").x;
  return std::max(a, b) + 4.0f;
}

// Which controls fit, best rank first; everything else goes into the menu.
void fit_to_room(Bar& b) {
  const float s = b.s;
  const float fixed = readouts_width() + (Bar::kGap + 40) * s;  // read-outs, gap, help
  const float room = b.pos.x + b.size.x - b.x - fixed;
  float all = 0.0f;
  for (const QuickControl& q : kQuick) all += (q.width + Bar::kGap) * s;
  b.shown = 0;
  if (all <= room) {
    b.shown = (1u << kQuickCount) - 1;
    return;
  }
  float used = (kMoreW + Bar::kGap) * s;
  for (int rank = 0; rank < kQuickCount; ++rank)
    for (int i = 0; i < kQuickCount; ++i)
      if (kQuick[i].rank == rank && used + (kQuick[i].width + Bar::kGap) * s <= room) {
        used += (kQuick[i].width + Bar::kGap) * s;
        b.shown |= 1u << i;
      }
}

// The controls that did not fit, one under another in a popup.
void more_menu(Ctx& c, Bar& b) {
  b.group(" ", kMoreW * b.s, [&](float w) {
    if (ImGui::Button("More ▾", ImVec2(w, 0))) ImGui::OpenPopup("##top_more");
    mark_text(c.ui, "top_more", "More ▾");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The controls the window has no room for");
  });
  if (!ImGui::BeginPopup("##top_more")) return;
  for (int i = 0; i < kQuickCount; ++i) {
    if (b.shown & (1u << i)) continue;
    caption(kQuick[i].caption);
    kQuick[i].draw(c, 150 * b.s);
  }
  ImGui::EndPopup();
}

void quick_controls(Ctx& c, Bar& b) {
  const std::string lr = learning_rate_caption(c);
  for (int i = 0; i < kQuickCount; ++i) {
    const char* cap = kQuick[i].draw == learning_rate_control ? lr.c_str() : kQuick[i].caption;
    if (b.shown & (1u << i)) b.group(cap, kQuick[i].width * b.s, [&](float w) { kQuick[i].draw(c, w); });
  }
  if (b.shown != (1u << kQuickCount) - 1) more_menu(c, b);
}

// Right side: the read-outs (steps/s, and the frame rate under it: never dropped, never run
// together), then help.
void readouts(Ctx& c, Bar& b) {
  const float s = b.s;
  const nn::Snapshot& snap = c.snap;
  const float w = readouts_width();
  b.x = std::max(b.x, b.pos.x + b.size.x - w - (Bar::kGap + 40) * s);
  ImGui::SetCursorScreenPos(ImVec2(b.x, b.group_y));
  char fps[48];
  std::snprintf(fps, sizeof fps, "%.0f FPS · %.0f ms", c.ui.frame_ms > 0 ? 1000.0 / c.ui.frame_ms : 0.0, c.ui.frame_ms);
  caption(fps);
  mark(c.ui, "readout_fps");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Frames per second; %.1f ms per frame (%.1f ms of work)", c.ui.frame_ms, c.ui.work_ms);
  ImGui::SetCursorScreenPos(ImVec2(b.x, b.group_y + b.cap_h + ImGui::GetStyle().ItemSpacing.y * 0.5f));
  ImGui::AlignTextToFramePadding();
  ImGui::Text("%s steps/s", snap.playing ? fmt_rate(snap.steps_per_second).c_str() : "0");
  mark(c.ui, "readout_sps");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Optimizer steps per second, measured by the trainer thread");
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
  quick_controls(c, b);
  readouts(c, b);
  end_panel();
}

}  // namespace descent::gui
