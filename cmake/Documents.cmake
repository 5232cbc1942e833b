# Documents (src/lib/doc*.c): DOCX and ODT are zip archives, read through libzip.
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
target_link_libraries(tolk_objects PUBLIC PkgConfig::LIBZIP)
