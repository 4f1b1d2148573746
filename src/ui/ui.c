/* The terminal: start and stop, signals, the clock, keys from the keyboard or from a test
 * script, screen dumps, and running a child program (the editor). Painting is in ui_draw.c. */
#define _XOPEN_SOURCE_EXTENDED 1
#include "ui_int.h"

#include <errno.h>
#include <stdint.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "vgrev/utf8.h"

/* Signals only set these flags; the key loop sees them. Globals, because a signal handler
 * has nowhere else to write. */
static volatile sig_atomic_t S_got_intr, S_got_quit;

static void S_on_signal(int sig)
{
    if (sig == SIGINT)
        S_got_intr = 1;
    else
        S_got_quit = 1;
}

static const int S_signals[UI_NSIGNALS] = {SIGINT, SIGTERM, SIGHUP};

static void S_catch_signals(ui *u)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = S_on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocked read returns so the loop sees the flag */
    S_got_intr = S_got_quit = 0;
    for (int i = 0; i < UI_NSIGNALS; i++)
        sigaction(S_signals[i], &sa, &u->old_sig[i]);
}

static void S_restore_signals(ui *u)
{
    for (int i = 0; i < UI_NSIGNALS; i++)
        sigaction(S_signals[i], &u->old_sig[i], NULL);
}

static int64_t S_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "WxH" with sensible bounds, else the default. */
static void S_parse_size(const char *s, int *w, int *h)
{
    *w = 80;
    *h = 24;
    if (!s || !*s)
        return;
    char *end;
    long cw = strtol(s, &end, 10);
    if (*end != 'x')
        return;
    long ch = strtol(end + 1, &end, 10);
    if (*end || cw < 1 || ch < 1 || cw > 1000 || ch > 1000)
        return;
    *w = (int)cw;
    *h = (int)ch;
}

static bool S_utf8_locale(void)
{
    if (MB_CUR_MAX > 1)
        return true;
    /* Deck text is UTF-8; without a UTF-8 locale curses would print it byte by byte. */
    return setlocale(LC_CTYPE, "C.UTF-8") != NULL && MB_CUR_MAX > 1;
}

/* The size comes from the terminal itself: curses prefers an exported LINES or COLUMNS,
 * which would pin the screen to a stale size through every resize. */
static void S_sync_size(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0 &&
        (ws.ws_row != LINES || ws.ws_col != COLS))
        resizeterm(ws.ws_row, ws.ws_col);
}

static vg_status S_open_headless(ui *u, const char *script, vg_error *err)
{
    u->script = fopen(script, "r");
    if (!u->script)
        return vg_error_set(err, VG_IO, script, 0, 0, "cannot open the test script: %s",
                            strerror(errno));
    u->script_name = script;
    u->dump_name = getenv("VGREV_TEST_DUMP");
    u->null_tty = fopen("/dev/null", "r+");
    if (!u->null_tty)
        return vg_error_set(err, VG_IO, "/dev/null", 0, 0, "%s", strerror(errno));
    int w, h;
    S_parse_size(getenv("VGREV_TEST_SIZE"), &w, &h);
    /* A fixed terminal type, so the dumps do not depend on the machine's TERM. */
    u->scr = newterm("xterm-256color", u->null_tty, u->null_tty);
    if (!u->scr)
        return vg_error_set(err, VG_IO, NULL, 0, 0, "no terminfo entry for xterm-256color");
    resizeterm(h, w);
    return VG_OK;
}

static vg_status S_open_terminal(ui *u, const ui_opts *opts, vg_error *err)
{
    const char *what = opts && opts->what ? opts->what : "the study screen";
    const char *instead = opts && opts->instead ? opts->instead : "vgrev study --plain";
    const char *mode = opts && opts->instead ? "for a table" : "for line mode";
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        return vg_error_set(err, VG_USAGE, NULL, 0, 0,
                            "%s needs a terminal on stdin and stdout; use '%s' %s", what, instead,
                            mode);
    const char *term = getenv("TERM");
    if (!term || !*term || !strcmp(term, "dumb"))
        return vg_error_set(err, VG_USAGE, NULL, 0, 0,
                            "TERM is %s: %s needs a terminal that can move the cursor; use "
                            "'%s' %s",
                            term && *term ? "'dumb'" : "not set", what, instead, mode);
    u->scr = newterm(NULL, stdout, stdin);
    if (!u->scr)
        return vg_error_set(err, VG_USAGE, NULL, 0, 0, "unknown terminal type '%s'; use '%s' %s",
                            term, instead, mode);
    return VG_OK;
}

