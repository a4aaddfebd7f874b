# Describes the core layers (the targets in the global property VERSIONSCOPE_LAYERS) for cmake/CheckLayers.cmake:
# their sources, what each may see at compile time and links in the end, their public include directories
# (evaluated transitively, as a consumer gets them) and the rules set on them in core/CMakeLists.txt.

# The targets and libraries reachable from `target`: with COMPILE, only what is visible to its compiler
# (its own LINK_LIBRARIES, then the INTERFACE_LINK_LIBRARIES of those without $<LINK_ONLY:>); otherwise all it
# links in the end.
function(_versionscope_closure out target mode)
    get_target_property(queue ${target} LINK_LIBRARIES)
    if(NOT queue)
        set(queue)
    endif()
    set(result)
    while(queue)
        list(POP_FRONT queue item)
        if(item MATCHES "^::@")
            continue() # directory markers CMake adds for target_link_libraries() called from another folder
        endif()
        if(item MATCHES "^\\$<LINK_ONLY:(.+)>$")
            if(mode STREQUAL "COMPILE")
                continue()
            endif()
            set(item "${CMAKE_MATCH_1}")
        endif()
        if(item STREQUAL "" OR item IN_LIST result)
            continue()
        endif()
        list(APPEND result "${item}")
        if(TARGET "${item}")
            get_target_property(aliased "${item}" ALIASED_TARGET)
            if(aliased)
                list(APPEND queue "${aliased}")
            endif()
            get_target_property(next "${item}" INTERFACE_LINK_LIBRARIES)
            if(next)
                list(APPEND queue ${next})
            endif()
        endif()
    endwhile()
    set(${out} "${result}" PARENT_SCOPE)
endfunction()

function(versionscope_describe_layers output)
    get_property(layers GLOBAL PROPERTY VERSIONSCOPE_LAYERS)
    set(content "set(LAYERS \"${layers}\")\n")
    foreach(layer IN LISTS layers)
        get_target_property(dir ${layer} SOURCE_DIR)
        get_target_property(sources ${layer} SOURCES)
        set(absolute)
        foreach(source IN LISTS sources)
            cmake_path(ABSOLUTE_PATH source BASE_DIRECTORY "${dir}" NORMALIZE OUTPUT_VARIABLE source)
            list(APPEND absolute "${source}")
        endforeach()
        _versionscope_closure(compile ${layer} COMPILE)
        _versionscope_closure(links ${layer} LINK)
        get_target_property(private ${layer} VERSIONSCOPE_PRIVATE_HEADERS)
        get_target_property(forbidden ${layer} VERSIONSCOPE_FORBIDDEN_LINKS)
        foreach(var private forbidden)
            if(NOT ${var})
                set(${var})
            endif()
        endforeach()
        # Imported targets may link through generator expressions; kept as text, not evaluated here.
        string(REPLACE "$<" "{genex}<" compile "${compile}")
        string(REPLACE "$<" "{genex}<" links "${links}")
        string(APPEND content
            "set(LAYER_${layer}_SOURCES \"${absolute}\")\n"
            "set(LAYER_${layer}_COMPILE \"${compile}\")\n"
            "set(LAYER_${layer}_LINKS \"${links}\")\n"
            "set(LAYER_${layer}_PRIVATE_HEADERS \"${private}\")\n"
            "set(LAYER_${layer}_FORBIDDEN_LINKS \"${forbidden}\")\n"
            "set(LAYER_${layer}_INCLUDES \"$<TARGET_PROPERTY:${layer},INTERFACE_INCLUDE_DIRECTORIES>\")\n")
    endforeach()
    # Directories that would expose generated or gRPC types, minus those Qt's own headers need anyway.
    string(APPEND content
        "set(LAYER_PROTO_INCLUDES \"$<TARGET_PROPERTY:versionscope_proto,INTERFACE_INCLUDE_DIRECTORIES>\")\n"
        "set(LAYER_QT_INCLUDES \"$<TARGET_PROPERTY:Qt6::Core,INTERFACE_INCLUDE_DIRECTORIES>;"
        "$<TARGET_PROPERTY:Qt6::Sql,INTERFACE_INCLUDE_DIRECTORIES>\")\n"
        "set(LAYER_CORE_DIR \"${CMAKE_SOURCE_DIR}/core\")\n"
        "set(LAYER_OUTER_DIRS \"${CMAKE_SOURCE_DIR}/ui;${CMAKE_SOURCE_DIR}/app\")\n")
    file(GENERATE OUTPUT "${output}" CONTENT "${content}")
endfunction()
