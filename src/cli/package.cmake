# Included by CMakeLists.txt after the vgrev target: the shell completions it prints, the docs,
# and the Debian package (`cpack -G DEB` in the build folder; docs/packaging.md). A debian/
# folder would be a new top-level folder, and cpack builds the same files `cmake --install`
# installs, so the package and the install never differ.

set(VG_GEN ${PROJECT_BINARY_DIR}/gen)
set(VG_COMPLETIONS ${VG_GEN}/completions/vgrev ${VG_GEN}/completions/_vgrev
                   ${VG_GEN}/completions/vgrev.fish)
add_custom_command(
  OUTPUT ${VG_COMPLETIONS}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${VG_GEN}/completions
  COMMAND ${CMAKE_COMMAND} -DVGREV=$<TARGET_FILE:vgrev> -DOUT=${VG_GEN}/completions
          -P ${PROJECT_SOURCE_DIR}/src/cli/completions.cmake
  DEPENDS vgrev ${PROJECT_SOURCE_DIR}/src/cli/completions.cmake
  COMMENT "Generating the shell completions")
add_custom_target(completions ALL DEPENDS ${VG_COMPLETIONS})

list(GET VG_COMPLETIONS 0 VG_BASH)
list(GET VG_COMPLETIONS 1 VG_ZSH)
list(GET VG_COMPLETIONS 2 VG_FISH)
install(FILES ${VG_BASH} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
# Debian's zsh searches vendor-completions under /usr (the package), site-functions under
# /usr/local: the folder is picked when installing, as the prefix is known only then.
install(CODE "
  set(d site-functions)
  if(CMAKE_INSTALL_PREFIX MATCHES \"(^|/)usr/?$\")
    set(d vendor-completions)
  endif()
  file(INSTALL \"${VG_ZSH}\" DESTINATION \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/zsh/\${d}\")")
install(FILES ${VG_FISH} DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)

# The docs, and what Debian wants beside them: the copyright file and a changelog (gzip -9n).
install(FILES README.md docs/configuration.md docs/deck-format.md docs/importing.md
              docs/progress-format.md docs/scheduling.md docs/syncing.md docs/completion.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
set(VGREV_MAINTAINER "vgrev developers <vgrev@example.org>" CACHE STRING
    "The Maintainer field of the Debian package")
string(TIMESTAMP VG_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
file(WRITE ${VG_GEN}/changelog
  "vgrev (${PROJECT_VERSION}) unstable; urgency=medium\n\n"
  "  * Release ${PROJECT_VERSION}; CHANGELOG.md in this folder lists the changes.\n\n"
  " -- ${VGREV_MAINTAINER}  ${VG_DATE}\n")
find_program(VG_GZIP gzip REQUIRED)
add_custom_command(
  OUTPUT ${VG_GEN}/changelog.gz ${VG_GEN}/CHANGELOG.md.gz ${VG_GEN}/vgrev.1.gz
  COMMAND ${VG_GZIP} -9nc ${VG_GEN}/changelog > ${VG_GEN}/changelog.gz
  COMMAND ${VG_GZIP} -9nc ${PROJECT_SOURCE_DIR}/docs/CHANGELOG.md > ${VG_GEN}/CHANGELOG.md.gz
  COMMAND ${VG_GZIP} -9nc ${PROJECT_SOURCE_DIR}/docs/vgrev.1 > ${VG_GEN}/vgrev.1.gz
  DEPENDS ${VG_GEN}/changelog ${PROJECT_SOURCE_DIR}/docs/CHANGELOG.md ${PROJECT_SOURCE_DIR}/docs/vgrev.1)
add_custom_target(gzipped ALL DEPENDS ${VG_GEN}/changelog.gz ${VG_GEN}/CHANGELOG.md.gz
                                      ${VG_GEN}/vgrev.1.gz)
install(FILES ${VG_GEN}/vgrev.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${VG_GEN}/changelog.gz ${VG_GEN}/CHANGELOG.md.gz
              ${PROJECT_SOURCE_DIR}/docs/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_PACKAGE_NAME vgrev)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${VGREV_MAINTAINER})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "terminal flashcards with spaced repetition")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
  "vgrev turns markdown revision notebooks into flashcards and schedules their\n"
  "reviews with FSRS (or SM-2), keeping every review in a readable YAML file. It\n"
  "imports CSV, TSV and Anki text exports, exports decks back, merges progress\n"
  "from other machines (also as a git merge driver) and has a study screen, a\n"
  "deck browser and statistics in the terminal.")
string(REPLACE ";" "" CPACK_DEBIAN_PACKAGE_DESCRIPTION "${CPACK_DEBIAN_PACKAGE_DESCRIPTION}")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON) # Depends: from the libraries, by dpkg-shlibdeps
set(CPACK_DEBIAN_PACKAGE_SUGGESTS git)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
include(CPack)
