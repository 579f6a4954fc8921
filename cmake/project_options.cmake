# Warnings and sanitizers as INTERFACE targets, applied to our own targets only.
add_library(modelseal_options INTERFACE)
target_compile_options(modelseal_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -D_FORTIFY_SOURCE=2 -fstack-protector-strong)
target_compile_definitions(modelseal_options INTERFACE
  MODELSEAL_VERSION="${PROJECT_VERSION}" OPENSSL_API_COMPAT=30000 OPENSSL_NO_DEPRECATED)
if(MODELSEAL_SANITIZE)
  target_compile_options(modelseal_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  target_link_options(modelseal_options INTERFACE -fsanitize=address,undefined)
endif()
if(MODELSEAL_FUZZ)
  # Coverage instrumentation for every target of ours; fuzz targets add -fsanitize=fuzzer.
  target_compile_options(modelseal_options INTERFACE -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  target_link_options(modelseal_options INTERFACE -fsanitize=address,undefined)
endif()