vg_status ui_open(const ui_opts *opts, ui **out, vg_error *err)
{
    *out = NULL;
    ui *u = calloc(1, sizeof *u);
    if (!u)
        return vg_error_set(err, VG_NOMEM, NULL, 0, 0, NULL);
    u->fixed_clock = opts && opts->fixed_clock;
    u->clock_base = opts ? opts->now : 0;
    u->mono_start = S_mono_ms();
    S_utf8_locale();

    const char *script = getenv("VGREV_TEST_KEYS");
    u->headless = script && *script;
    /* Ours before curses starts, so curses does not install its own for these. */
    S_catch_signals(u);
    u->signals_caught = true;
    vg_status st = u->headless ? S_open_headless(u, script, err) : S_open_terminal(u, opts, err);
    if (st != VG_OK) {
        ui_close(u, NULL);
        return st;
    }
    set_term(u->scr);
    if (!u->headless)
        S_sync_size();
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    leaveok(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    ui_colors_init(u);
    *out = u;
    return VG_OK;
}

vg_status ui_close(ui *u, vg_error *err)
{
    if (!u)
        return VG_OK;
    ui_close_screens(u);
    if (u->scr) {
        endwin();
        delscreen(u->scr);
    }
    if (u->signals_caught)
        S_restore_signals(u);
    if (u->script)
        fclose(u->script);
    if (u->null_tty)
        fclose(u->null_tty);
    vg_status st = u->fail.status;
    if (st != VG_OK && err)
        *err = u->fail;
    free(u->pending);
    free(u->line);
    free(u);
    return st;
}

bool ui_headless(const ui *u)
{
    return u->headless;
}

int64_t ui_now(const ui *u)
{
    if (!u->fixed_clock)
        return (int64_t)time(NULL);
    if (u->headless)
        return u->clock_base + u->virtual_secs;
    return u->clock_base + (S_mono_ms() - u->mono_start) / 1000;
}

int64_t ui_elapsed_ms(const ui *u)
{
    if (u->headless)
        return u->virtual_secs * 1000;
    return S_mono_ms() - u->mono_start;
}

int ui_rows(const ui *u)
{
    (void)u;
    return LINES;
}

int ui_cols(const ui *u)
{
    (void)u;
    return COLS;
}

void ui_suspend(ui *u)
{
    (void)u;
    def_prog_mode();
    endwin();
}

void ui_resume(ui *u)
{
    (void)u;
    reset_prog_mode();
    clearok(curscr, TRUE);
    doupdate();
}

int ui_spawn(ui *u, char *const argv[])
{
    ui_suspend(u);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        /* The handlers go back to the defaults on exec; nothing else to undo. */
        execvp(argv[0], argv);
        fprintf(stderr, "vgrev: cannot run '%s': %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    int status = -1;
    if (pid > 0) {
        /* Ctrl-C while the child runs is the child's: ignore it here as system() does. */
        struct sigaction ign, old_int, old_quit;
        memset(&ign, 0, sizeof ign);
        ign.sa_handler = SIG_IGN;
        sigemptyset(&ign.sa_mask);
        sigaction(SIGINT, &ign, &old_int);
        sigaction(SIGQUIT, &ign, &old_quit);
        int ws;
        while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
            ;
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGQUIT, &old_quit, NULL);
        S_got_intr = 0;
        status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + (WIFSIGNALED(ws) ? WTERMSIG(ws) : 0);
    }
    ui_resume(u);
    return status;
}

int ui_edit(ui *u, const char *file, unsigned line)
{
    const char *env = getenv("EDITOR");
    if (!env || !*env)
        env = getenv("VISUAL");
    if (!env || !*env)
        env = "vi";
    char *words = strdup(env);
    if (!words)
        return -1;
    char at[32];
    snprintf(at, sizeof at, "+%u", line);
    char *argv[20];
    int argc = 0;
    for (char *save = NULL, *w = strtok_r(words, " \t", &save); w && argc < 16;
         w = strtok_r(NULL, " \t", &save))
        argv[argc++] = w;
    if (argc == 0) {
        free(words);
        return 127;
    }
    argv[argc++] = at;
    /* A path that begins with '-' is passed as ./-name, never read as an option. Not "--":
     * vi, vim, nano and emacs end their options there, but micro (Go's flag package) stops at
     * +LINE and would open a file named "--". */
    char *dotted = NULL;
    if (file[0] == '-') {
        size_t n = strlen(file);
        dotted = malloc(n + 3);
        if (!dotted) {
            free(words);
            return -1;
        }
        memcpy(dotted, "./", 2);
        memcpy(dotted + 2, file, n + 1);
    }
    argv[argc++] = dotted ? dotted : (char *)file;
    argv[argc] = NULL;
    int status = ui_spawn(u, argv);
    free(dotted);
    free(words);
    return status;
}

/* ---- keys from the terminal ---------------------------------------------------------------- */

static int S_translate(int r, wint_t ch)
{
    if (r == KEY_CODE_YES) {
        switch (ch) {
        case KEY_UP:
            return UI_KEY_UP;
        case KEY_DOWN:
            return UI_KEY_DOWN;
        case KEY_LEFT:
            return UI_KEY_LEFT;
        case KEY_RIGHT:
            return UI_KEY_RIGHT;
        case KEY_PPAGE:
            return UI_KEY_PGUP;
        case KEY_NPAGE:
            return UI_KEY_PGDN;
        case KEY_HOME:
            return UI_KEY_HOME;
        case KEY_END:
            return UI_KEY_END;
        case KEY_ENTER:
            return UI_KEY_ENTER;
        case KEY_BACKSPACE:
            return UI_KEY_BACKSPACE;
        case KEY_RESIZE:
            return UI_KEY_RESIZE;
        default:
            return UI_KEY_UNKNOWN;
        }
    }
    switch (ch) {
    case '\r':
    case '\n':
        return UI_KEY_ENTER;
    case 27:
        return UI_KEY_ESC;
    case '\t':
        return UI_KEY_TAB;
    case 8:
    case 127:
        return UI_KEY_BACKSPACE;
    case 3:
        return UI_KEY_INTR;
    case 12:
        return UI_KEY_REDRAW;
    default:
        break;
    }
    if (ch < 32 || (ch >= 0x7f && ch < 0xa0) || ch > 0x10ffff)
        return UI_KEY_UNKNOWN;
    return (int)ch;
}

/* ---- escape sequences the terminal database does not know ---------------------------------
 * curses turns the sequences of its terminal description into keys and hands any other one back
 * byte by byte: Home as ESC [ 1 ~ would be an Esc, a '[', a '1' (a rating) and a '~'. After an
 * ESC the rest of a sequence is read here and dropped whole (ECMA-48 §5.4: a CSI is parameter
 * bytes 0x30-0x3F, intermediates 0x20-0x2F and one final byte 0x40-0x7E). A sequence's bytes
 * come together; an ESC with nothing behind it within S_SEQ_MS is the Esc key. */
enum { S_SEQ_MS = 50, S_PASTE_MS = 1000, S_SEQ_MAX = 4096 };

/* The next character of a sequence, or -1: none came in wait_ms (in a test script: the line
 * ended), or curses made a key of it. */
static int S_raw(ui *u, int wait_ms)
{
    if (u->headless) {
        if (u->next_pending >= u->npending)
            return -1;
        int key = u->pending[u->next_pending];
        /* Back to the bytes a terminal would send. */
        int c = key == UI_KEY_ESC     ? 27
                : key == UI_KEY_ENTER ? '\r'
                : key == UI_KEY_TAB   ? '\t'
                                      : key;
        if (c >= UI_KEY_BASE)
            return -1;
        u->next_pending++;
        return c;
    }
    wtimeout(stdscr, wait_ms);
    wint_t ch = 0;
    int r = wget_wch(stdscr, &ch);
    return r == OK ? (int)ch : -1;
}

/* A bracketed paste (ESC [ 200 ~ text ESC [ 201 ~): the text is dropped, never taken for keys.
 * A paste left open ends when no byte comes for S_PASTE_MS. */
static void S_paste(ui *u)
{
    static const char end[] = "\033[201~";
    size_t matched = 0;
    for (;;) {
        int c = S_raw(u, S_PASTE_MS);
        if (c < 0)
            return;
        matched = c == end[matched] ? matched + 1 : c == 27 ? 1 : 0;
        if (!end[matched])
            return;
    }
}

/* A string sequence (OSC, DCS, APC, PM, SOS) ends with BEL or ESC \. */
static void S_string(ui *u)
{
    for (int n = 0; n < S_SEQ_MAX; n++) {
        int c = S_raw(u, S_SEQ_MS);
        if (c < 0 || c == 7)
            return;
        if (c == 27) {
            (void)S_raw(u, S_SEQ_MS);
            return;
        }
    }
}

static int S_csi(ui *u)
{
    char params[8];
    size_t np = 0;
    int c = S_raw(u, S_SEQ_MS);
    if (c == 'M') {
        /* An X10 mouse report: three bytes of button and position. */
        for (int i = 0; i < 3; i++)
            (void)S_raw(u, S_SEQ_MS);
        return UI_KEY_UNKNOWN;
    }
    for (int n = 0; c >= 0x30 && c <= 0x3f && n < S_SEQ_MAX; n++) {
        if (np < sizeof params - 1)
            params[np++] = (char)c;
        c = S_raw(u, S_SEQ_MS);
    }
    params[np] = '\0';
    for (int n = 0; c >= 0x20 && c <= 0x2f && n < S_SEQ_MAX; n++)
        c = S_raw(u, S_SEQ_MS);
    if (c == '~' && !strcmp(params, "200"))
        S_paste(u);
    return UI_KEY_UNKNOWN;
}

static int S_escape(ui *u)
{
    int c = S_raw(u, S_SEQ_MS);
    if (c < 0)
        return UI_KEY_ESC;
    if (c == 27) /* Alt with a key that sends a sequence (ESC ESC [ A), or Esc twice */
        c = S_raw(u, S_SEQ_MS);
    switch (c) {
    case '[':
        return S_csi(u);
    case 'O':
        /* SS3: a final byte, after parameters on some terminals (ESC O 2 P). */
        c = S_raw(u, S_SEQ_MS);
        for (int n = 0; c >= 0x30 && c <= 0x3f && n < S_SEQ_MAX; n++)
            c = S_raw(u, S_SEQ_MS);
        return UI_KEY_UNKNOWN;
    case ']':
    case 'P':
    case '_':
    case '^':
    case 'X':
        S_string(u);
        return UI_KEY_UNKNOWN;
    default:
        /* Alt-key: ESC then the key (Alt-1 is never a rating). */
        return UI_KEY_UNKNOWN;
    }
}

/* The terminal description's mouse key (kmous) is only the head of a report: the rest follows
 * as characters, three bytes after ESC [ M, parameters and M or m after ESC [ < (SGR). */
static int S_mouse(ui *u)
{
    /* tigetstr's "not a string capability" is (char *)-1: compare as integers. */
    const char *kmous = tigetstr("kmous");
    bool sgr = kmous && (intptr_t)kmous != -1 && *kmous && kmous[strlen(kmous) - 1] == '<';
    if (!sgr) {
        for (int i = 0; i < 3; i++)
            (void)S_raw(u, S_SEQ_MS);
        return UI_KEY_UNKNOWN;
    }
    int c = S_raw(u, S_SEQ_MS);
    for (int n = 0; c >= 0x30 && c <= 0x3f && n < S_SEQ_MAX; n++)
        c = S_raw(u, S_SEQ_MS);
    return UI_KEY_UNKNOWN;
}

static int S_read_terminal(ui *u, int timeout_ms)
{
    int64_t deadline = timeout_ms >= 0 ? S_mono_ms() + timeout_ms : -1;
    bool looked = false; /* a key already waiting comes first, even with no time left */
    for (;;) {
        if (S_got_quit)
            return UI_KEY_QUIT;
        if (S_got_intr) {
            S_got_intr = 0;
            return UI_KEY_INTR;
        }
        /* Wake up now and then even without a timeout, in case the curses library restarts
         * reads interrupted by a signal. */
        int wait = 500;
        if (deadline >= 0) {
            int64_t left = deadline - S_mono_ms();
            if (left <= 0 && looked)
                return UI_KEY_NONE;
            if (left < wait)
                wait = left > 0 ? (int)left : 0;
        }
        looked = true;
        wtimeout(stdscr, wait);
        wint_t ch = 0;
        int r = wget_wch(stdscr, &ch);
        if (r == ERR)
            continue;
        if (r == KEY_CODE_YES && ch == KEY_MOUSE)
            return S_mouse(u);
        int key = S_translate(r, ch);
        if (key == UI_KEY_ESC)
            return S_escape(u);
        if (key == UI_KEY_RESIZE)
            S_sync_size();
        return key;
    }
}

/* ---- keys from a test script ---------------------------------------------------------------- */

static const struct {
    const char *name;
    int key;
} S_key_names[] = {
    {"Space", ' '},        {"Enter", UI_KEY_ENTER},  {"Esc", UI_KEY_ESC},
    {"Tab", UI_KEY_TAB},   {"BS", UI_KEY_BACKSPACE}, {"Up", UI_KEY_UP},
    {"Down", UI_KEY_DOWN}, {"Left", UI_KEY_LEFT},    {"Right", UI_KEY_RIGHT},
    {"PgUp", UI_KEY_PGUP}, {"PgDn", UI_KEY_PGDN},    {"Home", UI_KEY_HOME},
    {"End", UI_KEY_END},   {"C-c", UI_KEY_INTR},     {"C-l", UI_KEY_REDRAW},
    {"lt", '<'},
};

static void S_script_fail(ui *u, const char *what, const char *arg)
{
    if (u->fail.status == VG_OK)
        vg_error_set(&u->fail, VG_USAGE, u->script_name, u->script_line, 0, "%s '%s'", what, arg);
}

static bool S_push(ui *u, int key)
{
    if (u->npending == u->cap_pending) {
        size_t cap = u->cap_pending ? 2 * u->cap_pending : 64;
        int *p = realloc(u->pending, cap * sizeof *p);
        if (!p)
            return false;
        u->pending = p;
        u->cap_pending = cap;
    }
    u->pending[u->npending++] = key;
    return true;
}

/* A line of keys: names in <...> and literal characters. */
static void S_parse_keys(ui *u, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if (s[i] == '<') {
            const char *close = memchr(s + i, '>', len - i);
            if (!close) {
                S_script_fail(u, "unclosed '<' in", s);
                return;
            }
            size_t n = (size_t)(close - (s + i + 1));
            const char *name = s + i + 1;
            bool found = false;
            for (size_t k = 0; k < sizeof S_key_names / sizeof *S_key_names; k++) {
                if (strlen(S_key_names[k].name) == n && !memcmp(S_key_names[k].name, name, n)) {
                    S_push(u, S_key_names[k].key);
                    found = true;
                }
            }
            if (!found && n > 7 && !memcmp(name, "Resize ", 7)) {
                /* Sizes ride in the queue as two entries after the resize marker. */
                char *end;
                long w = strtol(name + 7, &end, 10), h = 0;
                if (*end == 'x')
                    h = strtol(end + 1, &end, 10);
                if (end == name + n && w > 0 && h > 0 && w <= 1000 && h <= 1000) {
                    S_push(u, UI_KEY_RESIZE);
                    S_push(u, (int)w);
                    S_push(u, (int)h);
                    found = true;
                }
            }
            if (!found) {
                char bad[64];
                snprintf(bad, sizeof bad, "%.*s", (int)(n < 60 ? n : 60), name);
                S_script_fail(u, "unknown key name", bad);
                return;
            }
            i += n + 2;
            continue;
        }
        uint32_t cp;
        i += vg_utf8_decode(s + i, len - i, &cp);
        S_push(u, (int)cp);
    }
}

