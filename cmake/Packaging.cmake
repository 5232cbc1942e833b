# Distribution: a relocatable executable, libtolk for other programs (pkg-config, CMake
# package) and a Debian package of everything `cmake --install` installs:
#
#   cmake -S . -B build-deb -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr -DTOLK_TESTS=OFF
#   cmake --build build-deb -j"$(nproc)" && (cd build-deb && cpack -G DEB)   # build-deb/tolk_VERSION_amd64.deb
include(cmake/Relocatable.cmake)
include(cmake/Export.cmake)

set(CPACK_PACKAGE_NAME tolk)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "tolk developers")
set(CPACK_PACKAGE_CONTACT "tolk developers <tolk@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Dutch-English alignment, TMX memory, term base and spell checking")
set(CPACK_PACKAGE_DESCRIPTION
  "tolk segments Dutch and English documents, aligns a Dutch text with its English translation into a TMX 1.4b translation memory, keeps a TBX term base, spell-checks Dutch with Hunspell and reuses the memory for fuzzy lookups. Includes libtolk, its headers, pkg-config and CMake files.")
set(CPACK_STRIP_FILES ON)
# Debian's own layout (lib/x86_64-linux-gnu, /usr/share/tolk): configure with -DCMAKE_INSTALL_PREFIX=/usr.
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  message(STATUS "tolk: for `cpack -G DEB` configure with -DCMAKE_INSTALL_PREFIX=/usr (now ${CMAKE_INSTALL_PREFIX})")
endif()

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)                 # tolk_VERSION_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_SECTION text)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Library dependencies come from dpkg-shlibdeps (libicu72, libxml2, libhunspell-1.7-0, libsqlite3-0,
# libc6); the Dutch dictionary is data, read at run time, so it is named here.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS "${CMAKE_CURRENT_BINARY_DIR}")
set(CPACK_DEBIAN_PACKAGE_DEPENDS "hunspell-nl")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "hunspell-en-gb | hunspell-en-us")
# libtolk.so.0 is a public library: a shlibs file and the ldconfig trigger.
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
set(CPACK_GENERATOR DEB)
include(CPack)
