// app/gui/panels/top_bar.cpp — transport (reset, play/pause, step), the epoch counter, the
// quick recipe controls (learning rate, optimizer, activation, L2, batch), speed, and the
// steps/s and frame-time read-outs. Playground's top row, plus what a native app can measure.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gui/formatted.h"
#include "gui/panels/panels.h"
#include "gui/strings.h"
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

// The pace slider's value: epochs per second (pace_of_slider, actions.cpp), or "max".
std::string speed_text(float t) {
  if (t >= 0.999f) return tr("top.max");
  const double v = pace_of_slider(t);
  return formatted(v < 10 ? tr("top.pace_slow") : tr("top.pace_fast"), v);
}

// The pace's caption says its value ("Pace · 60 ep/s"): the slider beside "max" is short, and
// "999 ep/s" would fill it; above it the value has the group's width and nothing over it.
std::string pace_caption(float t) { return formatted(tr("top.pace_caption"), speed_text(t).c_str()); }

// The bar's geometry while it is laid out left to right: x is where the next item goes.
struct Bar {
  ImVec2 pos, size;
  float s = 1.0f;
  float cy = 0.0f;       // the bar's vertical centre
  float x = 0.0f;
  float cap_h = 0.0f;    // a caption's height
  float group_y = 0.0f;  // top of a caption + control group
  uint32_t shown = 0;    // bit i: kQuick[i] is in the bar (else in the "More" menu)
  float width[8] = {};   // kQuick[i]'s width in this language (quick_width)

  // A caption with a control under it, `w` wide; x moves past it. `cap_mark`: the caption's
  // test hook name (recorded as clipped when it is cut off), when it says a value.
  template <typename Body>
  void group(const char* cap, float w, Body&& body, UiState* ui = nullptr, const char* cap_mark = nullptr) {
    ImGui::SetCursorScreenPos(ImVec2(x, group_y));
    ImGui::BeginGroup();
    ImGui::PushClipRect(ImVec2(x, pos.y), ImVec2(x + w + 8 * s, pos.y + size.y), true);  // narrowed: no overlap
    caption(cap);
    if (ui && cap_mark) mark(*ui, cap_mark);
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
    set_status(c.ui, formatted(tr("top.reset_status"), std::to_string(c.snap.experiment->seed).c_str()));
  }
  mark(c.ui, "reset");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("top.reset_tip"));
  b.x += 34 * s + 12 * s;
  const bool playing = comparing(c.ui) ? compare_playing(c.ui) : snap.playing;
  if (icon_button("##play", playing ? Icon::pause : Icon::play, ImVec2(b.x + 25 * s, cy), 25 * s, true)) play_pause(c);
  mark(c.ui, "play");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(playing ? "top.pause_tip" : "top.play_tip"));
  b.x += 50 * s + 12 * s;
  if (icon_button("##step", Icon::step, ImVec2(b.x + 17 * s, cy), 17 * s, false)) step(c, ImGui::GetIO().KeyShift);
  mark(c.ui, "step");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("top.step_tip"));
  b.x += 34 * s + 24 * s;
}

void epoch_counter(Ctx& c, Bar& b) {
  const float s = b.s;
  ImGui::SetCursorScreenPos(ImVec2(b.x, b.group_y));
  ImGui::BeginGroup();
  caption(tr("top.epoch"));
  if (font_big()) ImGui::PushFont(font_big());
  ImGui::SetCursorScreenPos(ImVec2(b.x, b.group_y + b.cap_h + 1 * s));
  ImGui::TextUnformatted(with_commas(c.snap.epoch).c_str());
  if (font_big()) ImGui::PopFont();
  ImGui::EndGroup();
  mark(c.ui, "epoch");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(tr("top.epoch_tip"), c.snap.steps, c.snap.steps_per_epoch);
  b.x += std::max(ImGui::GetItemRectSize().x, 60.0f * s) + 18 * s;
}

