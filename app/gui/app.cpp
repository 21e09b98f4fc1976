// app/gui/app.cpp — the desktop app: window, GL, ImGui, one loop, and where panels go.
//
// Reads top to bottom like Dear ImGui's example_glfw_opengl3: init in order (GLFW, window + GL
// 3.3 core, ImGui, backends, our GL resources, the trainer), one loop (poll, new frame, read the
// snapshot once, draw panels, render, swap), teardown in reverse. A GLFW failure (no display,
// no GL 3.3) is one line on stderr and exit code 2. What tests read from the running app is
// in test_hooks.h; the loop calls it at three points.
//
// [SECTION] GLFW callbacks
// [SECTION] experiment loading at start-up
// [SECTION] keyboard shortcuts
// [SECTION] layout: where the panels go
// [SECTION] the frame's steps
// [SECTION] run_gui
#include <epoxy/gl.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "app/cli.h"
#include "gui/formatted.h"
#include "gui/boundary.h"
#include "gui/cached_drawing.h"
#include "gui/classroom.h"
#include "gui/generator_tiles.h"
#include "gui/gui.h"
#include "gui/panels/inside.h"
#include "gui/panels/panels.h"
#include "gui/test_hooks.h"
#include "gui/strings.h"
#include "gui/theme.h"
#include "gui/thumbnails.h"
#include "gui/ui.h"
#include "gui/window_export.h"
#include "nn/file_io.h"


