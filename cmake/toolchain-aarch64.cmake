# cmake/toolchain-aarch64.cmake — cross-compile for arm64 with Debian's g++-aarch64-linux-gnu;
# the tests run under qemu-aarch64 (Debian's qemu-user) with the cross libraries of
# libc6-arm64-cross / libstdc++6-arm64-cross. Used by `./dev.sh arm64`.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
# LD_LIBRARY_PATH: the cross C library beside the cross loader, even where Debian's multiarch
# arm64 libraries are installed too (`./dev.sh arm64-gui`): qemu would otherwise find those in
# /lib/aarch64-linux-gnu, a newer glibc than the cross loader's, and threads spin forever.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64;-L;/usr/aarch64-linux-gnu;-E;LD_LIBRARY_PATH=/usr/aarch64-linux-gnu/lib)
# Programs run on the build machine; libraries are the target's; Eigen, nlohmann-json and
# Catch2 are headers, the same for every architecture, so their packages are found in /usr.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
