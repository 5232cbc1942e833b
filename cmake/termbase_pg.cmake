# The term base in PostgreSQL (src/lib/termbase/termbase_pg.c) needs libpq (Debian: libpq-dev).
if(NOT TARGET PkgConfig::LIBPQ)
  pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
endif()
target_link_libraries(tolk_objects PUBLIC PkgConfig::LIBPQ)