void activation_control(Ctx& c, float w) {
  if (base_experiment(c).network.hidden.empty()) {
    ImGui::BeginDisabled();
    ImGui::SetNextItemWidth(w);
    if (ImGui::BeginCombo("##act_none", tr("top.no_hidden"))) ImGui::EndCombo();
    ImGui::EndDisabled();
  } else {
    activation_combo(c, "##act_all", kAllLayers, w);
  }
}

constexpr double kL2Rates[] = {0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10};

// A rate as the combo shows it ("none" in the table's words); `english` for test hook names.
std::string l2_text(double r, bool english = false) {
  return r == 0.0 ? (english ? "none" : tr("top.none")) : formatted("%g", r);
}

void l2_combo(Ctx& c, float w) {
  const double l2 = base_experiment(c).training.l2;
  const std::string prev = l2_text(l2);
  ImGui::SetNextItemWidth(w);
  if (ImGui::BeginCombo("##l2", prev.c_str(), ImGuiComboFlags_HeightLarge)) {  // all eleven rates
    for (double r : kL2Rates) {
      if (ImGui::Selectable((l2_text(r) + "##" + l2_text(r, true)).c_str(), r == l2))
        edit_experiment(c, [&](nn::Experiment& e) { e.training.l2 = r; });
      mark(c.ui, "item_" + l2_text(r, true));
    }
    ImGui::EndCombo();
  }
  mark_text(c.ui, "combo_l2", prev.c_str(), ImGui::GetFrameHeight());
  formula_tooltip(tr("top.l2_tip"), tr("recipe.l2_formula"));
}

void batch_slider(Ctx& c, float w) {
  const int ntrain = std::max(1, c.snap.data ? c.snap.data->train_count() : 1);
  const int b0 = base_experiment(c).training.batch_size;
  int bs = b0 == 0 ? ntrain : std::min(b0, ntrain);
  ImGui::SetNextItemWidth(w);
  if (slider_int_commit("##batch_top", &bs, 1, ntrain, bs >= ntrain ? tr("top.full") : "%d"))
    edit_experiment(c, [&](nn::Experiment& e) { e.training.batch_size = bs >= ntrain ? 0 : bs; });
  mark_text(c.ui, "batch_top", bs >= ntrain ? tr("top.full") : std::to_string(bs).c_str());
  formula_tooltip(tr("recipe.batch_tip"), tr("top.batch_formula"));
}

// The pace: epochs per second while playing (a watchable default), and "max" one click away
// (a second click goes back to the pace it left). Its value is in the caption (pace_caption);
// the slider has no text, and no Ctrl+click field (it would take the slider's position, 0 … 1,
// not epochs per second).
void speed_slider(Ctx& c, float w) {
  const float s = c.s;
  const float max_w = ImGui::CalcTextSize(tr("top.max")).x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SetNextItemWidth(w - max_w - 4 * s);
  if (slider_float("##speed", &c.ui.speed_t, 0.0f, 1.0f, "", ImGuiSliderFlags_NoInput))
    set_pace(c.ui, c.trainer, pace_of_slider(c.ui.speed_t));
  mark(c.ui, "speed");  // and "speed_grab"; "speed_value" is the caption's
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", tr("top.pace_tip"));
  ImGui::SameLine(0, 4 * s);
  const bool at_max = c.ui.speed_t >= 0.999f;
  if (ImGui::Button(label("top.max", at_max ? "max_on" : "max").c_str(), ImVec2(max_w, 0))) {  // one click each way
    if (!at_max && c.snap.pace > 0.0) c.ui.pace_before_max = c.snap.pace;
    set_pace(c.ui, c.trainer, at_max ? c.ui.pace_before_max : 0.0);
  }
  mark_text(c.ui, "pace_max", tr("top.max"));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(at_max ? "top.max_back_tip" : "top.max_tip"));
}

// Under a schedule the rate in force differs from the one chosen: the caption says it.
std::string learning_rate_caption(Ctx& c) {
  const bool scheduled = base_experiment(c).training.schedule.kind != nn::Sched::constant;
  c.ui.lr_caption = scheduled ? formatted(tr("top.lr_now"), fmt_num(c.snap.lr).c_str()) : std::string();
  return scheduled ? c.ui.lr_caption : std::string(tr("recipe.learning_rate"));
}

