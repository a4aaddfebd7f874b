# One INTERFACE target carries the project's warnings and Qt's strictness macros; every target links it.
add_library(versionscope_common INTERFACE)
target_compile_options(versionscope_common INTERFACE -Wall -Wextra -Wpedantic -Wshadow)
if(VERSIONSCOPE_WERROR)
    target_compile_options(versionscope_common INTERFACE -Werror)
endif()
target_compile_definitions(versionscope_common INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    QT_NO_KEYWORDS
    VERSIONSCOPE_VERSION="${PROJECT_VERSION}")
