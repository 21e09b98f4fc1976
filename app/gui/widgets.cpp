// app/gui/widgets.cpp — small widgets and formatting shared by the panels.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui_internal.h>  // ImGuiWindow::ScrollbarX/Y: whether a window can scroll

#include "gui/theme.h"
#include "gui/ui.h"

namespace descent::gui {

namespace {

// Whether a rectangle is cut off by the current window: partly outside its clip rectangle
// along an axis the window does not scroll (a scrolled-away part can be scrolled back).
bool cut_off(ImVec2 a, ImVec2 b) {
  const ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 lo = dl->GetClipRectMin(), hi = dl->GetClipRectMax();
  const bool out_x = a.x < lo.x - 1.0f || b.x > hi.x + 1.0f;
  const bool out_y = a.y < lo.y - 1.0f || b.y > hi.y + 1.0f;
  const ImGuiWindow* w = ImGui::GetCurrentWindow();  // a part past the edge is cut unless a scrollbar reaches it
  return (out_x && !w->ScrollbarX) || (out_y && !w->ScrollbarY);
}

bool item_cut_off() { return cut_off(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()); }

WidgetState& widget_state() {
  auto* w = static_cast<WidgetState*>(ImGui::GetIO().UserData);
  IM_ASSERT(w && "bind_widget_state() was not called after ImGui::CreateContext()");
  return *w;
}

// The value being edited in item `id` (a commit-slider or field), else `v`.
double edited_value(ImGuiID id, double v) {
  const WidgetState& w = widget_state();
  return w.editing_id == id ? w.editing_value : v;
}

// After the item `id`: keep its value while it is active, forget it once it is not.
void track_edit(ImGuiID id, double value) {
  WidgetState& w = widget_state();
  if (ImGui::IsItemActive()) {
    w.editing_id = id;
    w.editing_value = value;
  } else if (w.editing_id == id) {
    w.editing_id = 0;
  }
}

// Dear ImGui draws a slider's value centred in its frame with the grab under it: where the
// grab sits, the text is hard to read (issue 10: "slider grabs cover their values"). Our
// sliders keep ImGui's slider (drag, click, Ctrl+click to type, rounding to the format) with
// its grab and text made transparent, and draw the inside themselves: a light fill from the
// left end to the value, the text centred over it, and the grab as a bar along the frame's
// bottom edge, below the text's line, so that nothing covers the text. `slide` calls ImGui's
// slider; `t` gives the value's place along it (0 … 1) and `text` its text, both once it ran;
// `grab_w` is the width ImGui gives the grab (one unit of a short integer range).
template <typename Slide, typename T, typename Text>
bool readable_slider(const char* label, Slide&& slide, T&& t, Text&& text, float grab_w) {
  const ImGuiID id = ImGui::GetID(label);
  const bool typing = ImGui::TempInputIsActive(id);  // Ctrl+click's field: ImGui's, as it is
  const ImVec4 none(0, 0, 0, 0);
  ImGui::PushStyleColor(ImGuiCol_SliderGrab, none);
  ImGui::PushStyleColor(ImGuiCol_SliderGrabActive, none);
  if (!typing) ImGui::PushStyleColor(ImGuiCol_Text, none);
  const float item_w = ImGui::CalcItemWidth();
  const bool changed = slide();
  ImGui::PopStyleColor(typing ? 2 : 3);
  if (typing || !ImGui::IsItemVisible()) return changed;
  const ImGuiStyle& st = ImGui::GetStyle();
  const ImVec2 a = ImGui::GetItemRectMin();
  const ImVec2 b(a.x + item_w, a.y + ImGui::GetFontSize() + 2.0f * st.FramePadding.y);  // the frame (not the label)
  // the value's place: where ImGui puts the grab's centre (SliderBehavior: 2 px inside the frame)
  const float pad = 2.0f, g = std::min(grab_w, b.x - a.x - 2.0f * pad);
  const float x = a.x + pad + g * 0.5f + std::clamp(float(t()), 0.0f, 1.0f) * (b.x - a.x - 2.0f * pad - g);
  const std::string shown = text();
  const ImVec2 ts = ImGui::CalcTextSize(shown.c_str(), nullptr, true);
  const ImVec2 ta(std::max(a.x + st.FramePadding.x, a.x + (b.x - a.x - ts.x) * 0.5f), a.y + (b.y - a.y - ts.y) * 0.5f);
  const ImVec2 tb(std::min(b.x - st.FramePadding.x, ta.x + ts.x), ta.y + ts.y);
  const bool active = ImGui::IsItemActive();
  const ImU32 grab = ImGui::GetColorU32(active ? ImGuiCol_SliderGrabActive : ImGuiCol_SliderGrab);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(a, ImVec2(x, b.y), ImGui::GetColorU32(ImGuiCol_SliderGrab, 0.22f), st.FrameRounding,
                    ImDrawFlags_RoundCornersLeft);
  const ImVec2 ga(std::max(a.x, x - g * 0.5f), tb.y), gb(std::min(b.x, x + g * 0.5f), b.y - 1.0f);
  dl->AddRectFilled(ImVec2(a.x + st.FrameRounding, ga.y + (gb.y - ga.y) * 0.5f - 0.5f), ImVec2(x, gb.y), grab);
  dl->AddRectFilled(ga, gb, grab, st.GrabRounding * 0.5f);
  ImGui::RenderTextClipped(a, b, shown.c_str(), nullptr, &ts, ImVec2(0.5f, 0.5f));
  // The label beside the frame, as ImGui would draw it (its own text was drawn transparent).
  const char* label_end = ImGui::FindRenderedTextEnd(label);
  if (label_end != label)
    ImGui::RenderText(ImVec2(b.x + st.ItemInnerSpacing.x, a.y + st.FramePadding.y), label, label_end);
  WidgetState& w = widget_state();
  w.slider_id = ImGui::GetItemID();
  w.slider_text_a = ta;
  w.slider_text_b = tb;
  w.slider_grab_a = ga;
  w.slider_grab_b = gb;
  w.slider_has_text = !shown.empty();
  return changed;
}

std::string format_value(ImGuiDataType type, const void* v, const char* fmt) {
  char buf[64];
  ImGui::DataTypeFormatString(buf, sizeof buf, type, v, fmt);
  return buf;
}

// A value's place along a slider from lo to hi (log: on a log scale; lo > 0).
double slider_t(double v, double lo, double hi, bool log) {
  if (hi <= lo) return 0.0;
  if (log && lo > 0.0 && v > 0.0) return std::log(v / lo) / std::log(hi / lo);
  return (v - lo) / (hi - lo);
}

}  // namespace

void mark(UiState& ui, const char* name) {
  if (!ImGui::IsItemVisible()) return;
  mark_rect(ui, name, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), item_cut_off());
  // A slider of ours: its value's text (NAME_value) and its grab (NAME_grab) too.
  if (const WidgetState& w = ui.widgets; w.slider_id != 0 && w.slider_id == ImGui::GetItemID()) {
    if (w.slider_has_text) mark_rect(ui, (std::string(name) + "_value").c_str(), w.slider_text_a, w.slider_text_b);
    mark_rect(ui, (std::string(name) + "_grab").c_str(), w.slider_grab_a, w.slider_grab_b);
  }
}

