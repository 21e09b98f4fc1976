// app/gui/layout_check.cpp — the layout rules and the layout matrix (see layout_check.h).
#include "gui/layout_check.h"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "gui/test_hooks.h"
#include "nn/file_io.h"

namespace descent::gui {

namespace {

// Widgets that hold others by design (a panel, the view under its "fit" button, a plot under
// its legend) and marks that are not widgets (link midpoints, a node's bias square at its
// corner, the output node named twice, an open combo's rows, a slider's grab inside it): not
// checked for overlap.
constexpr std::string_view kContainers[] = {"data_panel", "network_panel", "output_view", "loss_plot",
                                            "metric_plot", "recipe_window", "status"};
constexpr std::string_view kNotWidgets[] = {"link_", "bias_", "output_node_", "item_", "preset_"};
constexpr std::string_view kGrab = "_grab", kValue = "_value";  // a slider's grab, its value's text

bool ends_with(const std::string& name, std::string_view end) {
  return name.size() >= end.size() && name.compare(name.size() - end.size(), end.size(), end) == 0;
}

bool overlap_checked(const std::string& name) {
  for (std::string_view n : kContainers)
    if (name == n) return false;
  for (std::string_view p : kNotWidgets)
    if (name.compare(0, p.size(), p) == 0) return false;
  return !ends_with(name, kGrab);
}

bool intersect(const ImVec4& a, const ImVec4& b) {
  const float ox = std::min(a.x + a.z, b.x + b.z) - std::max(a.x, b.x);
  const float oy = std::min(a.y + a.w, b.y + b.w) - std::max(a.y, b.y);
  return ox > 1.0f && oy > 1.0f;  // touching edges (ImGui's rounding) is not overlapping
}

std::string fmt_cell(int w, int h, float scale, int layers, int width, Language l, bool recipe) {
  char b[112];
  std::snprintf(b, sizeof b, "%dx%d %3.0f%% %2dx%-3d%s%s", w, h, scale * 100.0f, layers, width,
                l == Language::English ? "" : (std::string(" ") + language_code(l)).c_str(),
                recipe ? " recipe" : "");
  return b;
}

// Where the recipe sheet must show every row without scrolling: at 100 % on a window of
// 1280×800 or more. (Smaller windows and larger scales may scroll it, by design.)
bool recipe_fits(int w, int h, float scale) { return scale == 1.0f && w >= 1280 && h >= 800; }

}  // namespace

bool same_layout(const Layout& a, const Layout& b) {
  if (a.size() != b.size()) return false;
  for (auto x = a.cbegin(), y = b.cbegin(); x != a.cend(); ++x, ++y) {
    const ImVec4 &p = x->second.r, &q = y->second.r;
    if (x->first != y->first || x->second.clipped != y->second.clipped || std::fabs(p.x - q.x) > 0.5f ||
        std::fabs(p.y - q.y) > 0.5f || std::fabs(p.z - q.z) > 0.5f || std::fabs(p.w - q.w) > 0.5f)
      return false;
  }
  return true;
}

std::vector<std::string> layout_problems(const Layout& l, float min_view_px) {
  std::vector<std::string> out;
  std::vector<std::pair<const std::string*, const ImVec4*>> widgets;
  for (const auto& [name, item] : l) {
    const bool container = std::find(std::begin(kContainers), std::end(kContainers), name) != std::end(kContainers);
    if (item.clipped && !container) out.push_back("clipped: " + name);
    if (overlap_checked(name)) widgets.emplace_back(&name, &item.r);
  }
  // The same rectangle under two names is one widget named twice (a combo and its place).
  const auto same = [](const ImVec4& a, const ImVec4& b) {
    return std::fabs(a.x - b.x) < 0.5f && std::fabs(a.y - b.y) < 0.5f && std::fabs(a.z - b.z) < 0.5f &&
           std::fabs(a.w - b.w) < 0.5f;
  };
  // A slider's value is inside its slider by design.
  const auto own_value = [](const std::string& a, const std::string& b) {
    return a.size() == b.size() + kValue.size() && ends_with(a, kValue) && a.compare(0, b.size(), b) == 0;
  };
  for (size_t i = 0; i < widgets.size(); ++i)
    for (size_t j = i + 1; j < widgets.size(); ++j)
      if (intersect(*widgets[i].second, *widgets[j].second) && !same(*widgets[i].second, *widgets[j].second) &&
          !own_value(*widgets[i].first, *widgets[j].first) && !own_value(*widgets[j].first, *widgets[i].first))
        out.push_back("overlap: " + *widgets[i].first + " " + *widgets[j].first);
  // A slider's value is read, not guessed: its text ("NAME_value") clear of its grab ("NAME_grab").
  for (const auto& [name, item] : l) {
    if (!ends_with(name, kGrab)) continue;
    const std::string base = name.substr(0, name.size() - kGrab.size());
    const auto value = l.find(base + std::string(kValue));
    if (value != l.end() && intersect(item.r, value->second.r)) out.push_back("value under its grab: " + base);
  }
  // The recipe sheet sits beside the canvas and the output view, never over them.
  if (const auto sheet = l.find("recipe_window"); sheet != l.end())
    for (const char* panel : {"network_panel", "output_view"})
      if (const auto p = l.find(panel); p != l.end() && intersect(sheet->second.r, p->second.r))
        out.push_back(std::string("recipe over the ") + panel);
  const auto view = l.find("output_view");
  if (view == l.end()) {
    out.push_back("no output view");
  } else if (std::min(view->second.r.z, view->second.r.w) < min_view_px - 0.5f) {
    out.push_back("output view " + std::to_string(int(std::min(view->second.r.z, view->second.r.w))) +
                  " px < " + std::to_string(int(min_view_px)) + " px");
  }
  return out;
}

// --- the matrix ------------------------------------------------------------------------------

// Window sizes from a small laptop to a 4K projector, the UI scales a projector needs, and
// networks from one neuron to the widest and deepest the engine allows.
LayoutMatrix::LayoutMatrix(std::string report_path, std::string shots_dir)
    : report_(std::move(report_path)), shots_(std::move(shots_dir)) {
  constexpr int kSizes[][2] = {{1024, 768}, {1280, 800}, {1920, 1080}, {3840, 2160}};
  constexpr float kScales[] = {1.0f, 1.5f, 2.0f};
  constexpr int kNets[][2] = {{1, 1}, {2, 4}, {1, 256}, {8, 8}, {16, 256}};  // layers, width
  for (const auto& sz : kSizes)
    for (float sc : kScales)
      for (const auto& n : kNets) cells_.push_back(Cell{sz[0], sz[1], sc, n[0], n[1]});
  // Chinese: its glyphs are wider than Latin letters and its phrases differ in length. The
  // smallest and a common window, at 100 % and 200 %, with a small and a deep network.
  for (const auto& sz : {std::array{1024, 768}, std::array{1920, 1080}})
    for (float sc : {1.0f, 2.0f})
      for (const auto& n : {std::array{2, 4}, std::array{8, 8}})
        cells_.push_back(Cell{sz[0], sz[1], sc, n[0], n[1], Language::Chinese});
  // The recipe sheet open on Adam with a step schedule (the most rows): beside the canvas and
  // the output view, never over them; every row in sight at 1280×800 and 1920×1080 at 100 %.
  for (const auto& sz : {std::array{1024, 768}, std::array{1280, 800}, std::array{1920, 1080}})
    for (float sc : {1.0f, 2.0f}) cells_.push_back(Cell{sz[0], sz[1], sc, 2, 4, Language::English, true});
  cells_.push_back(Cell{1280, 800, 1.0f, 2, 4, Language::Chinese, true});
  // DESCENT_LAYOUT_ONLY="1024x768 200%": only the cells whose name contains it, each with a
  // screenshot (to look at one cell while fixing it).
  if (const char* only = std::getenv("DESCENT_LAYOUT_ONLY"); only && *only) {
    only_ = only;
    std::erase_if(cells_, [&](const Cell& c) {
      return fmt_cell(c.w, c.h, c.scale, c.layers, c.width, c.language, c.recipe).find(only_) == std::string::npos;
    });
  }
}

void LayoutMatrix::start_cell(Ctx& c, GLFWwindow* window, bool* fonts_dirty) {
  if (!have_base_) {
    base_ = *c.snap.experiment;
    base_.weights.reset();
    start_scale_ = c.settings.scale;
    start_language_ = language();
    have_base_ = true;
  }
  const Cell& cell = cells_[index_];
  glfwSetWindowSize(window, cell.w, cell.h);
  if (c.settings.scale != cell.scale) {
    c.settings.scale = cell.scale;
    *fonts_dirty = true;
  }
  if (language() != cell.language) {  // not saved: the matrix leaves the settings file alone
    set_language(cell.language);
    *fonts_dirty = true;
  }
  nn::Experiment e = base_;
  e.network.hidden.assign(size_t(cell.layers), cell.width);
  e.network.activations.assign(size_t(cell.layers), base_.network.activations.empty()
                                                        ? nn::Act::tanh : base_.network.activations[0]);
  c.ui.show_recipe = cell.recipe;
  if (cell.recipe) {
    const double lr = e.training.optimizer.lr;
    e.training.optimizer = nn::OptimizerSpec::defaults(nn::Opt::adam);
    e.training.optimizer.lr = lr;
    e.training.schedule.kind = nn::Sched::step;
  }
  c.trainer.apply(std::move(e));
  frames_ = 0;
  stable_frames_ = 0;
}

// The window has its size, the trainer the network, and the layout stayed put for 3 frames.
bool LayoutMatrix::settled(const Ctx& c) {
  const Cell& cell = cells_[index_];
  const bool stable = same_layout(previous_, c.ui.layout);
  previous_ = c.ui.layout;
  stable_frames_ = stable ? stable_frames_ + 1 : 0;
  const nn::TrainingSpec& t = c.snap.experiment->training;
  const bool recipe_applied = !cell.recipe || (t.optimizer.kind == nn::Opt::adam && t.schedule.kind == nn::Sched::step);
  return c.ui.window_w == cell.w && c.ui.window_h == cell.h && recipe_applied &&
         c.snap.arch.hidden == std::vector<int>(size_t(cell.layers), cell.width) &&
         c.settings.scale == cell.scale && language() == cell.language && stable_frames_ >= 3;
}

void LayoutMatrix::finish_cell(Ctx& c, int fb_w, int fb_h) {
  const Cell& cell = cells_[index_];
  // Settled means stable; a cell that never settled is a flicker (or a window that refused its
  // size), reported as such with the last frame's problems.
  std::vector<std::string> problems = layout_problems(c.ui.layout, 240.0f);
  if (stable_frames_ < 3) problems.insert(problems.begin(), "layout not stable over 3 frames (flicker)");
  if (cell.recipe && c.ui.layout.count("recipe_window") == 0) problems.push_back("no recipe sheet");
  if (cell.recipe && recipe_fits(cell.w, cell.h, cell.scale) && c.ui.recipe_scroll_max > 0.5f)
    problems.push_back("the recipe sheet scrolls (" + std::to_string(int(c.ui.recipe_scroll_max)) + " px)");
  const auto view = c.ui.layout.find("output_view");
  const int view_px = view == c.ui.layout.end() ? 0 : int(std::min(view->second.r.z, view->second.r.w));
  text_ += fmt_cell(cell.w, cell.h, cell.scale, cell.layers, cell.width, cell.language, cell.recipe) + "  view " +
           std::to_string(view_px) + " px  " + (problems.empty() ? "ok" : "FAIL");
  for (const std::string& p : problems) text_ += "\n    " + p;
  text_ += '\n';
  failed_ += problems.empty() ? 0 : 1;
  // The extremes, to look at: the smallest window at the largest scale and the largest at the
  // smallest, each with the biggest network, and the projector case; in Chinese, the
  // smallest window at the largest scale with the deep network; the recipe sheet at 1280×800,
  // 100 %, in English.
  const bool extreme = (!cell.recipe && cell.layers == 16 &&
                        ((cell.w == 1024 && cell.scale == 2.0f) || (cell.w == 3840 && cell.scale == 1.0f) ||
                         (cell.w == 1280 && cell.scale == 2.0f))) ||
                       (!cell.recipe && cell.language != Language::English && cell.w == 1024 &&
                        cell.scale == 2.0f && cell.layers == 8) ||
                       (cell.recipe && cell.language == Language::English && cell.w == 1280 && cell.scale == 1.0f);
  if (!shots_.empty() && (extreme || !only_.empty())) {
    char name[112];
    std::snprintf(name, sizeof name, "/layout_%dx%d_%.0f_%dx%d%s%s.png", cell.w, cell.h, cell.scale * 100.0f,
                  cell.layers, cell.width, cell.language == Language::English ? "" : "_zh",
                  cell.recipe ? "_recipe" : "");
    save_screenshot(shots_ + name, fb_w, fb_h);
  }
}

bool LayoutMatrix::step(Ctx& c, GLFWwindow* window, bool* fonts_dirty, int fb_w, int fb_h) {
  if (!active() || index_ >= cells_.size()) return false;
  if (frames_ < 0) {
    start_cell(c, window, fonts_dirty);
    return false;
  }
  ++frames_;
  if (!settled(c) && frames_ < 120) return false;
  finish_cell(c, fb_w, fb_h);
  frames_ = -1;
  if (++index_ < cells_.size()) return false;
  text_ = std::to_string(cells_.size()) + " cells, " + std::to_string(failed_) + " failed\n" + text_;
  try {
    nn::write_file(report_, text_);
  } catch (const std::exception& err) {
    std::fprintf(stderr, "descent: %s\n", err.what());
  }
  c.settings.scale = start_scale_;
  set_language(start_language_);
  c.ui.show_recipe = false;
  *fonts_dirty = true;
  return true;
}

}  // namespace descent::gui
