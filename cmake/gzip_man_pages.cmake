# cmake -DMAN_DIR=DIR -P gzip_man_pages.cmake: compresses every DIR/*.1 into DIR/*.1.gz as
# Debian ships man pages (gzip -9n: no name or time stamp, so the same pages give the same bytes).
# Without gzip the pages stay uncompressed; man reads both.
find_program(GZIP_PROGRAM gzip)
if(NOT GZIP_PROGRAM)
  return()
endif()
file(GLOB pages "${MAN_DIR}/*.1")
foreach(page IN LISTS pages)
  execute_process(COMMAND "${GZIP_PROGRAM}" -9nf "${page}" RESULT_VARIABLE failed)
  if(failed)
    message(FATAL_ERROR "gzip failed on ${page}")
  endif()
endforeach()
