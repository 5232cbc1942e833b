# Manual pages (tolk(1), tolk-COMMAND(1)) and the bash completion, made from the
# CLI's option tables by the built tolk itself: `tolk --generate-docs DIR`
# (src/cli/gendoc.c) runs every command's --help renderer and writes what it
# shows as roff and as completion data, with the text of src/cli/manual.c.
# tests/cli/manpages.sh fails when the pages and --help disagree.
set(TOLK_DOCS_DIR "${CMAKE_CURRENT_BINARY_DIR}/docs")
add_custom_command(OUTPUT "${TOLK_DOCS_DIR}/stamp"
  COMMAND "${CMAKE_COMMAND}" -E rm -rf "${TOLK_DOCS_DIR}/man1"
  COMMAND "${CMAKE_COMMAND}" -E env LC_ALL=C LANGUAGE= TOLK_LOCALEDIR=/nonexistent
          "$<TARGET_FILE:tolk_cli>" --generate-docs "${TOLK_DOCS_DIR}"
  COMMAND "${CMAKE_COMMAND}" -E touch "${TOLK_DOCS_DIR}/stamp"
  DEPENDS tolk_cli
  COMMENT "Generating the manual pages and the bash completion"
  VERBATIM)
add_custom_target(docs ALL DEPENDS "${TOLK_DOCS_DIR}/stamp")

install(DIRECTORY "${TOLK_DOCS_DIR}/man1" DESTINATION "${CMAKE_INSTALL_MANDIR}")
# bash-completion loads completions/NAME on first use of NAME; under our prefix,
# as `pkg-config --variable=completionsdir bash-completion` gives for /usr.
install(FILES "${TOLK_DOCS_DIR}/tolk.bash"
  DESTINATION "${CMAKE_INSTALL_DATADIR}/bash-completion/completions" RENAME tolk)
