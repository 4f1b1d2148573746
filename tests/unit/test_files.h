/* Files for the unit tests that write some: one temporary folder per test program (made in
 * $VG_TMP, default /tmp, by its group setup, removed with all it holds by its teardown), paths
 * in it, and whole files read and written (a failure fails the test). Header only: included
 * by one test program each, after <cmocka.h>. */
#ifndef VG_TEST_FILES_H
#define VG_TEST_FILES_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "vgrev/buf.h"

static char vg_test_dir[256];

/* Makes the folder, named PREFIX.XXXXXX; 0, or -1 (a group setup's result). */
static inline int vg_test_dir_make(const char *prefix)
{
    const char *base = getenv("VG_TMP");
    base = base && *base ? base : "/tmp";
    mkdir(base, 0777);
    snprintf(vg_test_dir, sizeof vg_test_dir, "%s/%s.XXXXXX", base, prefix);
    return mkdtemp(vg_test_dir) ? 0 : -1;
}

/* Removes the folder and everything in it; 0, or -1 (a group teardown's result). */
static inline int vg_test_dir_remove(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", vg_test_dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* NAME in the folder. The path stays valid for the next 63 calls. */
static inline const char *vg_test_path(const char *name)
{
    static char buf[64][512];
    static unsigned k;
    char *p = buf[k++ % 64];
    snprintf(p, sizeof buf[0], "%s/%s", vg_test_dir, name);
    return p;
}

/* The whole file, NUL-terminated (the caller frees it), its length in *len when len is not
 * NULL; NULL (and 0) when it cannot be opened. */
static inline char *vg_test_read(const char *path, size_t *len)
{
    if (len)
        *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    vg_buf b = VG_BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        vg_buf_add(&b, chunk, n);
    fclose(f);
    assert_false(b.failed);
    if (len)
        *len = b.len;
    if (!b.data)
        vg_buf_add(&b, "", 0);
    return vg_buf_detach(&b);
}

/* Writes the file whole (made or truncated). */
static inline void vg_test_write(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* The same file as when *before was taken: inode, size and mtime. */
static inline bool vg_test_same_file(const struct stat *before, const struct stat *now)
{
    return before->st_ino == now->st_ino && before->st_size == now->st_size &&
           before->st_mtim.tv_sec == now->st_mtim.tv_sec &&
           before->st_mtim.tv_nsec == now->st_mtim.tv_nsec;
}

#endif
