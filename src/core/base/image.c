#define _GNU_SOURCE /* MAP_FIXED_NOREPLACE, realpath, dl_iterate_phdr */
#include "base/image.h"

#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vgrev/file.h"

#ifndef MAP_FIXED_NOREPLACE /* before Linux 4.17 a hint: the address is checked below anyway */
#define MAP_FIXED_NOREPLACE 0
#endif

enum {
    S_FORMAT = 1,
    /* Images of a process go in 1024 slots of 4 GiB from 32 TiB: far from where Linux puts
     * the heap and mmap (near 0x55... and 0x7f...), and from the shadow and allocator ranges
     * of AddressSanitizer (up to 0x10007fff7fff, and from 0x600000000000). */
    S_SLOTS = 1024,
};
#define S_SLOT_BASE 0x200000000000ULL
#define S_SLOT_SIZE 0x100000000ULL

typedef struct S_header {
    char magic[8];
    uint32_t format, kind;
    uint64_t layout;
    unsigned char build[32]; /* the program's build id (up to 32 bytes), zero-padded */
    uint64_t base, len, root, sum;
    vg_image_source src;
    uint64_t header_sum; /* of everything above */
} S_header;

static const char S_magic[8] = {'v', 'g', 'r', 'e', 'v', 'i', 'm', 'g'};

/* Four independent lanes of multiply-xorshift over 8-byte words, then splitmix64's finalizer:
 * several bytes a cycle, and every input bit reaches every output bit. */
static uint64_t S_mix(uint64_t h)
{
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    return h ^ (h >> 31);
}

uint64_t vg_image_hash(const void *data, size_t len)
{
    const unsigned char *p = data;
    const uint64_t k = 0x9e3779b97f4a7c15ULL;
    uint64_t h[4] = {k, k ^ 1, k ^ 2, k ^ 3};
    size_t i = 0;
    for (; i + 32 <= len; i += 32) {
        for (int j = 0; j < 4; j++) {
            uint64_t w;
            memcpy(&w, p + i + 8 * (size_t)j, 8);
            h[j] = (h[j] ^ w) * k;
            h[j] ^= h[j] >> 29;
        }
    }
    uint64_t tail = 0;
    for (size_t n = 0; i < len; i++, n++)
        tail ^= (uint64_t)p[i] << (8 * (n & 7));
    uint64_t out = S_mix(h[0]) ^ S_mix(h[1] + 1) ^ S_mix(h[2] + 2) ^ S_mix(h[3] + 3);
    return S_mix(out ^ S_mix(tail ^ (uint64_t)len));
}

/* A file's stat as an image records it (hash: sum). */
static void S_fill(vg_image_source *src, const struct stat *sb, uint64_t sum)
{
    memset(src, 0, sizeof *src);
    src->dev = (uint64_t)sb->st_dev;
    src->ino = (uint64_t)sb->st_ino;
    src->size = (uint64_t)sb->st_size;
    src->mtime_s = (int64_t)sb->st_mtim.tv_sec;
    src->mtime_ns = (int64_t)sb->st_mtim.tv_nsec;
    src->ctime_s = (int64_t)sb->st_ctim.tv_sec;
    src->ctime_ns = (int64_t)sb->st_ctim.tv_nsec;
    src->hash = sum;
}

bool vg_image_source_stat(const char *path, vg_image_source *src)
{
    struct stat sb;
    memset(src, 0, sizeof *src);
    if (stat(path, &sb) != 0)
        return false;
    S_fill(src, &sb, 0);
    return true;
}

/* The build id the linker put in this program (a note of type NT_GNU_BUILD_ID): any change to
 * the code that parses or lays out memory makes a new one, so an image is never read by a
 * program other than the one that wrote it. */
typedef struct S_build {
    unsigned char id[32];
    bool found;
} S_build;