namespace descent {

using namespace gui;

namespace {

// =============================================================================================
// [SECTION] GLFW callbacks
// =============================================================================================

// GLFW's error callback has no user pointer: the last error waits here for the message.
std::string g_glfw_error = "unknown error";

void on_glfw_error(int code, const char* what) {
  g_glfw_error = std::string(what ? what : "?") + " (GLFW error " + std::to_string(code) + ")";
}

// Files dropped on the window, opened by the next frame (the window's user pointer).
void on_drop(GLFWwindow* window, int n, const char** paths) {
  auto* dropped = static_cast<std::vector<std::string>*>(glfwGetWindowUserPointer(window));
  if (!dropped) return;
  for (int i = 0; i < n; ++i) dropped->emplace_back(paths[i]);
}

// =============================================================================================
// [SECTION] experiment loading at start-up
// =============================================================================================

std::unique_ptr<nn::Trainer> make_trainer(const GuiOptions& o, UiState& ui) {
  nn::Experiment e;
  bool have = false;
  std::string path = o.experiment_path;
  if (path.empty()) path = descent::default_experiment_path();
  try {
    e = nn::load_experiment(path);
    have = true;
    ui.current_path = path;
  } catch (const std::exception& err) {
    // A missing default preset is not the user's problem: fall back quietly to the built-in.
    const bool missing_default = !std::filesystem::exists(path) &&
                                 (o.experiment_path.empty() || path == descent::default_experiment_path());
    if (!missing_default) set_status(ui, err.what(), true);
  }
  if (!have) e = builtin_default_experiment();
  try {
    return std::make_unique<nn::Trainer>(e);
  } catch (const std::exception& err) {
    set_status(ui, err.what(), true);
    ui.current_path.clear();
    return std::make_unique<nn::Trainer>(builtin_default_experiment());
  }
}

// =============================================================================================
// [SECTION] keyboard shortcuts
// =============================================================================================

struct WindowState {
  GLFWwindow* window = nullptr;
  int x = 0, y = 0, w = 1280, h = 800;
};

void toggle_fullscreen(WindowState& ws, UiState& ui) {
  GLFWmonitor* mon = glfwGetPrimaryMonitor();
  if (!ui.fullscreen) {
    if (!mon) return;
    glfwGetWindowPos(ws.window, &ws.x, &ws.y);
    glfwGetWindowSize(ws.window, &ws.w, &ws.h);
    const GLFWvidmode* mode = glfwGetVideoMode(mon);
    glfwSetWindowMonitor(ws.window, mon, 0, 0, mode->width, mode->height, mode->refreshRate);
    ui.fullscreen = true;
  } else {
    glfwSetWindowMonitor(ws.window, nullptr, ws.x, ws.y, ws.w, ws.h, 0);
    ui.fullscreen = false;
  }
}

// Returns true when the user asked to quit.
bool shortcuts(Ctx& c, WindowState& ws, bool* rebuild_fonts) {
  ImGuiIO& io = ImGui::GetIO();
  auto pressed = [](int key) { return ImGui::IsKeyPressed(key, false); };
  if (pressed(GLFW_KEY_F11)) toggle_fullscreen(ws, c.ui);
  // The weight editor's number field takes digits, signs and 'e' only: the other shortcut keys
  // keep their meaning while it is open (arrows and Escape stay the field's).
  const bool editor = c.ui.edit_popup_open;
  if (io.WantTextInput && !editor) return false;
  const bool ctrl = io.KeyCtrl, shift = io.KeyShift;
  if (ctrl) {
    if (pressed(GLFW_KEY_Z)) undo_edit(c, shift);
    if (pressed(GLFW_KEY_Y)) undo_edit(c, true);
    if (pressed(GLFW_KEY_S)) request_file_action(c, FileAction::save_experiment);
    if (pressed(GLFW_KEY_O)) request_file_action(c, FileAction::open_experiment);
    if (pressed(GLFW_KEY_Q)) return true;
    float scale = c.settings.scale;
    if (pressed(GLFW_KEY_EQUAL) || pressed(GLFW_KEY_KP_ADD))
      scale = std::min(Settings::kMaxScale, scale + Settings::kScaleStep);
    if (pressed(GLFW_KEY_MINUS) || pressed(GLFW_KEY_KP_SUBTRACT))
      scale = std::max(Settings::kMinScale, scale - Settings::kScaleStep);
    if (pressed(GLFW_KEY_0) || pressed(GLFW_KEY_KP_0)) scale = 1.0f;
    if (scale != c.settings.scale) {
      c.settings.scale = scale;
      *rebuild_fonts = true;
      c.settings.save();
    }
    return false;
  }
  if (ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId) && !editor) return false;
  const bool arrows_taken = classroom_shortcuts(c, rebuild_fonts);  // lessons, F5, Esc
  if (pressed(GLFW_KEY_SPACE)) play_pause(c);  // the compared runs in compare mode
  // → repeats while held, as an arrow key should — once it has been down for 0.8 s of real
  // time and several frames: on a loaded machine a tap can span a few slow frames, and ImGui's
  // own clock would take it for a hold and step three epochs.
  const bool right_down = ImGui::IsKeyDown(GLFW_KEY_RIGHT);
  if (right_down && c.ui.right_frames == 0) c.ui.right_down_at = glfwGetTime();
  c.ui.right_frames = right_down ? c.ui.right_frames + 1 : 0;
  const bool held = c.ui.right_frames > 3 && glfwGetTime() - c.ui.right_down_at >= 0.8;
  const bool right = !arrows_taken && (pressed(GLFW_KEY_RIGHT) || (held && ImGui::IsKeyPressed(GLFW_KEY_RIGHT, true)));
  if (pressed(GLFW_KEY_S) || (right && !editor)) step(c, shift);
  if (pressed(GLFW_KEY_R)) reset_run(c);
  if (pressed(GLFW_KEY_F1) || (shift && pressed(GLFW_KEY_SLASH))) c.ui.show_help = !c.ui.show_help;
  if (pressed(GLFW_KEY_ESCAPE) && !editor) {
    c.ui.show_help = false;
    c.ui.show_recipe = false;
  }
  return false;
}

// =============================================================================================
// [SECTION] layout: where the panels go
// =============================================================================================

void draw_panels(Ctx& c) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const ImVec2 o = vp->Pos, sz = vp->Size;
  const float s = c.s;
  const float top_h = std::round(76.0f * s);
  const float status_h = std::round(ImGui::GetFontSize() + 12.0f * s);
  // The output column: 392 px (scaled), more on a large window (the view grows with it), and
  // never more than 40 % of the width.
  const float right_w = std::round(std::min(std::max(392.0f * s, 0.30f * sz.x), 0.40f * sz.x));
  // The left column: the data panel, or the recipe sheet in its place (as wide as two columns
  // of its cells when the canvas keeps its room beside it).
  const bool sheet = c.ui.show_recipe && !c.ui.classroom.presenting;
  float left_w = std::round(std::min(250.0f * s, 0.24f * sz.x));
  if (sheet) left_w = recipe_sheet_width(s, sz.x, left_w, right_w);
  const float body_h = sz.y - top_h - status_h;
  const float centre_w = sz.x - left_w - right_w;
  if (c.ui.classroom.presenting) {
    draw_presentation(c, o, sz, top_h);
    if (c.ui.show_help) show_help_window(c);
    show_export_window(c, o.x + sz.x * 0.5f);
    show_file_dialog(c);
    return;
  }