void mark(UiState& ui, const std::string& name) { mark(ui, name.c_str()); }

void mark_text(UiState& ui, const std::string& name, const char* text, float reserved) {
  if (!ImGui::IsItemVisible()) return;
  const float room = ImGui::GetItemRectSize().x - 2.0f * ImGui::GetStyle().FramePadding.x - reserved;
  const bool fits = ImGui::CalcTextSize(text, nullptr, true).x <= room + 0.5f;
  mark_rect(ui, name.c_str(), ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), item_cut_off() || !fits);
}

void mark_rect(UiState& ui, const char* name, ImVec2 a, ImVec2 b, bool clipped) {
  // What the window's clip rectangle hides (scrolled away) is not there to be seen.
  if (!ImGui::IsRectVisible(a, b)) return;
  clipped = clipped || cut_off(a, b);
  // What a scrolling window shows of it: the part that can overlap something on screen.
  const ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 lo = dl->GetClipRectMin(), hi = dl->GetClipRectMax();
  a = ImVec2(std::max(a.x, lo.x), std::max(a.y, lo.y));
  b = ImVec2(std::min(b.x, hi.x), std::min(b.y, hi.y));
  std::string key = name;  // one word per name in the layout file: "warm-up epochs" -> "warm-up_epochs"
  std::replace(key.begin(), key.end(), ' ', '_');
  ui.layout[key] = UiState::LayoutItem{ImVec4(a.x, a.y, b.x - a.x, b.y - a.y), clipped};
}

void mark_window(UiState& ui, const char* name) {
  const ImVec2 a = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  const ImVec2 b(a.x + size.x, a.y + size.y);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const bool clipped = a.x < vp->Pos.x - 1.0f || a.y < vp->Pos.y - 1.0f ||
                       b.x > vp->Pos.x + vp->Size.x + 1.0f || b.y > vp->Pos.y + vp->Size.y + 1.0f;
  ui.layout[name] = UiState::LayoutItem{ImVec4(a.x, a.y, size.x, size.y), clipped};
}

void caption(const char* text) {
  if (ImFont* f = font_small()) ImGui::PushFont(f);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
  if (font_small()) ImGui::PopFont();
}

