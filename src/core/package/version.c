/* The versions of the package reader's libraries, for `vgrev --version`: only this module may
 * include them. */
#include <sqlite3.h>
#include <stdio.h>
#include <zip.h>
#include <zstd.h>

#include "vgrev/package.h"

void vg_package_versions(char *buf, size_t size)
{
    snprintf(buf, size, "sqlite3 %s, zstd %s, libzip %s", sqlite3_libversion(),
             ZSTD_versionString(), zip_libzip_version());
}
