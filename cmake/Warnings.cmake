# INTERFACE targets linked PRIVATE by first-party targets only.
add_library(ssmpf_options INTERFACE)
target_compile_features(ssmpf_options INTERFACE cxx_std_20)
target_compile_definitions(ssmpf_options INTERFACE $<$<CONFIG:Debug>:_GLIBCXX_ASSERTIONS>)
if(SSMPF_TSAN)
  target_compile_options(ssmpf_options INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
  target_link_options(ssmpf_options INTERFACE -fsanitize=thread)
endif()
if(SSMPF_SANITIZE)
  target_compile_options(ssmpf_options INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(ssmpf_options INTERFACE -fsanitize=address,undefined)
endif()

add_library(ssmpf_warnings INTERFACE)
target_compile_options(ssmpf_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wold-style-cast
  -Wnon-virtual-dtor -Woverloaded-virtual -Wcast-align -Wnull-dereference
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough -Wextra-semi
  $<$<CXX_COMPILER_ID:GNU>:-Wlogical-op -Wduplicated-cond -Wduplicated-branches>)
if(SSMPF_WARNINGS_AS_ERRORS)
  target_compile_options(ssmpf_warnings INTERFACE -Werror)
endif()