void formula_tooltip(const char* title, const char* formula, const char* extra) {
  if (!ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
  ImGui::TextUnformatted(title);
  if (formula && *formula) {
    const ImVec4 fc = palette().dark ? ImVec4(0.55f, 0.78f, 0.95f, 1.0f)
                                     : ImGui::ColorConvertU32ToFloat4(palette().accent);
    ImGui::PushStyleColor(ImGuiCol_Text, fc);
    ImGui::TextUnformatted(formula);
    ImGui::PopStyleColor();
  }
  if (extra && *extra) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextUnformatted(extra);
    ImGui::PopStyleColor();
  }
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

void bind_widget_state(WidgetState* w) { ImGui::GetIO().UserData = w; }

bool slider_float(const char* label, float* v, float lo, float hi, const char* fmt, ImGuiSliderFlags flags) {
  return readable_slider(
      label, [&] { return ImGui::SliderFloat(label, v, lo, hi, fmt, flags); },
      [&] { return slider_t(*v, lo, hi, flags & ImGuiSliderFlags_Logarithmic); },
      [&] { return *fmt ? format_value(ImGuiDataType_Float, v, fmt) : std::string(); }, ImGui::GetStyle().GrabMinSize);
}

// Sliders that show the dragged value while active but report it once, on release: each
// report is one command (and one marker in the history), not one per frame of dragging.
bool slider_commit(const char* label, double* v, double lo, double hi, const char* fmt, bool log) {
  const ImGuiID id = ImGui::GetID(label);
  double val = edited_value(id, *v);
  readable_slider(
      label,
      [&] { return ImGui::SliderScalar(label, ImGuiDataType_Double, &val, &lo, &hi, fmt,
                                       log ? ImGuiSliderFlags_Logarithmic : 0); },
      [&] { return slider_t(val, lo, hi, log); }, [&] { return format_value(ImGuiDataType_Double, &val, fmt); },
      ImGui::GetStyle().GrabMinSize);
  track_edit(id, val);
  bool commit = false;
  if (ImGui::IsItemDeactivatedAfterEdit()) {
    *v = std::clamp(val, lo, hi);
    commit = true;
  }
  return commit;
}

bool log_slider_commit(const char* label, double* v, double lo, double hi, const char* fmt) {
  return slider_commit(label, v, lo, hi, fmt, true);
}

bool slider_int_commit(const char* label, int* v, int lo, int hi, const char* fmt) {
  double d = *v;
  const ImGuiID id = ImGui::GetID(label);
  int val = int(edited_value(id, *v));
  // ImGui's grab for an integer range: one unit wide, when that is wider than GrabMinSize
  const float units = (ImGui::CalcItemWidth() - 4.0f) / float(std::max(1, hi - lo + 1));
  readable_slider(
      label, [&] { return ImGui::SliderInt(label, &val, lo, hi, fmt, ImGuiSliderFlags_AlwaysClamp); },
      [&] { return slider_t(val, lo, hi, false); }, [&] { return format_value(ImGuiDataType_S32, &val, fmt); },
      std::max(units, ImGui::GetStyle().GrabMinSize));
  track_edit(id, val);
  bool commit = false;
  if (ImGui::IsItemDeactivatedAfterEdit()) {
    d = val;
    *v = int(d);
    commit = true;
  }
  return commit;
}

bool input_double_commit(const char* label, double* v, const char* fmt) {
  const ImGuiID id = ImGui::GetID(label);
  double val = edited_value(id, *v);
  ImGui::InputDouble(label, &val, 0.0, 0.0, fmt);
  track_edit(id, val);
  bool commit = false;
  if (ImGui::IsItemDeactivatedAfterEdit()) {
    *v = val;
    commit = true;
  }
  return commit;
}

std::string with_commas(long v) {
  std::string digits = std::to_string(v < 0 ? -v : v);
  while (digits.size() < 6) digits.insert(digits.begin(), '0');  // Playground's 000,412
  std::string out;
  const int n = int(digits.size());
  for (int i = 0; i < n; ++i) {
    out += digits[i];
    if ((n - 1 - i) % 3 == 0 && i != n - 1) out += ',';
  }
  return v < 0 ? "-" + out : out;
}

std::string fmt_num(double v, int sig) {
  char buf[32];
  if (std::isnan(v)) return "–";
  if (std::isinf(v)) return v > 0 ? "∞" : "-∞";
  const double a = std::fabs(v);
  if (a == 0.0) std::snprintf(buf, sizeof buf, "0");
  else if (a >= 1e4) std::snprintf(buf, sizeof buf, "%.*g", sig + 1, v);
  else if (a >= 1e-3) std::snprintf(buf, sizeof buf, "%.*f", sig, v);
  else std::snprintf(buf, sizeof buf, "%.*e", sig - 1, v);
  return buf;
}

std::string fmt_rate(double r) {
  char buf[32];
  if (r < 1000.0) std::snprintf(buf, sizeof buf, "%.0f", r);
  else if (r < 1e6) std::snprintf(buf, sizeof buf, "%.1fk", r / 1e3);
  else std::snprintf(buf, sizeof buf, "%.2fM", r / 1e6);
  return buf;
}

}  // namespace descent::gui
