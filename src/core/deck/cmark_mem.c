/* cmark's memory under the deck parser's control. cmark's own allocator aborts the process
 * when calloc or realloc fails, and its callers cannot do otherwise: it uses what they return
 * without a check. So cmark gets an allocator (cmark_mem, cmark.h) that keeps every block it
 * hands out in a list and, when memory runs out, jumps back to vg_cmark_guard(), which frees
 * the whole list (the parser and every tree made under the guard, never touched again) and
 * reports out of memory. cmark_mem has no context argument: the guard in force is per thread. */
#include <cmark.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "deck/deck_int.h"

typedef union S_block {
    struct {
        union S_block *prev, *next;
    } l;
    max_align_t align; /* what follows the header is aligned as malloc's blocks are */
} S_block;

typedef struct S_guard {
    S_block live; /* the list's head: live.l.next is the newest block */
    jmp_buf out;
} S_guard;

static _Thread_local S_guard *S_current;

static void *S_link(S_block *blk)
{
    S_guard *g = S_current;
    blk->l.prev = &g->live;
    blk->l.next = g->live.l.next;
    if (blk->l.next)
        blk->l.next->l.prev = blk;
    g->live.l.next = blk;
    return blk + 1;
}

static void S_unlink(S_block *blk)
{
    blk->l.prev->l.next = blk->l.next;
    if (blk->l.next)
        blk->l.next->l.prev = blk->l.prev;
}

static void *S_calloc(size_t n, size_t size)
{
    if (size && n > (SIZE_MAX - sizeof(S_block)) / size)
        longjmp(S_current->out, 1);
    S_block *blk = calloc(1, sizeof(S_block) + n * size);
    if (!blk)
        longjmp(S_current->out, 1);
    return S_link(blk);
}

static void *S_realloc(void *p, size_t size)
{
    if (!p)
        return S_calloc(1, size);
    S_block *old = (S_block *)p - 1;
    if (size > SIZE_MAX - sizeof(S_block))
        longjmp(S_current->out, 1);
    S_unlink(old);
    S_block *blk = realloc(old, sizeof(S_block) + size);
    if (!blk) {
        S_link(old); /* still live: the guard frees it */
        longjmp(S_current->out, 1);
    }
    return S_link(blk);
}

static void S_free(void *p)
{
    if (!p)
        return;
    S_block *blk = (S_block *)p - 1;
    S_unlink(blk);
    free(blk);
}

static cmark_mem S_mem = {S_calloc, S_realloc, S_free};

cmark_node *vg_cmark_parse(const char *s, size_t len, int options)
{
    cmark_parser *p = cmark_parser_new_with_mem(options, &S_mem);
    cmark_parser_feed(p, s, len);
    cmark_node *doc = cmark_parser_finish(p);
    cmark_parser_free(p);
    return doc;
}

/* Apart from vg_cmark_guard so that nothing of its caller's frame changes between setjmp and
 * longjmp (C11 7.13.2.1). */
static bool S_run(S_guard *g, bool (*fn)(void *), void *arg)
{
    if (setjmp(g->out))
        return false;
    return fn(arg);
}

bool vg_cmark_guard(bool (*fn)(void *), void *arg)
{
    S_guard g = {.live = {.l = {NULL, NULL}}};
    S_guard *outer = S_current;
    S_current = &g;
    bool ok = S_run(&g, fn, arg);
    while (g.live.l.next) {
        S_block *blk = g.live.l.next;
        g.live.l.next = blk->l.next;
        free(blk);
    }
    S_current = outer;
    return ok;
}
