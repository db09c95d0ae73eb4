# Compiler settings shared by every target of the project.
find_program(EP_CCACHE ccache)
if(EP_CCACHE)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${EP_CCACHE})
endif()

# Warning list of docs/build-notes.md §2: clean with Debian 12's library headers.
set(EP_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wold-style-cast -Wnon-virtual-dtor -Woverloaded-virtual)
if(EP_WARNINGS_AS_ERRORS)
  list(APPEND EP_WARNINGS -Werror)
endif()

# GCC 12 at -O3 reports two known false positives in Debian's headers and ours (-Wrestrict on
# std::string assignment, -Wmaybe-uninitialized inside date.h); they are not errors there.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_BUILD_TYPE MATCHES "Release|RelWithDebInfo")
  list(APPEND EP_WARNINGS -Wno-restrict -Wno-maybe-uninitialized)
endif()
# The sanitizers' instrumentation makes GCC 12 report -Wmaybe-uninitialized inside <regex>
# (std::function moves in regex_automaton.h); ASan/UBSan/TSan check the real thing at run time.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND EP_SANITIZE)
  list(APPEND EP_WARNINGS -Wno-maybe-uninitialized)
endif()

# Asio coroutines under clang with libstdc++ (docs/build-notes.md §3.3); harmless for GCC.
add_compile_definitions(ASIO_HAS_CO_AWAIT=1 ASIO_HAS_STD_COROUTINE=1)

if(EP_SANITIZE)
  add_compile_options(-fsanitize=${EP_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${EP_SANITIZE})
endif()
