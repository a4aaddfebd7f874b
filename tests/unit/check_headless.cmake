# versionscope --help and --version must work where there is no display (a server, CI, an SSH session):
# run the built program with DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM unset and check the exit code and
# the text. Usage: cmake -DPROGRAM=path/to/versionscope -DVERSION=x.y.z -P check_headless.cmake
foreach(check "--help;Usage: versionscope [options]" "--help;--address <HOST:PORT>" "--version;versionscope ${VERSION}")
    list(GET check 0 argument)
    list(GET check 1 expected)
    execute_process(
        COMMAND ${CMAKE_COMMAND} -E env --unset=DISPLAY --unset=WAYLAND_DISPLAY --unset=QT_QPA_PLATFORM
                ${PROGRAM} ${argument}
        RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE errors TIMEOUT 60)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "versionscope ${argument} without a display exited with ${result}:\n${output}${errors}")
    endif()
    string(FIND "${output}" "${expected}" found)
    if(found EQUAL -1)
        message(FATAL_ERROR "versionscope ${argument} printed no \"${expected}\":\n${output}${errors}")
    endif()
    message(STATUS "versionscope ${argument}: ok without a display")
endforeach()
