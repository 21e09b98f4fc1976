// app/gui/theme.cpp — light and dark themes, fonts at the UI scale, the colour maps.
#include "gui/theme.h"

#include "gui/contrast.h"
#include "gui/strings.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <string_view>
#include <vector>
#include <imgui_internal.h>  // ImTextCharFromUtf8
#include <nlohmann/json.hpp>

#include "app/cli.h"
#include "nn/file_io.h"
#include "nn/limits.h"

namespace descent::gui {

namespace {

Palette g_palette;
constexpr int kSpritePx = 32;  // sprite side in the atlas; the disc's radius is kSpritePx / 2 - 1
int g_sprite_rect[2] = {-1, -1};
ImFont* g_small = nullptr;
ImFont* g_big = nullptr;
// The atlas's font sets: [0] at the UI scale, [1] at g_extra times it (when g_extra > 1).
struct FontSet {
  ImFont* regular = nullptr;
  ImFont* small = nullptr;
  ImFont* big = nullptr;
};
FontSet g_sets[2];
int g_extra = 1;

ImVec4 hex(unsigned v, float a = 1.0f) {
  return ImVec4(float((v >> 16) & 255) / 255.0f, float((v >> 8) & 255) / 255.0f,
                float(v & 255) / 255.0f, a);
}
ImU32 hexu(unsigned v, float a = 1.0f) { return ImGui::ColorConvertFloat4ToU32(hex(v, a)); }

// Glyphs we draw: Latin-1, Greek (α, β, η), sub/superscripts (x₁, x²), arrows and math signs,
// geometric shapes (▶ ■) and general punctuation (…, ·); the lessons' modifier letters and
// phonetic super/subscripts (ˡ, ᵀ, ᵢ, ᶻ); the answer marks (✓ ✗).
const ImWchar kRanges[] = {
    0x0020, 0x00FF, 0x02B0, 0x02FF, 0x0370, 0x03FF, 0x1D00, 0x1DBF, 0x2000, 0x206F, 0x2070, 0x209F, 0x2190, 0x21FF,
    0x2200, 0x22FF, 0x25A0, 0x25FF, 0x2713, 0x2717, 0,
};

const char* find_font(bool bold) {
  static const char* regular[] = {
      "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
      "/usr/share/fonts/TTF/DejaVuSans.ttf",
      "/usr/share/fonts/dejavu/DejaVuSans.ttf",
  };
  static const char* boldf[] = {
      "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
      "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
      "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
  };
  for (const char* p : bold ? boldf : regular) {
    std::error_code ec;
    if (std::filesystem::exists(p, ec)) return p;
  }
  return nullptr;
}

// A CJK font from Debian's packages (fonts-wqy-microhei, which dev.sh installs).
const char* find_cjk_font() {
  static const char* paths[] = {
      "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
      "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
  };
  for (const char* p : paths) {
    std::error_code ec;
    if (std::filesystem::exists(p, ec)) return p;
  }
  return nullptr;
}

// Font files, mapped once each (nn::MappedFile) and kept for the program's life: the fonts are
// neither read nor copied, only the pages of the glyphs used are touched (the CJK file is 5 MB
// of which a few hundred glyphs are used), and a rebuild (new scale, new language) maps nothing
// again. An empty view when the file cannot be mapped.
std::string_view mapped_font(const char* path) {
  static std::map<std::string, std::unique_ptr<nn::MappedFile>> files;
  if (!path) return {};
  auto [it, added] = files.try_emplace(path);
  if (added) {
    try {
      it->second = std::make_unique<nn::MappedFile>(path, size_t{64} << 20);
    } catch (const std::exception&) {
      // stays null: Latin text falls back to the built-in font, Chinese shows as '?'
    }
  }
  return it->second ? it->second->bytes() : std::string_view();
}

// Dear ImGui copies font data it does not own (FontDataOwnedByAtlas = false: 5 MB for each CJK
// merge) and frees the data it owns. So the mapped bytes go in as "owned", without a copy, and
// are taken back (forget_mapped_fonts) once the atlas is built, before anything could free them:
// the atlas reads them only while it builds.
ImFont* add_mapped_font(std::string_view bytes, float px, ImFontConfig cfg, const ImWchar* ranges) {
  cfg.FontDataOwnedByAtlas = true;
  return ImGui::GetIO().Fonts->AddFontFromMemoryTTF(const_cast<char*>(bytes.data()), int(bytes.size()), px,
                                                    &cfg, ranges);
}

void forget_mapped_fonts(ImFontAtlas* atlas) {
  for (ImFontConfig& c : atlas->ConfigData) {
    c.FontData = nullptr;
    c.FontDataSize = 0;
  }
}

// Every string under `v` (a translation's fields, its steps, their choices).
void add_strings(ImFontGlyphRangesBuilder& b, const nlohmann::json& v) {
  if (v.is_string()) b.AddText(v.get_ref<const std::string&>().c_str());
  else if (v.is_structured())
    for (const auto& x : v) add_strings(b, x);
}

// The Chinese of the presets' and lessons' files ("translations": {"zh": ...}): shown in the
// status bar's note and on the lesson card, so the fonts must cover it besides the tables'.
// Some 24 small files, read on the first Chinese font load only.
void add_file_text(ImFontGlyphRangesBuilder& b, const char* lang) {
  namespace fs = std::filesystem;
  for (const char* sub : {"presets", "lessons"}) {
    std::error_code ec;
    for (const auto& f : fs::directory_iterator(fs::path(descent::assets_dir()) / sub, ec)) {
      if (f.path().extension() != ".json") continue;
      std::string text;
      try {
        text = nn::read_file(f.path().string(), nn::limits::kExperimentFileBytes);
      } catch (const std::exception&) {
        continue;  // opening it says what is wrong
      }
      const auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
      if (!j.is_object()) continue;
      const auto t = j.find("translations");
      if (t == j.end() || !t->is_object()) continue;
      if (const auto x = t->find(lang); x != t->end()) add_strings(b, *x);
    }
  }
}

// Only the CJK glyphs a language needs (a few hundred of the font's 28,000), so the atlas
// stays small and start-up fast: in Chinese, the table's text and the files' translations;
// in every language, the language switch's names (中文). Each set built once.
const ImWchar* cjk_ranges(Language l) {
  static ImVector<ImWchar> ranges[2];
  ImVector<ImWchar>& r = ranges[l == Language::Chinese ? 1 : 0];
  if (r.empty()) {
    ImFontGlyphRangesBuilder b;
    for (Language x : kLanguages) b.AddText(language_name(x));
    if (l != Language::English) {
      b.AddText(translated_text(l).c_str());
      add_file_text(b, language_code(l));
    }
    b.BuildRanges(&r);
  }
  return r.Data;
}

// A font with the CJK glyphs merged in (ImGui's MergeMode: one font, two files) when
// `cjk_glyphs`; the Latin font's glyphs come first and win where both have one.
ImFont* add_font(std::string_view latin, float px, const ImFontConfig& cfg, bool cjk_glyphs) {
  ImFont* f = add_mapped_font(latin, px, cfg, kRanges);
  const std::string_view cjk = cjk_glyphs ? mapped_font(find_cjk_font()) : std::string_view();
  if (f && !cjk.empty()) {
    ImFontConfig merge = cfg;
    merge.MergeMode = true;
    merge.OversampleH = 1;  // CJK glyphs are dense: no horizontal oversampling (atlas size)
    add_mapped_font(cjk, px, merge, cjk_ranges(language()));
  }
  return f;
}

}  // namespace

const Palette& palette() { return g_palette; }
ImFont* font_small() { return g_small; }
ImFont* font_big() { return g_big; }

void use_fonts(int factor) {
  const FontSet& set = g_sets[factor > 1 && factor == g_extra ? 1 : 0];
  ImGui::GetIO().FontDefault = set.regular;
  g_small = set.small;
  g_big = set.big;
}

Rgb diverging(float t, const Rgb& mid, float strength) {
  t = std::clamp(t, -1.0f, 1.0f) * strength;
  const Rgb& end = t >= 0 ? kOrange : kBlue;
  const float a = std::fabs(t);
  return {mid.r + (end.r - mid.r) * a, mid.g + (end.g - mid.g) * a, mid.b + (end.b - mid.b) * a};
}

ImU32 to_u32(const Rgb& c, float alpha) {
  return ImGui::ColorConvertFloat4ToU32(ImVec4(c.r, c.g, c.b, alpha));
}

namespace {

// The three fonts at one scale, added to the atlas.
FontSet add_font_set(float scale, std::string_view regular, std::string_view bold) {
  ImGuiIO& io = ImGui::GetIO();
  FontSet set;
  ImFontConfig cfg;
  cfg.OversampleH = 2;
  cfg.OversampleV = 1;
  if (!regular.empty()) {
    // In English the only CJK text is the language switch's "中文", in the text font; in Chinese
    // every font has the glyphs (the lesson card's title is big, notes are small).
    const bool cjk_everywhere = language() != Language::English;
    set.regular = add_font(regular, std::round(15.0f * scale), cfg, true);
    set.small = add_font(regular, std::round(12.5f * scale), cfg, cjk_everywhere);
    set.big = add_font(bold, std::round(24.0f * scale), cfg, cjk_everywhere);
  } else {  // the built-in bitmap font: always there, ASCII only
    ImFontConfig def;
    def.SizePixels = std::round(13.0f * scale);
    set.regular = io.Fonts->AddFontDefault(&def);
    def.SizePixels = std::round(13.0f * scale);
    set.small = io.Fonts->AddFontDefault(&def);
    def.SizePixels = std::round(26.0f * scale);
    set.big = io.Fonts->AddFontDefault(&def);
  }
  return set;
}

}  // namespace

void load_fonts(float scale, int extra) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  const std::string_view regular = mapped_font(find_font(false));
  const std::string_view bold_file = mapped_font(find_font(true));
  const std::string_view bold = bold_file.empty() ? regular : bold_file;
  g_sets[0] = add_font_set(scale, regular, bold);  // first: Fonts[0], the default
  g_extra = std::max(1, extra);
  g_sets[1] = g_extra > 1 ? add_font_set(scale * float(g_extra), regular, bold) : FontSet{};
  use_fonts(1);
  g_sprite_rect[0] = io.Fonts->AddCustomRectRegular(kSpritePx, kSpritePx);
  g_sprite_rect[1] = io.Fonts->AddCustomRectRegular(kSpritePx, kSpritePx);
  io.Fonts->Build();
  if (!regular.empty()) forget_mapped_fonts(io.Fonts);  // then every font is a mapping
  // Paint the sprites: a disc and a ring (a third of the radius thick), anti-aliased edges.
  unsigned char* px = nullptr;
  int tw = 0, th = 0;
  io.Fonts->GetTexDataAsRGBA32(&px, &tw, &th);
  const float R = kSpritePx * 0.5f - 1.0f, c0 = kSpritePx * 0.5f;
  for (int k = 0; k < 2; ++k) {
    const ImFontAtlasCustomRect* r = io.Fonts->GetCustomRectByIndex(g_sprite_rect[k]);
    for (int y = 0; y < kSpritePx; ++y)
      for (int x = 0; x < kSpritePx; ++x) {
        const float d = std::hypot(x + 0.5f - c0, y + 0.5f - c0);
        float a = std::clamp(R - d + 0.5f, 0.0f, 1.0f);
        if (k == 1) a = std::min(a, std::clamp(d - R * 0.62f + 0.5f, 0.0f, 1.0f));
        unsigned char* p = px + (size_t(r->Y + y) * tw + r->X + x) * 4;
        p[0] = p[1] = p[2] = 255;
        p[3] = (unsigned char)(a * 255.0f + 0.5f);
      }
  }
}

