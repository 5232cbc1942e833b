# PDF documents (src/lib/doc_pdf.c) through poppler-glib; HTML (doc_html.c) needs only libxml2.
pkg_check_modules(POPPLER_GLIB REQUIRED IMPORTED_TARGET poppler-glib)
target_link_libraries(tolk_objects PUBLIC PkgConfig::POPPLER_GLIB)