void learning_rate_control(Ctx& c, float w) { learning_rate_combo(c, "##lr", w); }

// The learning-rate lab: several values of one setting trained side by side.
void compare_button(Ctx& c, float w) {
  if (ImGui::Button(label("top.compare", "compare").c_str(), ImVec2(w, 0))) open_compare_popup(c);
  mark_text(c.ui, "compare_button", tr("top.compare"));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("top.compare_tip"));
}

void recipe_button(Ctx& c, float w) {
  const char* key = c.ui.show_recipe ? "top.recipe_open" : "top.recipe_closed";
  if (ImGui::Button(label(key, "recipe_button").c_str(), ImVec2(w, 0))) c.ui.show_recipe = !c.ui.show_recipe;
  mark_text(c.ui, "recipe_button", tr(key));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("top.recipe_tip"));
}

// The bar's optional controls, left to right, each with its least width (unscaled) and its
// rank: at a projector's scale on a small window the bar keeps the best-ranked ones that fit
// and the rest go into the "More" menu (speed last of all: a teacher paces the lesson with it).
// The epoch, the steps/s and FPS read-outs, transport and help always stay. A control is as
// wide as its caption or its button's text in the current language, if that is wider.
struct QuickControl {
  const char* caption;  // a key (strings.h), or nullptr: no caption
  const char* button;   // a button's text (a key) to measure, or nullptr
  float width;
  int rank;  // 0 = kept longest
  void (*draw)(Ctx& c, float w);
};
const QuickControl kQuick[] = {
    {"recipe.learning_rate", nullptr, 84, 1, learning_rate_control},
    {"recipe.optimizer", nullptr, 96, 4, [](Ctx& c, float w) { optimizer_combo(c, "##optimizer", w); }},
    {"recipe.activation", nullptr, 96, 5, activation_control},
    {"top.l2_rate", nullptr, 88, 7, l2_combo},
    {"recipe.batch", nullptr, 90, 6, batch_slider},
    {nullptr, "top.recipe_closed", 76, 2, recipe_button},
    {nullptr, "top.compare", 80, 3, compare_button},
    {"top.pace", nullptr, 120, 0, speed_slider},
};
constexpr int kQuickCount = int(std::size(kQuick));
constexpr float kMoreW = 64;

float small_text_width(const char* text) {
  ImFont* f = font_small() ? font_small() : ImGui::GetFont();
  return f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, text).x;
}

