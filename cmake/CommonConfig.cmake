# The project's warnings, for every target.
add_library(versionscope_warnings INTERFACE)
target_compile_options(versionscope_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow)
if(VERSIONSCOPE_WERROR)
    target_compile_options(versionscope_warnings INTERFACE -Werror)
endif()
target_compile_definitions(versionscope_warnings INTERFACE VERSIONSCOPE_VERSION="${PROJECT_VERSION}")

# Product code also gets Qt's strictness macros (no implicit ASCII casts, string builder, no deprecated API).
# Tests link versionscope_warnings only, so that test tables can use plain string literals.
add_library(versionscope_common INTERFACE)
target_link_libraries(versionscope_common INTERFACE versionscope_warnings)
target_compile_definitions(versionscope_common INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    QT_NO_KEYWORDS)

# Sanitizers (-DVERSIONSCOPE_SANITIZE=address,undefined): compile and link flags for every target of the tree
# but the generated proto code (proto/CMakeLists.txt says why; VERSIONSCOPE_SANITIZE_FLAGS lets it take them
# off). Findings are fatal: UBSan does not recover, and scripts/test runs the sanitizer build with halt_on_error.
if(VERSIONSCOPE_SANITIZE)
    string(REPLACE "," ";" _sanitizers "${VERSIONSCOPE_SANITIZE}")
    foreach(_sanitizer IN LISTS _sanitizers)
        if(NOT _sanitizer MATCHES "^(address|undefined|leak|thread)$")
            message(FATAL_ERROR "VERSIONSCOPE_SANITIZE: unknown sanitizer '${_sanitizer}' "
                "(address, undefined, leak, thread)")
        endif()
    endforeach()
    if("thread" IN_LIST _sanitizers AND ("address" IN_LIST _sanitizers OR "leak" IN_LIST _sanitizers))
        message(FATAL_ERROR "VERSIONSCOPE_SANITIZE: thread cannot be combined with address or leak")
    endif()
    string(REPLACE ";" "," _sanitizers "${_sanitizers}")
    set(_sanitize_flags -fsanitize=${_sanitizers} -fno-omit-frame-pointer)
    if(VERSIONSCOPE_SANITIZE MATCHES "undefined")
        list(APPEND _sanitize_flags -fno-sanitize-recover=undefined)
    endif()
    add_compile_options(${_sanitize_flags})
    add_link_options(${_sanitize_flags})
    set(VERSIONSCOPE_SANITIZE_FLAGS ${_sanitize_flags})
    message(STATUS "Sanitizers: ${_sanitize_flags}")
endif()

# libFuzzer (-DVERSIONSCOPE_FUZZ=ON): coverage instrumentation for every target, so that the fuzzers see into
# the libraries; the fuzz targets alone link libFuzzer's main (fuzz/CMakeLists.txt).
if(VERSIONSCOPE_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "VERSIONSCOPE_FUZZ needs clang (-DCMAKE_CXX_COMPILER=clang++): libFuzzer is clang's")
    endif()
    add_compile_options(-fsanitize=fuzzer-no-link)
    add_link_options(-fsanitize=fuzzer-no-link)
endif()
