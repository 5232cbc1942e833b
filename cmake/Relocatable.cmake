# A relocatable tolk (src/cli/relocate.c): the installed executable finds share/tolk and
# share/locale relative to its own folder, and the tolk of the build tree finds the
# catalogue (build/locale) and the project data (build/share/tolk/dict, a link to dict/)
# beside itself. The compiled-in TOLK_DATADIR and TOLK_LOCALEDIR remain the fallback.
file(RELATIVE_PATH _tolk_data_rel "${CMAKE_INSTALL_FULL_BINDIR}" "${CMAKE_INSTALL_FULL_DATADIR}/tolk")
file(RELATIVE_PATH _tolk_locale_rel "${CMAKE_INSTALL_FULL_BINDIR}" "${CMAKE_INSTALL_FULL_LOCALEDIR}")
target_compile_definitions(tolk_cli PRIVATE
  "TOLK_DATADIR_FROM_BINDIR=\"${_tolk_data_rel}\""
  "TOLK_LOCALEDIR_FROM_BINDIR=\"${_tolk_locale_rel}\"")

# The build tree as the executable sees it: build/tolk, build/locale (cmake/Translations.cmake)
# and build/share/tolk/dict, the project's own dict/ (a link, so that `tolk term add` run
# from the build tree edits the one term base there is).
file(MAKE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/share/tolk")
if(NOT EXISTS "${CMAKE_CURRENT_BINARY_DIR}/share/tolk/dict")
  file(CREATE_LINK "${CMAKE_CURRENT_SOURCE_DIR}/dict" "${CMAKE_CURRENT_BINARY_DIR}/share/tolk/dict" SYMBOLIC)
endif()