float button_width(const char* text) {
  return ImGui::CalcTextSize(text, nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
}

// A control's width in this language: its least width, or its caption's or button's text.
// The learning rate's caption under a schedule ("LR now 0.0123") is measured with a typical
// rate, so that the bar does not shift as the rate changes.
float quick_width(const QuickControl& q, float s, bool scheduled) {
  float w = q.width * s;
  if (q.caption) w = std::max(w, small_text_width(tr(q.caption)));
  if (q.caption && q.draw == learning_rate_control && scheduled)
    w = std::max(w, small_text_width(formatted(tr("top.lr_now"), "0.0123").c_str()));
  if (q.draw == speed_slider)  // its widest value, "999 ep/s" (0.1 … 1000 and "max")
    w = std::max({w, small_text_width(pace_caption(0.998f).c_str()), small_text_width(pace_caption(1.0f).c_str()),
                  small_text_width(pace_caption(0.0f).c_str())});
  if (q.button) w = std::max(w, button_width(tr(q.button)));
  return w;
}

float more_width(float s) { return std::max(kMoreW * s, button_width(tr("top.more"))); }

// Width of the read-outs group: the wider of its two lines at their widest.
float readouts_width() {
  const float a = ImGui::CalcTextSize(formatted(tr("top.sps"), "999.9M").c_str()).x;
  const float b = small_text_width(formatted(tr("top.fps"), 999.0, 999.0).c_str());
  return std::max(a, b) + 4.0f;
}

// Which controls fit, best rank first; everything else goes into the menu.
void fit_to_room(Bar& b) {
  const float s = b.s;
  const float fixed = readouts_width() + (Bar::kGap + 40) * s;  // read-outs, gap, help
  const float room = b.pos.x + b.size.x - b.x - fixed;
  float all = 0.0f;
  for (int i = 0; i < kQuickCount; ++i) all += b.width[i] + Bar::kGap * s;
  b.shown = 0;
  if (all <= room) {
    b.shown = (1u << kQuickCount) - 1;
    return;
  }
  float used = more_width(s) + Bar::kGap * s;
  for (int rank = 0; rank < kQuickCount; ++rank)
    for (int i = 0; i < kQuickCount; ++i)
      if (kQuick[i].rank == rank && used + b.width[i] + Bar::kGap * s <= room) {
        used += b.width[i] + Bar::kGap * s;
        b.shown |= 1u << i;
      }
}

// A control's caption: its name, or what it says now (the rate in force, the pace).
std::string quick_caption(Ctx& c, int i) {
  if (kQuick[i].draw == learning_rate_control) return learning_rate_caption(c);
  if (kQuick[i].draw == speed_slider) return c.ui.pace_caption;
  return kQuick[i].caption ? tr(kQuick[i].caption) : " ";
}

// The controls that did not fit, one under another in a popup.
void more_menu(Ctx& c, Bar& b) {
  b.group(" ", more_width(b.s), [&](float w) {
    if (ImGui::Button(label("top.more", "top_more").c_str(), ImVec2(w, 0))) ImGui::OpenPopup("##top_more");
    mark_text(c.ui, "top_more", tr("top.more"));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("top.more_tip"));
  });
  if (!ImGui::BeginPopup("##top_more")) return;
  const float w = 150 * b.s;
  for (int i = 0; i < kQuickCount; ++i) {
    if (b.shown & (1u << i)) continue;
    caption(quick_caption(c, i).c_str());
    if (kQuick[i].draw == speed_slider) mark(c.ui, "speed_value");
    kQuick[i].draw(c, std::max(w, b.width[i]));
  }
  ImGui::EndPopup();
}

void quick_controls(Ctx& c, Bar& b) {
  learning_rate_caption(c);  // the state dump's "lr_caption", whether the rate is in the bar or not
  c.ui.pace_caption = pace_caption(c.ui.speed_t);
  for (int i = 0; i < kQuickCount; ++i) {
    if (!(b.shown & (1u << i))) continue;
    const std::string cap = quick_caption(c, i);
    b.group(cap.c_str(), b.width[i], [&](float w) { kQuick[i].draw(c, w); }, &c.ui,
            kQuick[i].draw == speed_slider ? "speed_value" : nullptr);
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
  caption(formatted(tr("top.fps"), c.ui.frame_ms > 0 ? 1000.0 / c.ui.frame_ms : 0.0, c.ui.frame_ms).c_str());
  mark(c.ui, "readout_fps");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(tr("top.fps_tip"), c.ui.frame_ms, c.ui.work_ms);
  ImGui::SetCursorScreenPos(ImVec2(b.x, b.group_y + b.cap_h + ImGui::GetStyle().ItemSpacing.y * 0.5f));
  ImGui::AlignTextToFramePadding();
  ImGui::Text(tr("top.sps"), snap.playing ? fmt_rate(snap.steps_per_second).c_str() : "0");
  mark(c.ui, "readout_sps");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("top.sps_tip"));
  ImGui::SetCursorScreenPos(ImVec2(b.pos.x + b.size.x - 40 * s, b.cy - ImGui::GetFrameHeight() * 0.5f));
  if (ImGui::Button("?", ImVec2(28 * s, 0))) c.ui.show_help = !c.ui.show_help;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("top.help_tip"));
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
  const bool scheduled = base_experiment(c).training.schedule.kind != nn::Sched::constant;
  static_assert(std::size(kQuick) <= sizeof(Bar::width) / sizeof(float));
  for (int i = 0; i < kQuickCount; ++i) b.width[i] = quick_width(kQuick[i], b.s, scheduled);
  fit_to_room(b);
  quick_controls(c, b);
  readouts(c, b);
  end_panel();
}

}  // namespace descent::gui
