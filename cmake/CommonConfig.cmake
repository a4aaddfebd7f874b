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
