# Turns every shaders/*.glsl into a `const char*` in one generated C++ file:
#   shaders/boundary.frag.glsl -> descent::shaders::boundary_frag
# Invoked as: cmake -DOUT=<file.cpp> -DSHADER_DIR=<dir> -P embed_shaders.cmake
file(GLOB files ${SHADER_DIR}/*.glsl)
list(SORT files)
set(body "// Generated from shaders/*.glsl by cmake/embed_shaders.cmake. Do not edit.\n")
string(APPEND body "namespace descent::shaders {\n")
foreach(f ${files})
  get_filename_component(name ${f} NAME)
  string(REPLACE ".glsl" "" name ${name})
  string(REPLACE "." "_" name ${name})
  string(REPLACE "-" "_" name ${name})
  file(READ ${f} text)
  string(APPEND body "extern const char* const ${name};\nconst char* const ${name} = R\"glsl(${text})glsl\";\n")
endforeach()
string(APPEND body "}  // namespace descent::shaders\n")
file(WRITE ${OUT}.tmp "${body}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
