# The public API of libtolk: only what the headers mark TOLK_EXTERN is exported,
# the version header comes from the project version, and the exported symbol
# list is checked against a committed list (tests/data/abi/libtolk.symbols).

set_target_properties(tolk_objects PROPERTIES C_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)

configure_file("${CMAKE_CURRENT_SOURCE_DIR}/cmake/tolk_version.h.in"
  "${CMAKE_CURRENT_BINARY_DIR}/include/tolk/version.h" @ONLY)
target_include_directories(tolk_objects PUBLIC "${CMAKE_CURRENT_BINARY_DIR}/include")
install(FILES include/tolk.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES "${CMAKE_CURRENT_BINARY_DIR}/include/tolk/version.h" DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/tolk)

# `cmake --build build --target abi-update` rewrites the committed list after a deliberate API change.
add_custom_target(abi-update
  COMMAND bash "${CMAKE_CURRENT_SOURCE_DIR}/tests/abi-check.sh" --update "$<TARGET_FILE:tolk>"
          "${CMAKE_CURRENT_SOURCE_DIR}/tests/data/abi/libtolk.symbols"
  DEPENDS tolk VERBATIM)

if(TOLK_TESTS)
  add_test(NAME abi_symbols COMMAND bash "${CMAKE_CURRENT_SOURCE_DIR}/tests/abi-check.sh"
    "$<TARGET_FILE:tolk>" "${CMAKE_CURRENT_SOURCE_DIR}/tests/data/abi/libtolk.symbols")
  set_tests_properties(abi_symbols PROPERTIES LABELS unit SKIP_RETURN_CODE 77)
endif()
