# cmake/toolchain-aarch64-gui.cmake — the whole app (window included) cross-compiled for arm64:
# cmake/toolchain-aarch64.cmake plus the arm64 libraries of Debian's multiarch, which
# `./dev.sh arm64-gui` installs (dpkg --add-architecture arm64, then libglfw3-dev:arm64,
# libimgui-dev:arm64, libepoxy-dev:arm64, libgif-dev:arm64, libgl-dev:arm64 beside the amd64 ones).
include(${CMAKE_CURRENT_LIST_DIR}/toolchain-aarch64.cmake)
list(APPEND CMAKE_FIND_ROOT_PATH /)  # /usr/lib/aarch64-linux-gnu: CMake adds the architecture
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig)
