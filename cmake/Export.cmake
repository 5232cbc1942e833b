# libtolk for other programs: tolk.pc (pkg-config) and tolkConfig.cmake (find_package(tolk),
# target tolk::tolk). The public headers include only the C library's, so a program that
# links the shared library needs nothing else; Requires.private and Libs.private name what
# libtolk itself links, for pkg-config --static.
include(CMakePackageConfigHelpers)

set(TOLK_PC_DIR "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
set(TOLK_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/tolk")
file(RELATIVE_PATH TOLK_PC_PREFIX_REL "${CMAKE_INSTALL_PREFIX}/${TOLK_PC_DIR}" "${CMAKE_INSTALL_PREFIX}")
file(RELATIVE_PATH TOLK_CMAKE_PREFIX_REL "${CMAKE_INSTALL_PREFIX}/${TOLK_CMAKE_DIR}" "${CMAKE_INSTALL_PREFIX}")
string(REGEX REPLACE "/$" "" TOLK_PC_PREFIX_REL "${TOLK_PC_PREFIX_REL}")
string(REGEX REPLACE "/$" "" TOLK_CMAKE_PREFIX_REL "${TOLK_CMAKE_PREFIX_REL}")
get_target_property(_tolk_soversion tolk SOVERSION)
set(TOLK_LIB_FILE "libtolk.so.${PROJECT_VERSION}")
set(TOLK_LIB_SONAME "libtolk.so.${_tolk_soversion}")

configure_file(cmake/tolk.pc.in "${CMAKE_CURRENT_BINARY_DIR}/tolk.pc" @ONLY)
configure_file(cmake/tolkConfig.cmake.in "${CMAKE_CURRENT_BINARY_DIR}/tolkConfig.cmake" @ONLY)
write_basic_package_version_file("${CMAKE_CURRENT_BINARY_DIR}/tolkConfigVersion.cmake"
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)

install(FILES "${CMAKE_CURRENT_BINARY_DIR}/tolk.pc" DESTINATION "${TOLK_PC_DIR}")
install(FILES "${CMAKE_CURRENT_BINARY_DIR}/tolkConfig.cmake" "${CMAKE_CURRENT_BINARY_DIR}/tolkConfigVersion.cmake"
  DESTINATION "${TOLK_CMAKE_DIR}")
