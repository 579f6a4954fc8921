# The Debian package (scripts/package.sh: cpack -G DEB in the build folder).
# It holds what `cmake --install` installs (tools/modelseal/CMakeLists.txt): the binary, the man
# pages and the shell completions, under /usr. Tests and fuzz targets have no install rules, so
# they are never packaged.
set(MODELSEAL_PACKAGE_MAINTAINER "modelseal maintainers <maintainers@users.noreply.b-seed-cfc9de00.example>"
    CACHE STRING "Maintainer field of the Debian package")
set(MODELSEAL_PACKAGE_HOMEPAGE "https://example.org/modelseal"
    CACHE STRING "Homepage field of the Debian package")

set(CPACK_PACKAGE_NAME modelseal)
set(CPACK_PACKAGE_VENDOR "modelseal")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${MODELSEAL_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "build, sign, verify, validate, seal and shred AI model bundles")
set(CPACK_PACKAGE_DESCRIPTION
    "modelseal turns a model folder into a reproducible, self-describing bundle (weights,
model card, data provenance and limitations, as ETSI EN 304 223 asks), signs and verifies it
with OpenSSF Model Signing signatures, validates hostile uploads for registries without
loading them, attests how a model was made, and seals and crypto-shreds models at the end of
their life.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)          # modelseal_VERSION_amd64.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${MODELSEAL_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${MODELSEAL_PACKAGE_HOMEPAGE}")
# The shared libraries the binary links, found by dpkg-shlibdeps (dpkg-dev).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# cpack (and `make install`) install what is built without building everything first: the package
# needs only modelseal and its generated pages (scripts/package.sh builds those two targets).
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

include(CPack)
