// app/gui/panels/lesson_card.cpp — the lesson card and the drawn prediction (classroom.h).
//
// The card: "Lesson — step 3/9", the step's title and text (**bold** marked up), what to
// observe, the question (choices, or drawing on the output view), and Back / play-or-reveal /
// Next. Collapsed, it is one line. It floats over the bottom of the network area.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <imgui_internal.h>  // ImTextCharFromUtf8

#include "app/cli.h"
#include "gui/classroom.h"
#include "gui/panels/panels.h"
#include "gui/strings.h"
#include "gui/theme.h"

namespace descent::gui {

namespace {

// The code point at text[i] (UTF-8, decoded by ImGui as the fonts' glyph lists are) and its
// length in bytes.
char32_t code_point(const std::string& t, size_t i, size_t* len) {
  unsigned int c = 0;
  *len = size_t(ImTextCharFromUtf8(&c, t.data() + i, t.data() + t.size()));
  return c;
}

// Chinese is written without spaces: a line may break before any ideograph, but not before
// closing punctuation (，。、：；！？ and closing brackets stay with the character before them).
bool is_cjk(char32_t c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF);
}
bool closes(char32_t c) {
  switch (c) {
    case 0x3001: case 0x3002: case 0x300B: case 0x300D: case 0x300F: case 0x3011:
    case 0xFF01: case 0xFF09: case 0xFF0C: case 0xFF0E: case 0xFF1A: case 0xFF1B: case 0xFF1F:
      return true;
    default:
      return false;
  }
}

// The next unit of text that wraps as one, from text[i]: a Latin word (up to a space, a '*' or
// an ideograph), or one ideograph with the closing punctuation after it.
size_t unit_end(const std::string& t, size_t i) {
  size_t len = 0;
  if (is_cjk(code_point(t, i, &len))) {
    size_t j = i + len;
    while (j < t.size() && closes(code_point(t, j, &len))) j += len;
    return j;
  }
  size_t j = i;
  while (j < t.size() && t[j] != ' ' && t[j] != '\n' && t[j] != '*' && !is_cjk(code_point(t, j, &len))) j += len;
  return j;
}

// Text with **bold** and *emphasis* runs, wrapped at the window's edge, between words and
// between Chinese characters. Bold is drawn twice, a pixel apart (the app loads one weight of
// the text font); emphasis in the accent colour (there is no italic face).
void rich_text(const std::string& text, float wrap_x) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float space = ImGui::CalcTextSize(" ").x;
  const ImU32 col = ImGui::GetColorU32(ImGuiCol_Text), em_col = palette().accent;
  bool bold = false, em = false, first = true, gap = false;
  size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 2, "**") == 0) {
      bold = !bold;
      i += 2;
      continue;
    }
    if (text[i] == '*') {
      em = !em;
      ++i;
      continue;
    }
    if (text[i] == ' ' || text[i] == '\n') {
      gap = true;
      ++i;
      continue;
    }
    const size_t j = unit_end(text, i);
    const std::string word = text.substr(i, j - i);
    const float w = ImGui::CalcTextSize(word.c_str()).x + (bold ? 1.0f : 0.0f);
    if (!first) {
      ImGui::SameLine(0, gap ? space : 0.0f);
      if (ImGui::GetCursorScreenPos().x + w > wrap_x) ImGui::NewLine();
    }
    first = gap = false;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(w, ImGui::GetTextLineHeight()));
    dl->AddText(p, em ? em_col : col, word.c_str());
    if (bold) dl->AddText(ImVec2(p.x + 1.0f, p.y), em ? em_col : col, word.c_str());
    i = j;
  }
}

void header(Ctx& c, const nn::Lesson& l) {
  ClassroomState& cr = c.ui.classroom;
  char progress[64];
  std::snprintf(progress, sizeof progress, tr("lesson.step_of"), cr.step + 1, int(l.steps.size()));
  caption((nn::shown_title(l, language_code(language())) + "  \xc2\xb7  " + progress).c_str());
  mark(c.ui, "lesson_progress");
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - ImGui::GetFrameHeight() * 2.2f);
  if (ImGui::SmallButton(cr.collapsed ? "\xe2\x96\xb2" : tr("lesson.collapse"))) cr.collapsed = !cr.collapsed;
  mark(c.ui, "lesson_collapse");
  ImGui::SameLine();
  if (ImGui::SmallButton("\xc3\x97")) {
    if (cr.drawing) c.ui.paint_enabled = cr.paint_before_drawing;
    cr.lesson.reset();
    cr.strokes.clear();
    cr.drawing = false;
  }
  mark(c.ui, "lesson_close");
}