  show_top_bar(c, o, ImVec2(sz.x, top_h));
  if (sheet) show_recipe_sheet(c, ImVec2(o.x, o.y + top_h), ImVec2(left_w, body_h));
  else show_data_panel(c, ImVec2(o.x, o.y + top_h), ImVec2(left_w, body_h));
  float doctor_h = 0.0f;
  if (comparing(c.ui)) {  // the runs take the centre and right columns
    show_compare_view(c, ImVec2(o.x + left_w, o.y + top_h), ImVec2(centre_w + right_w, body_h));
  } else {
    update_findings(c);  // the doctor's strip under the canvas (panels/doctor_strip.cpp)
    doctor_h = doctor_strip_height(c, centre_w);
    const float timeline_h = timeline_height(c);  // under the plots
    show_network_panel(c, ImVec2(o.x + left_w, o.y + top_h), ImVec2(centre_w, body_h - doctor_h));
    show_doctor_strip(c, ImVec2(o.x + left_w, o.y + top_h + body_h - doctor_h), ImVec2(centre_w, doctor_h));
    show_output_panel(c, ImVec2(o.x + left_w + centre_w, o.y + top_h), ImVec2(right_w, body_h - timeline_h));
    show_timeline(c, ImVec2(o.x + left_w + centre_w, o.y + top_h + body_h - timeline_h), ImVec2(right_w, timeline_h));
  }
  show_status_bar(c, ImVec2(o.x, o.y + sz.y - status_h), ImVec2(sz.x, status_h));
  // Over the canvas's foot, stacked upwards and leaving the doctor's strip readable: the lesson
  // card, then the divergence banner above it.
  const float card_top = show_lesson_card(c, ImVec2(o.x + left_w, o.y + top_h + body_h - doctor_h), centre_w);
  if (c.snap.state == nn::RunState::diverged) show_divergence_banner(c, ImVec2(o.x + left_w, card_top), centre_w);
  if (c.ui.show_help) show_help_window(c);
  show_inspector_window(c);
  show_go_on_prompt(c);
  show_compare_popup(c);
  show_lr_find_window(c);
  show_landscape_window(c);
  show_export_window(c, o.x + left_w + centre_w * 0.5f);
  show_file_dialog(c);
}

// =============================================================================================
// [SECTION] the frame's steps
// =============================================================================================

