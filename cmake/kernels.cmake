# cmake/kernels.cmake — nn/network_kernels.cpp and nn/update_kernels.cpp built once per instruction
# set (nn/kernels.h).
#
# Each build is an object library with its target's flags (given after DESCENT_MARCH's, so
# they win) and its own namespace, DESCENT_KERNEL_NS; nn/kernels.cpp picks one at start-up.
# -mtune=generic: a package is tuned for no one CPU in particular.
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  set(DESCENT_KERNEL_BUILDS generic avx2 avx512)
  set(DESCENT_KERNEL_FLAGS_generic -march=x86-64 -mtune=generic)
  # x86-64-v3 without the three features nn/kernels.cpp cannot check with clang's
  # __builtin_cpu_supports (the kernels use none of them).
  set(DESCENT_KERNEL_FLAGS_avx2 -march=x86-64-v3 -mno-movbe -mno-f16c -mno-lzcnt -mtune=generic)
  set(DESCENT_KERNEL_FLAGS_avx512 -march=x86-64-v4 -mtune=generic)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64|ARM64)$")
  set(DESCENT_KERNEL_BUILDS neon)          # armv8-a: NEON and FMA on every arm64 CPU
  set(DESCENT_KERNEL_FLAGS_neon "")
else()
  set(DESCENT_KERNEL_BUILDS generic)       # whatever the compiler targets
  set(DESCENT_KERNEL_FLAGS_generic "")
endif()

foreach(k ${DESCENT_KERNEL_BUILDS})
  add_library(nn_kernels_${k} OBJECT ${PROJECT_SOURCE_DIR}/nn/network_kernels.cpp
                                     ${PROJECT_SOURCE_DIR}/nn/update_kernels.cpp)
  target_include_directories(nn_kernels_${k} PRIVATE ${PROJECT_SOURCE_DIR})
  target_compile_definitions(nn_kernels_${k} PRIVATE DESCENT_KERNEL_NS=${k})
  # -Wno-psabi: vf (64 bytes) is passed between inlined helpers only, never across the ABI.
  # -ffp-contract=fast: the kernels' a*b+c are FMAs wherever the target has them (CMakeLists.txt
  # turns contraction off for everything else).
  # -falign-functions=64: each kernel starts on a cache line, so its loops sit the same way in
  # every binary (the native and the portable build ran the same code up to 5 % apart).
  target_compile_options(nn_kernels_${k} PRIVATE ${DESCENT_KERNEL_FLAGS_${k}} -Wno-psabi -ffp-contract=fast
                         -falign-functions=64)
  target_sources(nn PRIVATE $<TARGET_OBJECTS:nn_kernels_${k}>)
  string(TOUPPER ${k} K)
  target_compile_definitions(nn PRIVATE DESCENT_KERNELS_${K})
endforeach()
# The update rounds like the rest of nn/ (nn/update_kernels.cpp): after the target's options.
set_source_files_properties(${PROJECT_SOURCE_DIR}/nn/update_kernels.cpp PROPERTIES COMPILE_OPTIONS -ffp-contract=off)