static int S_build_note(struct dl_phdr_info *info, size_t size, void *ctx)
{
    (void)size;
    S_build *b = ctx;
    for (ElfW(Half) i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_NOTE)
            continue;
        // NOLINTNEXTLINE(performance-no-int-to-ptr): where the loader put the note
        const unsigned char *p = (const unsigned char *)(info->dlpi_addr + ph->p_vaddr);
        const unsigned char *end = p + ph->p_memsz;
        while (p + sizeof(ElfW(Nhdr)) <= end) {
            ElfW(Nhdr) nh;
            memcpy(&nh, p, sizeof nh);
            const unsigned char *name = p + sizeof nh;
            const unsigned char *desc = name + ((nh.n_namesz + 3) & ~3u);
            if (desc + nh.n_descsz > end)
                break;
            if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 && memcmp(name, "GNU", 4) == 0 &&
                nh.n_descsz > 0) {
                memcpy(b->id, desc, nh.n_descsz < sizeof b->id ? nh.n_descsz : sizeof b->id);
                b->found = true;
                return 1;
            }
            p = desc + ((nh.n_descsz + 3) & ~3u);
        }
    }
    return 1; /* the first object is the program itself */
}

static bool S_build_id(unsigned char out[32])
{
    static S_build b;
    static bool done;
    if (!done) {
        dl_iterate_phdr(S_build_note, &b);
        done = true;
    }
    memcpy(out, b.id, sizeof b.id);
    return b.found;
}

char *vg_image_path(const char *dir, const char *kind, const char *source)
{
    char *abs = realpath(source, NULL);
    if (!abs)
        return NULL;
    vg_buf b = VG_BUF_INIT;
    vg_buf_printf(&b, "%s/%s-%016llx.img", dir, kind,
                  (unsigned long long)vg_image_hash(abs, strlen(abs)));
    free(abs);
    return vg_buf_detach(&b);
}

/* ---- the stamp: the image as it was when it was last known whole ----
 * Hashing a whole image costs more than the rest of a start, so it is done when the image is
 * new to this file system entry: PATH.ok holds the image's stat (its ctime included, which no
 * one sets by hand: any write to the image changes it) and checksum from the moment it was
 * last checked whole and synced to disk. An image whose stat still matches is the same bytes. */
typedef struct S_stamp {
    char magic[8];
    vg_image_source img; /* hash: the body's checksum */
    uint64_t check;
} S_stamp;

static const char S_stamp_magic[8] = {'v', 'g', 'r', 'e', 'v', 'o', 'k', '1'};

static char *S_stamp_path(const char *path)
{
    vg_buf b = VG_BUF_INIT;
    vg_buf_printf(&b, "%s.ok", path);
    return vg_buf_detach(&b);
}

static void S_stamp_write(const char *path, const struct stat *sb, uint64_t sum)
{
    S_stamp st;
    memset(&st, 0, sizeof st);
    memcpy(st.magic, S_stamp_magic, sizeof st.magic);
    S_fill(&st.img, sb, sum);
    st.check = vg_image_hash(&st, offsetof(S_stamp, check));
    char *sp = S_stamp_path(path);
    if (sp)
        (void)vg_file_replace(AT_FDCWD, sp, &st, sizeof st, 0600, VG_REPLACE_NO_SYNC);
    free(sp);
}

static bool S_stamp_matches(const char *path, const struct stat *sb, uint64_t sum)
{
    char *sp = S_stamp_path(path);
    vg_buf b = VG_BUF_INIT;
    bool ok = sp && vg_file_read(&b, sp, sizeof(S_stamp), VG_FILE_REGULAR, NULL) == VG_FILE_DONE &&
              b.len == sizeof(S_stamp);
    if (ok) {
        S_stamp st, want;
        memcpy(&st, b.data, sizeof st);
        S_fill(&want.img, sb, sum);
        ok = memcmp(st.magic, S_stamp_magic, sizeof st.magic) == 0 &&
             st.check == vg_image_hash(&st, offsetof(S_stamp, check)) &&
             memcmp(&st.img, &want.img, sizeof want.img) == 0;
    }
    vg_buf_release(&b);
    free(sp);
    return ok;
}

/* ---- making ---- */

static size_t S_alloc(vg_image_builder *b, size_t size, size_t align);