void rebuild_fonts(const UiState& ui, const Settings& st, int extra = 1) {
  apply_fonts_and_theme(ui, st, extra);  // presentation mode: larger, maybe high contrast
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

// Mesa's software rasterizer allocates and frees frame-sized buffers every frame; glibc
// would hand them back to the kernel each time (page faults: a third of a frame here).
void keep_freed_memory() {
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

// GLFW, the window and a GL 3.3 core context; nullptr (and the message printed) on failure.
GLFWwindow* open_window() {
  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit()) {
    std::fprintf(stderr, "descent: cannot open a window: %s\n", g_glfw_error.c_str());
    return nullptr;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  // WM_CLASS "descent" (GLFW's own is "GLFW-Application"): desktops match the window to
  // descent.desktop (StartupWMClass) and show its icon.
  glfwWindowHintString(GLFW_X11_CLASS_NAME, "descent");
  glfwWindowHintString(GLFW_X11_INSTANCE_NAME, "descent");
  GLFWwindow* window = glfwCreateWindow(1280, 800, "Descent", nullptr, nullptr);
  if (!window) {
    std::fprintf(stderr, "descent: cannot open a window: %s\n", g_glfw_error.c_str());
    glfwTerminate();
    return nullptr;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);
  glfwSetDropCallback(window, on_drop);
  return window;
}

// Returns the milliseconds the fonts took (the atlas, with CJK glyphs merged in: start-up's
// biggest part after the GL context).
double init_imgui(GLFWwindow* window, const Settings& settings) {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // layout is computed each frame; nothing to persist in the tree
  io.MouseDoubleClickTime = 0.4f;  // GNOME's default (ImGui's 0.3 s is tight on a slow frame)
  // Before the fonts (Chinese merges in CJK glyphs): the settings' choice, else LANG's.
  Language lang = language_from_environment();
  language_from_code(settings.language, &lang);
  set_language(lang);
  const auto t0 = std::chrono::steady_clock::now();
  load_fonts(settings.scale);
  const std::chrono::duration<double, std::milli> fonts = std::chrono::steady_clock::now() - t0;
  apply_theme(settings.dark, settings.scale);
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  return fonts.count();
}

// Everything that lives as long as the window, besides the window and ImGui themselves.
struct App {
  Settings settings;
  UiState ui;
  BoundaryRenderer boundary;
  Thumbnails thumbs;
  CachedDrawing links, view_layer;
  GeneratorTiles gen_tiles;
  WindowExport window_export;
  std::unique_ptr<nn::Trainer> trainer;
  WindowState ws;
  std::vector<std::string> dropped;  // filled by on_drop
  bool fonts_dirty = false;
  int fonts_extra = 1;               // the atlas's second font set: 2 while 2× frames are drawn
  int frame_factor = 1;              // the font set and theme sizes in force
  double last_activity = 0.0;        // glfwGetTime() of the last input
  ImVec2 last_mouse{-1, -1};
  uint64_t last_version = 0;         // of the last snapshot drawn
};

// Idle (paused, nothing moving, no input for a second): sleep until an event. Else poll.
void wait_or_poll(App& app, bool screenshot) {
  const auto peek = app.trainer->snapshot();
  const bool busy = peek->playing || peek->version != app.last_version || screenshot || lab_busy(app.ui) ||
                    app.ui.classroom.recording.active || glfwGetTime() - app.last_activity < 1.0;
  if (busy) glfwPollEvents();
  else glfwWaitEventsTimeout(0.25);
  app.ui.events_polled_at =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void note_activity(App& app, double now) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.MousePos.x != app.last_mouse.x || io.MousePos.y != app.last_mouse.y || io.MouseWheel != 0.0f ||
      ImGui::IsAnyMouseDown() || io.InputQueueCharacters.Size > 0 || io.KeyCtrl || io.KeyShift) {
    app.last_activity = now;
    app.last_mouse = io.MousePos;
  }
  for (int k = 0; k < IM_ARRAYSIZE(io.KeysDown); ++k)
    if (io.KeysDown[k]) app.last_activity = now;
}

// A refused command (bad edit) comes back in the snapshot's message; dropped files open.
void take_messages_and_drops(Ctx& c, std::vector<std::string>& dropped) {
  if (c.snap.applied_command > c.ui.last_trainer_message_seq) {
    if (!c.snap.message.empty()) set_status(c.ui, c.snap.message, true);
    c.ui.last_trainer_message_seq = c.snap.applied_command;
  }
  for (const std::string& path : dropped) {
    const std::string ext = std::filesystem::path(path).extension().string();
    if (ext == ".csv" || ext == ".CSV") load_csv(c, path);
    else open_experiment(c, path);
  }
  dropped.clear();
}

// Shortcuts and panels. Returns true when the user asked to quit.
bool draw_frame(Ctx& c, App& app) {
  const bool dark_before = c.settings.dark;
  const float scale_before = c.settings.scale;
  const bool quit = shortcuts(c, app.ws, &app.fonts_dirty);
  classroom_frame(c);
  app.thumbs.update(c.snap, c.settings.dark, c.time);
  draw_panels(c);
  if (c.settings.dark != dark_before || c.settings.scale != scale_before) {
    app.fonts_dirty = true;
    c.settings.save();
  }
  c.ui.hover_node = c.ui.hover_node_next;
  if (std::exchange(c.ui.classroom.fonts_dirty, false)) app.fonts_dirty = true;
  return quit;
}

void render(GLFWwindow* window, int* fb_w, int* fb_h) {
  ImGui::Render();
  glfwGetFramebufferSize(window, fb_w, fb_h);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(0, 0, *fb_w, *fb_h);
  // The panels have no background of their own: the clear colour is theirs (on llvmpipe
  // every full-window layer of blended pixels costs milliseconds).
  const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(palette().panel);
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

// A 60 FPS cap when the swap does not wait (no vsync under Xvfb): the UI must leave the other
// core to the trainer. Returns the frame's interval in ms.
double pace(double* last_frame) {
  const double budget = 1.0 / 60.0, t1 = glfwGetTime();
  if (t1 - *last_frame < budget)
    std::this_thread::sleep_for(std::chrono::duration<double>(budget - (t1 - *last_frame) - 0.0005));
  const double t2 = glfwGetTime();
  const double dt = (t2 - *last_frame) * 1000.0;
  *last_frame = t2;
  return dt;
}

// --exit-after, and --exit-when-done once the Play we sent has taken effect and the run has
// ended by itself.
bool time_to_exit(const GuiOptions& opt, const nn::Snapshot& snap, uint64_t play_seq, double elapsed) {
  if (opt.exit_after > 0.0 && elapsed >= opt.exit_after) return true;
  return opt.exit_when_done && snap.applied_command >= play_seq && !snap.playing &&
         snap.state != nn::RunState::running;
}

void teardown(App& app, GLFWwindow* window) {
  app.trainer.reset();
  app.gen_tiles.destroy();
  app.view_layer.destroy();
  app.links.destroy();
  app.thumbs.destroy();
  app.boundary.destroy();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
}

// Our GL resources (the output view's shader: the CPU draws it when it does not compile), the
// settings file's problem said once, the trainer on the experiment asked for, a lesson to open.
void init_resources(App& app, const GuiOptions& opt) {
  std::string shader_error;
  if (!app.boundary.init(&shader_error))
    set_status(app.ui, formatted(tr("app.cpu_drawing"), shader_error.c_str()), true);
  if (!app.settings.problem.empty()) {  // said once, at start; the file is left as it is
    set_status(app.ui, app.settings.problem, true);
    std::fprintf(stderr, "descent: %s\n", app.settings.problem.c_str());
  }
  app.thumbs.init();
  app.trainer = make_trainer(opt, app.ui);
  adopt_pace(app.ui, *app.trainer, *app.trainer->snapshot()->experiment);
  app.ui.classroom.pending_lesson = opt.lesson_path;
}

// What a frame is drawn for: the window, or only offscreen (never shown, skipped by the test
// hooks) for a 2× window export or a frame of the window's recording (gui/recording.h).
struct FrameKind {
  int factor = 1;          // the UI scale and the display size times this (2: twice as large)
  bool offscreen = false;
  bool recording = false;
};

FrameKind frame_kind(const App& app) {
  if (app.window_export.pending()) return {app.window_export.frame_scale(), app.window_export.frame_scale() != 1, false};
  if (const int f = recording_frame_scale(app.ui)) return {f, true, true};
  return {};
}

// The larger font set the atlas must hold: 2 while a 2× recording runs or a 2× window export
// waits for its frame, else 1.
int extra_font_factor(const App& app) {
  if (app.window_export.pending()) return app.window_export.frame_scale();
  const RecordingState& r = app.ui.classroom.recording;
  return r.active && !r.closed ? std::max(1, r.spec.scale) : 1;
}

// The frame's start: a window export the closing dialog asked for, fonts to rebuild, then
// ImGui's new frame. Returns what the frame is for; *t0: when the frame's work began (after a
// font rebuild).
FrameKind begin_frame(App& app, const TestHooks& hooks, double* t0) {
  if (!app.ui.window_export_path.empty()) {
    app.window_export.request(std::move(app.ui.window_export_path), app.ui.window_export_factor);
    app.ui.window_export_path.clear();
  }
  const FrameKind kind = frame_kind(app);
  const int factor = kind.factor;
  // The atlas holds the 2× fonts too while 2× frames are being drawn: a recording's frames
  // switch font sets instead of rebuilding the atlas twice each.
  const int extra = extra_font_factor(app);
  if (app.fonts_dirty || extra != app.fonts_extra) {
    rebuild_fonts(app.ui, app.settings, extra);
    app.fonts_dirty = false;
    app.fonts_extra = extra;
    app.frame_factor = 1;
  }
  if (factor != app.frame_factor) {
    apply_frame_scale(app.ui, app.settings, factor);
    app.frame_factor = factor;
  }
  *t0 = glfwGetTime();
  ImGui_ImplOpenGL3_NewFrame();
  ImGuiIO& io = ImGui::GetIO();
  bool buttons[IM_ARRAYSIZE(io.MouseDown)];
  std::copy(std::begin(io.MouseDown), std::end(io.MouseDown), buttons);
  ImGui_ImplGlfw_NewFrame();
  // Screenshots must not depend on where the pointer happens to be (Xvfb starts it at the
  // screen's centre, over the network canvas): the app sees no pointer while taking one.
  if (hooks.screenshot_pending() || app.window_export.pending() || kind.recording) io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  if (kind.recording) {
    // A recorded frame takes no click: the buttons stay as the last shown frame had them, so a
    // press that began now is seen by the next frame, where the pointer is.
    std::copy(std::begin(buttons), std::end(buttons), io.MouseDown);
    recording_display_size(app.ui, factor, &io.DisplaySize.x, &io.DisplaySize.y);
    io.DisplayFramebufferScale = ImVec2(1, 1);
  } else if (factor != 1) {
    io.DisplaySize = ImVec2(io.DisplaySize.x * float(factor), io.DisplaySize.y * float(factor));
    io.DisplayFramebufferScale = ImVec2(1, 1);
  }
  // ImGui times key repeat and double clicks by the sum of frame times. One slow frame (a
  // loaded machine, a font rebuild) must not count as a key held down for a repeat or split a
  // double click: no frame counts as longer than 0.1 s.
  io.DeltaTime = std::min(io.DeltaTime, 0.1f);
  ImGui::NewFrame();
  return kind;
}

// An offscreen frame: rendered, then captured for the export or the recording. The node the
// pointer was over is shown again by the next frame (this one drew the network's output).
void offscreen_frame(App& app, Ctx& c, const FrameKind& kind, NodeRef hover, NodeRef hover_next) {
  ImGui::Render();
  if (kind.recording) capture_recording(c, ImGui::GetDrawData());
  else app.window_export.capture(app.ui, 0, 0);
  app.ui.hover_node = hover;
  app.ui.hover_node_next = hover_next;
}

}  // namespace

// =============================================================================================
// [SECTION] run_gui
// =============================================================================================

int run_gui(const GuiOptions& opt) {
  keep_freed_memory();
  // 1. GLFW, the window and a GL 3.3 core context.
  GLFWwindow* window = open_window();
  if (!window) return 2;

  // 2. Settings, Dear ImGui and its backends.
  App app;
  app.ws.window = window;
  glfwSetWindowUserPointer(window, &app.dropped);
  app.settings.path = opt.settings_path.empty() ? Settings::default_path() : opt.settings_path;
  app.settings.load();
  const double fonts_ms = init_imgui(window, app.settings);
  bind_widget_state(&app.ui.widgets);

  // 3. Our GL resources, the trainer and the test hooks.
  init_resources(app, opt);
  TestHooks hooks(opt);
  hooks.open_windows(app.ui);
  const double t_start = glfwGetTime();
  double last_frame = t_start;
  app.last_activity = t_start;
  const uint64_t play_seq = opt.play ? app.trainer->play() : 0;
  int exit_code = 0;
  bool quit = false;

  // 4. The loop: poll, new frame, the snapshot once, panels, render, swap.
  while (!glfwWindowShouldClose(window) && !quit) {
    wait_or_poll(app, hooks.screenshot_pending() || !app.ui.window_export_path.empty());
    double t0 = 0.0;
    const FrameKind kind = begin_frame(app, hooks, &t0);
    const NodeRef hover = app.ui.hover_node, hover_next = app.ui.hover_node_next;
    if (kind.offscreen) app.ui.hover_node = NodeRef{};

    // The one read of the trainer's state this frame; every panel sees the same snapshot.
    // (While the timeline is scrubbed: the live one with a kept checkpoint's weights.)
    const std::shared_ptr<const nn::Snapshot> live = app.trainer->snapshot();
    app.last_version = live->version;
    const std::shared_ptr<const nn::Snapshot> snap = shown_snapshot(app.ui, live);
    Ctx c{*app.trainer, *snap, app.ui, app.settings, app.boundary, app.thumbs,
          app.links, app.view_layer, app.gen_tiles, ImGui::GetTime(), effective_scale(app.ui, app.settings) * float(kind.factor)};
    app.ui.layout.clear();
    glfwGetWindowSize(window, &app.ui.window_w, &app.ui.window_h);
    note_activity(app, t0);
    take_messages_and_drops(c, app.dropped);
    quit = draw_frame(c, app);

    int fb_w = 0, fb_h = 0;
    if (kind.offscreen) {  // drawn offscreen only: the window and the test hooks skip this frame
      offscreen_frame(app, c, kind, hover, hover_next);
      continue;
    }
    render(window, &fb_w, &fb_h);
    app.window_export.capture(app.ui, fb_w, fb_h);
    ++app.ui.frames;
    quit |= hooks.after_render(c, fb_w, fb_h, &exit_code);
    quit |= hooks.layout_matrix(c, window, &app.fonts_dirty, fb_w, fb_h);
    glfwSwapBuffers(window);
    if (app.ui.frames == 1) hooks.started(fonts_ms);

    const double work_ms = (glfwGetTime() - t0) * 1000.0;
    const double dt = pace(&last_frame);
    hooks.frame_timed(c, work_ms, dt);
    app.ui.frame_ms = app.ui.frame_ms * 0.9 + dt * 0.1;
    app.ui.work_ms = app.ui.work_ms * 0.9 + work_ms * 0.1;
    quit |= time_to_exit(opt, *snap, play_seq, last_frame - t_start);
  }

  // 5. Exit: the test hooks' report (the GL context is still alive), then teardown in reverse.
  const std::shared_ptr<const nn::Snapshot> final_snap = app.trainer->snapshot();
  Ctx c{*app.trainer, *final_snap, app.ui, app.settings, app.boundary, app.thumbs,
        app.links, app.view_layer, app.gen_tiles, ImGui::GetTime(), effective_scale(app.ui, app.settings)};
  hooks.at_exit(c);
  app.settings.save();
  teardown(app, window);
  return exit_code;
}

}  // namespace descent
