# cmake -DINPUT=<file> -DOUTPUT=<cpp> -DNAMESPACE=<ns> -DSYMBOL=<name> -P EmbedText.cmake
# Writes a .cpp that defines `extern const std::string_view <ns>::<name>` holding the file's
# bytes, so a text asset (the status page) ships inside the binary with no build step of its
# own. The file is split into raw-string chunks: compilers cap a single string literal's size.
file(READ "${INPUT}" content)
string(FIND "${content}" ")ep_embed\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )ep_embed\"")
endif()
string(LENGTH "${content}" length)
set(chunks "")
set(offset 0)
while(offset LESS length)
  string(SUBSTRING "${content}" ${offset} 8000 piece)
  string(APPEND chunks "R\"ep_embed(${piece})ep_embed\"\n")
  math(EXPR offset "${offset} + 8000")
endwhile()
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${INPUT} by cmake/EmbedText.cmake; edit that file, not this one.\n"
"#include <string_view>\n\n"
"namespace ${NAMESPACE} {\n"
"extern const std::string_view ${SYMBOL};\n"
"const std::string_view ${SYMBOL} =\n${chunks};\n"
"}  // namespace ${NAMESPACE}\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
