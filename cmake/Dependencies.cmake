# Third-party libraries, all from Debian packages. Each is wrapped in a dep_* target so
# version quirks live in this one file.
find_package(yaml-cpp 0.7 REQUIRED)
find_package(CLI11 2.1 REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
find_package(Threads REQUIRED)

# Static archives of yaml-cpp and RE2 (both Debian packages ship them) spare the dynamic
# loader a third of a small run's start-up: symbol lookups across shared libraries cost more
# than checking a 20 KB template. Sanitizer and fuzz builds keep the shared libraries.
set(SSMPF_LINK_STATIC OFF)
if(SSMPF_STATIC_LIBS AND NOT SSMPF_SANITIZE AND NOT SSMPF_TSAN AND NOT SSMPF_FUZZ)
  find_library(SSMPF_YAML_ARCHIVE NAMES libyaml-cpp.a)
  find_library(SSMPF_RE2_ARCHIVE NAMES libre2.a)
  mark_as_advanced(SSMPF_YAML_ARCHIVE SSMPF_RE2_ARCHIVE)
  if(SSMPF_YAML_ARCHIVE AND SSMPF_RE2_ARCHIVE)
    set(SSMPF_LINK_STATIC ON)
  endif()
endif()

add_library(dep_yaml INTERFACE)
if(SSMPF_LINK_STATIC)
  target_include_directories(dep_yaml INTERFACE
    $<TARGET_PROPERTY:yaml-cpp,INTERFACE_INCLUDE_DIRECTORIES>)
  target_link_libraries(dep_yaml INTERFACE ${SSMPF_YAML_ARCHIVE})
else()
  # yaml-cpp 0.7 exports the plain target name `yaml-cpp`.
  target_link_libraries(dep_yaml INTERFACE yaml-cpp)
endif()
add_library(dep_cli11 INTERFACE)
target_link_libraries(dep_cli11 INTERFACE CLI11::CLI11)
add_library(dep_json INTERFACE)
target_link_libraries(dep_json INTERFACE nlohmann_json::nlohmann_json)
add_library(dep_re2 INTERFACE)
if(SSMPF_LINK_STATIC)
  target_include_directories(dep_re2 INTERFACE ${RE2_INCLUDE_DIRS})
  target_compile_options(dep_re2 INTERFACE ${RE2_CFLAGS_OTHER})
  target_link_libraries(dep_re2 INTERFACE ${SSMPF_RE2_ARCHIVE} Threads::Threads)
else()
  target_link_libraries(dep_re2 INTERFACE PkgConfig::RE2 Threads::Threads)
endif()

if(SSMPF_BUILD_TESTS)
  find_package(Catch2 2.13 REQUIRED)
  add_library(dep_catch2 INTERFACE)
  target_link_libraries(dep_catch2 INTERFACE Catch2::Catch2)
endif()
