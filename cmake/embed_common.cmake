# Shared by embed.cmake and embed_web.cmake (run with cmake -P): a file's bytes as a C array,
# and a generated file written only when its text changed (so nothing rebuilds needlessly).

# embed_bytes(FILE SYMBOL OUT_DEFINITION OUT_LENGTH): "static const unsigned char SYMBOL[] = {...};"
# holding FILE's bytes and a NUL after them, and the number of bytes (without the NUL).
function(embed_bytes file symbol out_definition out_length)
  file(READ "${file}" hex HEX)
  string(LENGTH "${hex}" hexlen)
  math(EXPR len "${hexlen} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
  set(${out_definition} "static const unsigned char ${symbol}[] = {\n${bytes}0x00};\n" PARENT_SCOPE)
  set(${out_length} ${len} PARENT_SCOPE)
endfunction()

# write_if_different(OUTPUT TEXT)
function(write_if_different output text)
  file(WRITE "${output}.new" "${text}")
  file(COPY_FILE "${output}.new" "${output}" ONLY_IF_DIFFERENT)
  file(REMOVE "${output}.new")
endfunction()