int missing_glyphs(const char* text) {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  if (atlas->Fonts.empty()) return 0;
  ImFont* f = atlas->Fonts[0];
  int missing = 0;
  const char* end = text + std::strlen(text);
  for (const char* p = text; p < end;) {
    unsigned int ch = 0;
    p += ImTextCharFromUtf8(&ch, p, end);
    if (ch >= 0x20 && !f->FindGlyphNoFallback(ImWchar(ch))) ++missing;
  }
  return missing;
}

void draw_sprite(ImDrawList* dl, Sprite sp, ImVec2 c, float radius, ImU32 col) {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  const int id = g_sprite_rect[sp == Sprite::disc ? 0 : 1];
  if (id < 0) return;
  const ImFontAtlasCustomRect* r = atlas->GetCustomRectByIndex(id);
  ImVec2 uv0, uv1;
  atlas->CalcCustomRectUV(r, &uv0, &uv1);
  const float h = radius * (kSpritePx * 0.5f) / (kSpritePx * 0.5f - 1.0f);  // quad half-side
  dl->AddImage(atlas->TexID, ImVec2(c.x - h, c.y - h), ImVec2(c.x + h, c.y + h), uv0, uv1, col);
}

namespace {

// A theme's colours as data: the palette the panels draw with, and Dear ImGui's style colours
// (hex RGB, alpha). Those not listed keep StyleColorsDark/Light's.
struct ThemeColours {
  unsigned bg, panel, text, text_dim, line, accent, danger, node_border;
  float grid_alpha;
  unsigned grid;
  struct Style { ImGuiCol col; unsigned rgb; float alpha = 1.0f; };
  std::vector<Style> style;
};

const ThemeColours kDarkTheme = {
    0x17191c, 0x1f2226, 0xe4e6e8, 0x969ca3, 0x3a3f46, 0x4fa3d9, 0xe0584f, 0x5a616b, 0.07f, 0xffffff,
    {{ImGuiCol_Text, 0xe4e6e8}, {ImGuiCol_TextDisabled, 0x7c838b}, {ImGuiCol_WindowBg, 0x1f2226},
     {ImGuiCol_ChildBg, 0x1f2226, 0.0f}, {ImGuiCol_PopupBg, 0x262a2f, 0.98f},
     {ImGuiCol_Border, 0x3a3f46}, {ImGuiCol_FrameBg, 0x2c3036}, {ImGuiCol_FrameBgHovered, 0x363b42},
     {ImGuiCol_FrameBgActive, 0x40464e}, {ImGuiCol_Button, 0x2f343a},
     {ImGuiCol_ButtonHovered, 0x3b4148}, {ImGuiCol_ButtonActive, 0x474e57},
     {ImGuiCol_Header, 0x2f4a5e}, {ImGuiCol_HeaderHovered, 0x37566d},
     {ImGuiCol_HeaderActive, 0x3f627c}, {ImGuiCol_SliderGrab, 0x4fa3d9},
     {ImGuiCol_SliderGrabActive, 0x7cbde6}, {ImGuiCol_CheckMark, 0x4fa3d9},
     {ImGuiCol_Separator, 0x3a3f46}, {ImGuiCol_TitleBg, 0x262a2f}, {ImGuiCol_TitleBgActive, 0x2c3137}}};

const ThemeColours kLightTheme = {
    0xf3f4f6, 0xfbfbfc, 0x2b2f33, 0x777d85, 0xd9dce0, 0x183d4e, 0xc0392b, 0xa9b0b8, 0.06f, 0x000000,
    {{ImGuiCol_Text, 0x2b2f33}, {ImGuiCol_TextDisabled, 0x9aa0a7}, {ImGuiCol_WindowBg, 0xfbfbfc},
     {ImGuiCol_ChildBg, 0xfbfbfc, 0.0f}, {ImGuiCol_PopupBg, 0xffffff, 0.98f},
     {ImGuiCol_Border, 0xd9dce0}, {ImGuiCol_FrameBg, 0xeceef1}, {ImGuiCol_FrameBgHovered, 0xe2e5e9},
     {ImGuiCol_FrameBgActive, 0xd7dbe0}, {ImGuiCol_Button, 0xe6e9ed},
     {ImGuiCol_ButtonHovered, 0xd8dde3}, {ImGuiCol_ButtonActive, 0xc8cfd7},
     {ImGuiCol_Header, 0xd6e4ee}, {ImGuiCol_HeaderHovered, 0xc9dbe8},
     {ImGuiCol_HeaderActive, 0xbbd2e2}, {ImGuiCol_SliderGrab, 0x3b6a80},
     {ImGuiCol_SliderGrabActive, 0x183d4e}, {ImGuiCol_CheckMark, 0x183d4e},
     {ImGuiCol_Separator, 0xd9dce0}, {ImGuiCol_TitleBg, 0xe9ecef}, {ImGuiCol_TitleBgActive, 0xdfe4e9}}};

// Sizes and roundings, at scale 1 (ScaleAllSizes scales them).
void set_metrics(ImGuiStyle& style) {
  style.WindowRounding = 0.0f;
  style.ChildRounding = 4.0f;
  style.FrameRounding = 4.0f;
  style.PopupRounding = 4.0f;
  style.GrabRounding = 4.0f;
  style.TabRounding = 4.0f;
  style.ScrollbarRounding = 6.0f;
  style.WindowBorderSize = 0.0f;
  style.FrameBorderSize = 0.0f;
  style.PopupBorderSize = 1.0f;
  style.WindowPadding = ImVec2(12, 10);
  style.FramePadding = ImVec2(7, 4);
  style.ItemSpacing = ImVec2(8, 6);
  style.ItemInnerSpacing = ImVec2(6, 4);
  style.GrabMinSize = 10.0f;
  style.ScrollbarSize = 12.0f;
}

void set_colours(ImGuiStyle& style, const ThemeColours& t, bool dark) {
  Palette& p = g_palette;
  p.dark = dark;
  p.mid = dark ? kDarkMid : kLightMid;
  p.bg = hexu(t.bg);
  p.panel = hexu(t.panel);
  p.text = hexu(t.text);
  p.text_dim = hexu(t.text_dim);
  p.line = hexu(t.line);
  p.accent = hexu(t.accent);
  p.danger = hexu(t.danger);
  p.grid = hexu(t.grid, t.grid_alpha);
  p.node_border = hexu(t.node_border);
  auto& c = style.Colors;
  for (const ThemeColours::Style& s : t.style) c[s.col] = hex(s.rgb, s.alpha);
  c[ImGuiCol_SeparatorHovered] = c[ImGuiCol_Separator];
  c[ImGuiCol_SeparatorActive] = c[ImGuiCol_Separator];
  c[ImGuiCol_ResizeGrip] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_ResizeGripHovered] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_ResizeGripActive] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.25f);
}

}  // namespace