static void S_dump(ui *u)
{
    if (!u->dump_name || !*u->dump_name) {
        S_script_fail(u, "VGREV_TEST_DUMP is needed by", ":dump");
        return;
    }
    FILE *f = fopen(u->dump_name, "a");
    if (!f) {
        if (u->fail.status == VG_OK)
            vg_error_set(&u->fail, VG_IO, u->dump_name, 0, 0, "%s", strerror(errno));
        return;
    }
    int cols = COLS;
    /* Room for a base and a few combining marks per cell. */
    wchar_t *row = calloc((size_t)cols * 2 + 1, sizeof *row);
    char *mb = malloc((size_t)cols * 2 * MB_CUR_MAX + 1);
    for (int y = 0; row && mb && y < LINES; y++) {
        /* Cell by cell; the cell after a wide character is its second half. */
        size_t n = 0;
        int skip = -1;
        for (int x = 0; x < cols; x++) {
            cchar_t cc;
            wchar_t wch[CCHARW_MAX + 1] = {0};
            attr_t attrs;
            short pair;
            if (x == skip)
                continue;
            if (mvwin_wch(stdscr, y, x, &cc) == ERR)
                break;
            getcchar(&cc, wch, &attrs, &pair, NULL);
            if (!wch[0])
                wch[0] = L' ';
            for (int k = 0; wch[k] && n < (size_t)cols * 2; k++)
                row[n++] = wch[k];
            if (wcwidth(wch[0]) == 2)
                skip = x + 1;
        }
        while (n > 0 && row[n - 1] == L' ')
            n--;
        row[n] = 0;
        size_t bytes = wcstombs(mb, row, (size_t)cols * 2 * MB_CUR_MAX);
        if (bytes != (size_t)-1)
            fwrite(mb, 1, bytes, f);
        fputc('\n', f);
    }
    fputs("-----\n", f);
    free(row);
    free(mb);
    if (fclose(f) != 0 && u->fail.status == VG_OK)
        vg_error_set(&u->fail, VG_IO, u->dump_name, 0, 0, "%s", strerror(errno));
}