// `shown`: the choices' words in the UI's language (as many as the question's).
void choices(Ctx& c, const nn::LessonQuestion& q, const std::vector<std::string>& shown) {
  ClassroomState& cr = c.ui.classroom;
  for (int k = 0; k < int(q.choices.size()); ++k) {
    ImGui::BeginDisabled(cr.revealed);
    if (ImGui::RadioButton((shown[size_t(k)] + "##choice" + std::to_string(k)).c_str(), cr.chosen == k)) cr.chosen = k;
    ImGui::EndDisabled();
    mark(c.ui, "lesson_choice_" + std::to_string(k));
    if (cr.revealed && (k == q.answer || k == cr.chosen)) {
      ImGui::SameLine();
      const bool right = k == q.answer;
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(right ? palette().accent : palette().danger), "%s",
                         tr(right ? "lesson.right" : "lesson.wrong"));
      mark(c.ui, right ? "lesson_right_mark" : "lesson_wrong_mark");
    }
  }
}

void drawing_controls(Ctx& c) {
  ClassroomState& cr = c.ui.classroom;
  if (cr.revealed) return;
  if (ImGui::Button(cr.drawing ? tr("lesson.drawing") : tr("lesson.draw"))) {
    cr.drawing = !cr.drawing;
    if (cr.drawing) {
      cr.paint_before_drawing = c.ui.paint_enabled;
      c.ui.paint_enabled = false;  // a drag on the view draws; it must not paint points
    } else {
      c.ui.paint_enabled = cr.paint_before_drawing;
    }
  }
  mark(c.ui, "lesson_draw");
  ImGui::SameLine();
  if (ImGui::Button(tr("lesson.clear_drawing"))) cr.strokes.clear();
  mark(c.ui, "lesson_clear_drawing");
}

void buttons(Ctx& c, const nn::Lesson& l, const nn::LessonStep& s) {
  ClassroomState& cr = c.ui.classroom;
  ImGui::BeginDisabled(cr.step == 0);
  if (ImGui::Button(tr("lesson.previous"))) go_to_step(c, cr.step - 1);
  ImGui::EndDisabled();
  mark(c.ui, "lesson_prev");
  if (s.action.kind != nn::LessonAction::Kind::none) {
    ImGui::SameLine();
    char label[96];
    if (s.question) std::snprintf(label, sizeof label, "%s", tr("lesson.reveal"));
    else if (s.action.kind == nn::LessonAction::Kind::epochs) std::snprintf(label, sizeof label, tr("lesson.play_epochs"), s.action.count);
    else std::snprintf(label, sizeof label, tr("lesson.play_steps"), s.action.count);
    ImGui::BeginDisabled(s.question.has_value() && cr.revealed);
    if (ImGui::Button(label)) play_step(c);
    ImGui::EndDisabled();
    mark(c.ui, "lesson_action");
  }
  ImGui::SameLine();
  ImGui::BeginDisabled(cr.step + 1 >= int(l.steps.size()));
  if (ImGui::Button(tr("lesson.next"))) go_to_step(c, cr.step + 1);
  ImGui::EndDisabled();
  mark(c.ui, "lesson_next");
}

}  // namespace

float show_lesson_card(Ctx& c, ImVec2 bottom_left, float width) {
  ClassroomState& cr = c.ui.classroom;
  if (!cr.lesson) return bottom_left.y;
  const nn::Lesson& l = *cr.lesson;
  const nn::LessonStep& s = l.steps[size_t(cr.step)];
  const nn::LessonStepText t = nn::shown_step(l, size_t(cr.step), language_code(language()));  // its words
  const float pad = 10 * c.s;
  ImGui::SetNextWindowPos(ImVec2(bottom_left.x + pad, bottom_left.y - pad), 0, ImVec2(0, 1));
  ImGui::SetNextWindowSize(ImVec2(width - 2 * pad, 0));  // the width fixed, the height fits (0)
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(palette().bg));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 1.0f);
  ImGui::Begin("##lesson_card", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                             ImGuiWindowFlags_NoMove);
  header(c, l);
  if (!cr.collapsed) {
    if (ImFont* big = font_big()) ImGui::PushFont(big);
    ImGui::TextUnformatted(t.title.c_str());
    if (font_big()) ImGui::PopFont();
    mark(c.ui, "lesson_title");
    const float wrap = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    rich_text(t.text, wrap);
    if (!t.observe.empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      rich_text(std::string(tr("lesson.observe")) + t.observe, wrap);
      ImGui::PopStyleColor();
    }
    if (s.question) {
      ImGui::Separator();
      rich_text("**" + std::string(tr("lesson.question")) + ":** " + t.ask, wrap);
      if (s.question->draw) drawing_controls(c);
      else choices(c, *s.question, t.choices);
    }
    buttons(c, l, s);
  }
  // A window is not an item: its rectangle, marked while it is the current window.
  mark_window(c.ui, "lesson_card");
  const float top = ImGui::GetWindowPos().y;
  ImGui::End();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
  draw_prediction(c);
  return top;
}