void apply_theme(bool dark, float scale) {
  ImGuiStyle style;  // fresh: ScaleAllSizes must start from unscaled sizes
  if (dark) ImGui::StyleColorsDark(&style);
  else ImGui::StyleColorsLight(&style);
  set_metrics(style);
  set_colours(style, dark ? kDarkTheme : kLightTheme, dark);
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

void apply_high_contrast_theme(float scale) {
  apply_theme(false, scale);
  using HC = contrast::HighContrast;
  auto u = [](contrast::Srgb c) { return hexu(c.hex); };
  auto v = [](contrast::Srgb c) { return hex(c.hex); };
  Palette& p = g_palette;
  p.bg = u(HC::bg);
  p.panel = u(HC::panel);
  p.text = u(HC::text);
  p.text_dim = u(HC::text_dim);
  p.line = u(HC::line);
  p.accent = u(HC::accent);
  p.danger = u(HC::danger);
  p.node_border = u(HC::line);
  auto& c = ImGui::GetStyle().Colors;
  c[ImGuiCol_Text] = v(HC::text);
  c[ImGuiCol_TextDisabled] = v(HC::disabled);
  c[ImGuiCol_WindowBg] = v(HC::panel);
  c[ImGuiCol_Border] = v(HC::line);
  c[ImGuiCol_FrameBg] = v(HC::frame);
  c[ImGuiCol_Button] = v(HC::button);
  c[ImGuiCol_Header] = v(HC::header);
  c[ImGuiCol_CheckMark] = v(HC::accent);
  c[ImGuiCol_SliderGrab] = v(HC::accent);
  ImGui::GetStyle().FrameBorderSize = 1.0f;
}

}  // namespace descent::gui
