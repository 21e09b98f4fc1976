# cmake/install.cmake — Descent installed like a desktop app: `cmake --install build --prefix P`
# and `cpack -G DEB`. Included once, at the end of CMakeLists.txt. Sources in packaging/.
#
#   P/bin/descent
#   P/share/descent/assets/presets/*.json          the presets
#   P/share/descent/assets/lessons/*.json          the lessons (--lesson, the Open dialog)
#   P/share/man/man1/descent.1.gz                  (descent.1 where there is no gzip)
#   P/share/applications/descent.desktop           } with the window (DESCENT_GUI) only
#   P/share/icons/hicolor/scalable/apps/descent.svg }
#   P/share/icons/hicolor/NxN/apps/descent.png      } N = 16 ... 256, rendered from the SVG
include(GNUInstallDirs)

# ---------------------------------------------------------------------------------------------
# Where the binary finds its assets (assets_dir() in app/headless.cpp): $DESCENT_ASSETS, else
# assets/ beside the binary, else ../share/descent/assets from it. No path of the build machine
# is compiled in, so an installed tree can move; the build tree gets the first by a link to
# the sources' assets/.
if(NOT PROJECT_SOURCE_DIR STREQUAL PROJECT_BINARY_DIR)
  file(CREATE_LINK ${PROJECT_SOURCE_DIR}/assets ${PROJECT_BINARY_DIR}/assets SYMBOLIC RESULT link_result)
  if(link_result)
    message(WARNING "cannot link ${PROJECT_BINARY_DIR}/assets to the sources' (${link_result}): "
                    "set DESCENT_ASSETS to run descent from the build tree")
  endif()
endif()
# The binary looks for ../share/descent/assets: bin/ and share/ must stay siblings.
if(NOT CMAKE_INSTALL_BINDIR STREQUAL "bin" OR NOT CMAKE_INSTALL_DATADIR STREQUAL "share")
  message(WARNING "CMAKE_INSTALL_BINDIR/DATADIR are '${CMAKE_INSTALL_BINDIR}'/'${CMAKE_INSTALL_DATADIR}': "
                  "the installed descent finds its presets only in ../share/descent/assets "
                  "(or $DESCENT_ASSETS)")
endif()

set(DESCENT_PACKAGING_DIR ${PROJECT_SOURCE_DIR}/packaging)
set(DESCENT_GENERATED_DIR ${PROJECT_BINARY_DIR}/packaging)

install(TARGETS descent RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/presets ${PROJECT_SOURCE_DIR}/assets/lessons
        DESTINATION ${CMAKE_INSTALL_DATADIR}/descent/assets
        FILES_MATCHING PATTERN "*.json")

# ---------------------------------------------------------------------------------------------
# The man page, gzip -9n as Debian's policy asks (-n: no name or time stamp, reproducible).
find_program(DESCENT_GZIP gzip)
if(DESCENT_GZIP)
  set(man_page ${DESCENT_GENERATED_DIR}/descent.1.gz)
  add_custom_command(
    OUTPUT ${man_page}
    COMMAND ${CMAKE_COMMAND} -E copy ${DESCENT_PACKAGING_DIR}/descent.1 ${DESCENT_GENERATED_DIR}/descent.1
    COMMAND ${DESCENT_GZIP} -9nf ${DESCENT_GENERATED_DIR}/descent.1
    DEPENDS ${DESCENT_PACKAGING_DIR}/descent.1
    COMMENT "Compressing the man page" VERBATIM)
else()
  set(man_page ${DESCENT_PACKAGING_DIR}/descent.1)
endif()
add_custom_target(descent_man ALL DEPENDS ${man_page})
install(FILES ${man_page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# ---------------------------------------------------------------------------------------------
# The desktop entry and the icon (hicolor: the SVG, and PNGs for menus and docks that want
# pixels), only with the window.
if(DESCENT_GUI)
  install(FILES ${DESCENT_PACKAGING_DIR}/descent.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${DESCENT_PACKAGING_DIR}/descent.svg
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
  find_program(DESCENT_RSVG_CONVERT rsvg-convert)
  if(DESCENT_RSVG_CONVERT)
    set(icon_pngs "")
    foreach(size 16 22 24 32 48 64 128 256)
      set(png ${DESCENT_GENERATED_DIR}/icons/${size}x${size}/descent.png)
      add_custom_command(
        OUTPUT ${png}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${DESCENT_GENERATED_DIR}/icons/${size}x${size}
        COMMAND ${DESCENT_RSVG_CONVERT} -w ${size} -h ${size} -o ${png} ${DESCENT_PACKAGING_DIR}/descent.svg
        DEPENDS ${DESCENT_PACKAGING_DIR}/descent.svg
        COMMENT "Rendering the ${size}x${size} icon" VERBATIM)
      list(APPEND icon_pngs ${png})
      install(FILES ${png} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
    endforeach()
    add_custom_target(descent_icons ALL DEPENDS ${icon_pngs})
  else()
    message(STATUS "rsvg-convert not found (Debian: librsvg2-bin): installing the SVG icon only")
  endif()
endif()

# ---------------------------------------------------------------------------------------------
# CPack: `cpack -G DEB` in the build directory makes descent_VERSION_ARCH.deb. Dependencies
# come from the binary's shared libraries, named by Debian's packages (dpkg-shlibdeps).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME descent)
set(CPACK_PACKAGE_VENDOR "Descent")
set(CPACK_PACKAGE_CONTACT "Descent maintainers <descent@example.org>")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://example.org/descent")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "watch a neural network learn")
string(CONCAT CPACK_PACKAGE_DESCRIPTION  # one string: set() with several would make a ;-list
    "Descent lets you see a neural network learn: pick a data set, a network and a training "
    "recipe, and watch gradient descent move the decision boundary, the weights and the loss "
    "curves live, or run the same experiment headless with the same numbers bit for bit. "
    "Comes with classroom presets (learning rates too high and too low, dying ReLUs, "
    "vanishing gradients, overfitting and L2).")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
if(DESCENT_GUI)
  # The app draws its text in DejaVu Sans; without it, Dear ImGui's small built-in font.
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-dejavu-core, fonts-wqy-microhei")  # the Latin and the Chinese UI
endif()
include(CPack)