bool show_lesson_list(Ctx& c) {
  ClassroomState& cr = c.ui.classroom;
  if (!cr.lesson_list) {  // scanned once: loading a lesson loads its experiments
    cr.lesson_list.emplace();
    std::error_code ec;
    std::vector<std::string> paths;
    for (const auto& f : std::filesystem::directory_iterator(std::filesystem::path(descent::assets_dir()) / "lessons", ec))
      if (f.path().extension() == ".json") paths.push_back(f.path().string());
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) {
      try {
        const nn::Lesson l = nn::load_lesson(p);
        ClassroomState::Listed item{p, l.title, {}};
        for (const auto& [lang, text] : l.translations)
          if (!text.title.empty()) item.translated_titles[lang] = text.title;
        cr.lesson_list->push_back(std::move(item));
      } catch (const std::exception&) {
        // a broken lesson is not listed; opening it by name says what is wrong
      }
    }
  }
  if (cr.lesson_list->empty()) return false;
  ImGui::Spacing();
  caption(tr("lesson.lessons"));
  ImGui::BeginChild("##lessons", ImVec2(0, 150 * c.s), true);
  std::string chosen;
  for (const auto& l : *cr.lesson_list) {
    const auto t = l.translated_titles.find(language_code(language()));
    if (ImGui::Selectable((t != l.translated_titles.end() ? t->second : l.title).c_str(), false)) chosen = l.path;
    mark(c.ui, "lesson_" + std::filesystem::path(l.path).stem().string());
  }
  ImGui::EndChild();
  if (chosen.empty()) return false;
  open_lesson(c, chosen);
  return true;
}

void draw_prediction(Ctx& c) {
  ClassroomState& cr = c.ui.classroom;
  const auto it = c.ui.layout.find("output_view");
  if (it == c.ui.layout.end()) return;
  const ImVec4 r = it->second.r;
  const ViewRect& v = c.ui.view;
  auto to_screen = [&](const std::array<double, 2>& p) {
    return ImVec2(float(r.x + (p[0] - v.x0) / (v.x1 - v.x0) * r.z), float(r.y + r.w - (p[1] - v.y0) / (v.y1 - v.y0) * r.w));
  };
  const ImVec2 m = ImGui::GetIO().MousePos;
  const bool inside = m.x >= r.x && m.y >= r.y && m.x < r.x + r.z && m.y < r.y + r.w;
  if (cr.drawing && inside && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) cr.strokes.emplace_back();
  if (cr.drawing && inside && ImGui::IsMouseDown(ImGuiMouseButton_Left) && !cr.strokes.empty()) {
    const std::array<double, 2> p{v.x0 + (m.x - r.x) / r.z * (v.x1 - v.x0), v.y0 + (r.y + r.w - m.y) / r.w * (v.y1 - v.y0)};
    if (cr.strokes.back().empty() || cr.strokes.back().back() != p) cr.strokes.back().push_back(p);
  }
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  dl->PushClipRect(ImVec2(r.x, r.y), ImVec2(r.x + r.z, r.y + r.w), true);
  for (const auto& stroke : cr.strokes) {
    std::vector<ImVec2> pts;
    for (const auto& p : stroke) pts.push_back(to_screen(p));
    if (pts.size() < 2) continue;
    // A white halo under a black line: visible on blue, orange and the neutral middle alike.
    dl->AddPolyline(pts.data(), int(pts.size()), IM_COL32(255, 255, 255, 230), 0, 6.0f * c.s);
    dl->AddPolyline(pts.data(), int(pts.size()), IM_COL32(0, 0, 0, 255), 0, 3.0f * c.s);
  }
  dl->PopClipRect();
}

}  // namespace descent::gui