void vg_image_builder_init(vg_image_builder *b, const char *image_path)
{
    vg_buf_init(&b->body);
    uint64_t h = vg_image_hash(image_path, strlen(image_path));
    uintptr_t at = (uintptr_t)(S_SLOT_BASE + (h % S_SLOTS) * S_SLOT_SIZE);
    b->base = (char *)at; // NOLINT(performance-no-int-to-ptr): the image's fixed address
    b->failed = false;
    /* The buffer is the file: the header's page first (so offset 0 means failure), then the
     * body, which is written as it is, without a copy. */
    (void)S_alloc(b, VG_IMAGE_BODY, 1);
}

void vg_image_builder_release(vg_image_builder *b)
{
    vg_buf_release(&b->body);
}

static size_t S_alloc(vg_image_builder *b, size_t size, size_t align)
{
    size_t off = (b->body.len + align - 1) & ~(align - 1);
    if (b->failed || size > S_SLOT_SIZE || off + size > VG_IMAGE_BODY + S_SLOT_SIZE ||
        !vg_buf_grow(&b->body, off - b->body.len + size)) {
        b->failed = true;
        return 0;
    }
    memset(b->body.data + b->body.len, 0, off - b->body.len + size);
    b->body.len = off + size;
    return off;
}

size_t vg_image_alloc(vg_image_builder *b, size_t size)
{
    return S_alloc(b, size, alignof(max_align_t));
}

void *vg_image_at(vg_image_builder *b, size_t off)
{
    return b->body.data + off;
}

void *vg_image_addr(const vg_image_builder *b, size_t off)
{
    return b->base + (off - VG_IMAGE_BODY);
}

const void *vg_image_bytes(vg_image_builder *b, const void *p, size_t n)
{
    if (!p || n == 0)
        return NULL;
    size_t off = S_alloc(b, n, alignof(max_align_t));
    if (!off)
        return NULL;
    memcpy(vg_image_at(b, off), p, n);
    return vg_image_addr(b, off);
}

const char *vg_image_str(vg_image_builder *b, const char *s, size_t len)
{
    if (!s)
        return NULL;
    size_t off = S_alloc(b, len + 1, 1); /* text packs: the image is read through at load */
    if (!off)
        return NULL;
    memcpy(vg_image_at(b, off), s, len);
    return vg_image_addr(b, off);
}

bool vg_image_write(vg_image_builder *b, const char *path, unsigned kind, uint64_t layout,
                    const vg_image_source *src, size_t root)
{
    S_header h;
    memset(&h, 0, sizeof h);
    if (b->failed || !root || !S_build_id(h.build))
        return false;
    memcpy(h.magic, S_magic, sizeof h.magic);
    h.format = S_FORMAT;
    h.kind = kind;
    h.layout = layout;
    h.base = (uint64_t)(uintptr_t)b->base;
    h.len = b->body.len - VG_IMAGE_BODY;
    h.root = (uint64_t)(uintptr_t)vg_image_addr(b, root);
    h.sum = vg_image_hash(b->body.data + VG_IMAGE_BODY, h.len);
    h.src = *src;
    h.header_sum = vg_image_hash(&h, offsetof(S_header, header_sum));
    memcpy(b->body.data, &h, sizeof h);
    /* Not synced, and no stamp yet: the first run that maps it checks it whole and syncs it
     * before it stamps it (a miss, which parses, pays for no disk write). */
    const vg_buf out = b->body;
    vg_file_step step =
        vg_file_replace(AT_FDCWD, path, out.data, out.len, 0600, VG_REPLACE_NO_SYNC);
    if (step == VG_FILE_OPEN &&
        errno == ENOENT) { /* the cache's folder, made with its first image */
        char *dir = strdup(path);
        char *slash = dir ? strrchr(dir, '/') : NULL;
        if (slash && slash != dir) {
            *slash = '\0';
            if (vg_file_mkdirs(dir, 0700, NULL))
                step = vg_file_replace(AT_FDCWD, path, out.data, out.len, 0600, VG_REPLACE_NO_SYNC);
        }
        free(dir);
    }
    return step == VG_FILE_DONE;
}

