# Installs the build into a fresh prefix and checks that both programs, the desktop entry and the icon land
# where a desktop expects them, and that the entry starts a program that was installed.
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD}" --prefix "${PREFIX}" RESULT_VARIABLE failed
                OUTPUT_QUIET)
if(failed)
    message(FATAL_ERROR "cmake --install failed")
endif()
set(expected
    bin/versionscope
    bin/versionscope-cli
    share/applications/io.versionscope.Versionscope.desktop
    share/icons/hicolor/scalable/apps/io.versionscope.Versionscope.svg)
foreach(path IN LISTS expected)
    if(NOT EXISTS "${PREFIX}/${path}")
        message(FATAL_ERROR "not installed: ${path}")
    endif()
endforeach()
file(STRINGS "${PREFIX}/share/applications/io.versionscope.Versionscope.desktop" exec REGEX "^Exec=")
string(REGEX REPLACE "^Exec=([^ ]+).*" "\\1" program "${exec}")
if(NOT EXISTS "${PREFIX}/bin/${program}")
    message(FATAL_ERROR "the desktop entry runs ${program}, which is not installed")
endif()
execute_process(COMMAND "${PREFIX}/bin/versionscope" --version OUTPUT_VARIABLE version RESULT_VARIABLE failed)
if(failed OR NOT version MATCHES "^versionscope [0-9]")
    message(FATAL_ERROR "the installed versionscope does not run: ${version}")
endif()
message(STATUS "installed: ${expected}")
