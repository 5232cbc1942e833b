# The web page of tolk serve: every file in web/ is compiled into the binary
# (web_asset_find() in src/server/web_assets.h), served by src/server/static.c.
file(GLOB TOLK_WEB_FILES CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/web/*")
list(SORT TOLK_WEB_FILES)
set(TOLK_WEB_C "${CMAKE_CURRENT_BINARY_DIR}/generated/web_assets.c")
add_custom_command(OUTPUT "${TOLK_WEB_C}"
  COMMAND "${CMAKE_COMMAND}" "-DOUTPUT=${TOLK_WEB_C}" "-DFILES=${TOLK_WEB_FILES}"
          -P "${CMAKE_CURRENT_SOURCE_DIR}/cmake/embed_web.cmake"
  DEPENDS ${TOLK_WEB_FILES} "${CMAKE_CURRENT_SOURCE_DIR}/cmake/embed_web.cmake" "${CMAKE_CURRENT_SOURCE_DIR}/cmake/embed_common.cmake"
  VERBATIM)
add_library(tolk_web STATIC "${TOLK_WEB_C}")
target_include_directories(tolk_web PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}/src/server")
target_link_libraries(tolk_server PUBLIC tolk_web)
