// The classroom views' words (app/gui/strings.h): keys are unique, and every key the app's
// sources look up with tr("...") is in the table (a missing one would show the key on screen).
#include <catch2/catch.hpp>

#ifdef DESCENT_TEST_HAS_GUI
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "app/gui/strings.h"

namespace fs = std::filesystem;

TEST_CASE("UI strings: keys are unique and every tr() key in app/gui is in the English table") {
  std::set<std::string> keys;
  for (int i = 0; i < descent::gui::string_count(); ++i) {
    const std::string k(descent::gui::string_key(i));
    INFO(k);
    CHECK(keys.insert(k).second);
    CHECK(std::string(descent::gui::tr(k)) != k);
  }
  const std::regex call(R"re(\btr\("([a-z_0-9.]+)"\))re");
  int used = 0;
  for (const auto& f : fs::recursive_directory_iterator(std::string(DESCENT_SOURCE_DIR) + "/app/gui")) {
    if (f.path().extension() != ".cpp") continue;
    std::ifstream in(f.path());
    std::stringstream s;
    s << in.rdbuf();
    const std::string text = s.str();
    for (std::sregex_iterator it(text.begin(), text.end(), call), end; it != end; ++it) {
      INFO(f.path().filename().string() << ": tr(\"" << (*it)[1] << "\")");
      CHECK(keys.count((*it)[1]) == 1);
      ++used;
    }
  }
  CHECK(used >= 20);
  CHECK(std::string(descent::gui::tr("no.such.key")) == "no.such.key");
}
#endif
