# Third-party libraries, all from Debian packages. Each is wrapped in a dep_* target so
# version quirks live in this one file.
find_package(yaml-cpp 0.7 REQUIRED)
find_package(CLI11 2.1 REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
find_package(Threads REQUIRED)

add_library(dep_yaml INTERFACE)
# yaml-cpp 0.7 exports the plain target name `yaml-cpp`.
target_link_libraries(dep_yaml INTERFACE yaml-cpp)
add_library(dep_cli11 INTERFACE)
target_link_libraries(dep_cli11 INTERFACE CLI11::CLI11)
add_library(dep_json INTERFACE)
target_link_libraries(dep_json INTERFACE nlohmann_json::nlohmann_json)
add_library(dep_re2 INTERFACE)
target_link_libraries(dep_re2 INTERFACE PkgConfig::RE2 Threads::Threads)

if(SSMPF_BUILD_TESTS)
  find_package(Catch2 2.13 REQUIRED)
  add_library(dep_catch2 INTERFACE)
  target_link_libraries(dep_catch2 INTERFACE Catch2::Catch2)
endif()