static int S_read_script(ui *u, int timeout_ms)
{
    for (;;) {
        if (u->fail.status != VG_OK)
            return UI_KEY_QUIT;
        if (u->next_pending < u->npending) {
            int key = u->pending[u->next_pending++];
            if (key == UI_KEY_ESC)
                return S_escape(u); /* the keys after it on its line came with it */
            if (key == UI_KEY_RESIZE) {
                int w = u->pending[u->next_pending++];
                int h = u->pending[u->next_pending++];
                resizeterm(h, w);
            }
            return key;
        }
        u->npending = u->next_pending = 0;
        ssize_t n = getline(&u->line, &u->line_cap, u->script);
        if (n < 0)
            return UI_KEY_QUIT;
        u->script_line++;
        while (n > 0 && (u->line[n - 1] == '\n' || u->line[n - 1] == '\r'))
            u->line[--n] = '\0';
        if (n == 0 || u->line[0] == '#')
            continue;
        if (!strcmp(u->line, ":dump")) {
            S_dump(u);
            continue;
        }
        if (!strcmp(u->line, ":idle")) {
            if (timeout_ms != 0)
                continue; /* the screen has nothing to do */
            u->idle = true;
            return UI_KEY_NONE;
        }
        if (!strncmp(u->line, ":wait ", 6)) {
            char *end;
            long secs = strtol(u->line + 6, &end, 10);
            if (*end || secs < 0 || secs > 100L * 365 * 86400) {
                S_script_fail(u, "bad seconds for :wait:", u->line + 6);
                continue;
            }
            u->virtual_secs += secs;
            return UI_KEY_NONE;
        }
        if (u->line[0] == ':') {
            S_script_fail(u, "unknown script command", u->line);
            continue;
        }
        S_parse_keys(u, u->line, (size_t)n);
    }
}

int ui_read_key(ui *u, int timeout_ms)
{
    if (u->headless) {
        /* A tick the screen asked for comes before the next scripted key only through
         * ':wait'; otherwise time stands still. After ':idle', the ticks a screen asks for
         * at once (work it does between keys) come until it asks for none. */
        if (S_got_quit)
            return UI_KEY_QUIT; /* even while ticking (:idle) */
        if (u->idle && timeout_ms == 0)
            return UI_KEY_NONE;
        u->idle = false;
        return S_read_script(u, timeout_ms);
    }
    return S_read_terminal(u, timeout_ms);
}

const char *ui_curses_version(void)
{
    return curses_version();
}
