# The translation memory on PostgreSQL (src/lib/tm/tm_pg.c) talks to the server through libpq.
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
target_link_libraries(tolk_objects PUBLIC PkgConfig::LIBPQ)