/* ---- using ---- */

static bool S_same_stat(const vg_image_source *a, const vg_image_source *b)
{
    return a->dev == b->dev && a->ino == b->ino && a->size == b->size && a->mtime_s == b->mtime_s &&
           a->mtime_ns == b->mtime_ns && a->ctime_s == b->ctime_s && a->ctime_ns == b->ctime_ns;
}

/* The source still is what the image was made from. Its times alone cannot tell when it was
 * changed within the file system's timestamp granularity of the image being written (a coarse
 * clock, an edit in the same second with the same size): then its bytes are hashed. */
static bool S_source_matches(const S_header *h, const char *source_path, const char *image_path,
                             const struct stat *img)
{
    vg_image_source now;
    if (!vg_image_source_stat(source_path, &now) || !S_same_stat(&now, &h->src))
        return false;
    const int64_t margin = 2; /* seconds: FAT's granularity */
    if (now.mtime_s < (int64_t)img->st_mtim.tv_sec - margin &&
        now.ctime_s < (int64_t)img->st_mtim.tv_sec - margin)
        return true;
    vg_buf b = VG_BUF_INIT;
    bool ok = vg_file_read(&b, source_path, 0, VG_FILE_REGULAR, NULL) == VG_FILE_DONE &&
              b.len == now.size && vg_image_hash(b.data, b.len) == h->src.hash;
    vg_buf_release(&b);
    /* The source is what the image holds, as of now: the image's mtime moves to now (the
     * kernel's clock), so once the source's times are older by the margin, stat alone tells
     * (as git does for a racily clean index). */
    if (ok)
        (void)utimensat(AT_FDCWD, image_path, NULL, 0);
    return ok;
}

void *vg_image_map(const char *path, unsigned kind, uint64_t layout, const char *source_path,
                   vg_arena *arena)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0)
        return NULL;
    S_header h;
    unsigned char build[32];
    struct stat sb;
    void *root = NULL, *map = MAP_FAILED;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
        pread(fd, &h, sizeof h, 0) != (ssize_t)sizeof h ||
        memcmp(h.magic, S_magic, sizeof h.magic) != 0 ||
        h.header_sum != vg_image_hash(&h, offsetof(S_header, header_sum)) || h.format != S_FORMAT ||
        h.kind != kind || h.layout != layout || !S_build_id(build) ||
        memcmp(build, h.build, sizeof build) != 0 || h.len == 0 || h.len > S_SLOT_SIZE ||
        (uint64_t)sb.st_size != VG_IMAGE_BODY + h.len || h.base < S_SLOT_BASE ||
        h.base >= S_SLOT_BASE + S_SLOTS * S_SLOT_SIZE || h.root < h.base ||
        h.root >= h.base + h.len || !S_source_matches(&h, source_path, path, &sb))
        goto out;
    /* The source check may have moved the image's mtime: its stat as it is now. */
    if (fstat(fd, &sb) != 0)
        goto out;
    void *at = (void *)(uintptr_t)h.base; // NOLINT(performance-no-int-to-ptr): its address
    map = mmap(at, h.len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED_NOREPLACE, fd,
               VG_IMAGE_BODY);
    if (map == MAP_FAILED)
        goto out;
    /* Another mapping took the address in this process (then the kernel put it elsewhere). */
    bool whole = (uintptr_t)map == h.base && S_stamp_matches(path, &sb, h.sum);
    if (!whole && (uintptr_t)map == h.base && vg_image_hash(map, h.len) == h.sum) {
        whole = true;
        /* The stamp vouches for these bytes from now on: they must be on disk first. */
        if (fdatasync(fd) == 0)
            S_stamp_write(path, &sb, h.sum);
    }
    if (!whole || !vg_arena_attach(arena, map, h.len)) {
        munmap(map, h.len);
        goto out;
    }
    root = (char *)map + (h.root - h.base);
out:
    close(fd);
    return root;
}
