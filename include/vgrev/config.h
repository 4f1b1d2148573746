/* The user's settings: config.yaml (DESIGN §1, §4; docs/configuration.md describes the file).
 *
 *   scheduler: fsrs            # or sm2
 *   new_per_day: 20
 *   reviews_per_day: 200
 *   desired_retention: 0.9
 *   learning_steps: [1m, 10m]  # or "1m 10m"
 *   relearning_steps: [10m]
 *   maximum_interval: 36500    # days
 *   fuzz: true
 *   fsrs_params: [0.212, 1.2931, ...]    # 21 numbers, w0 to w20 (`vgrev optimize --save`;
 *                                        # the older name fsrs_weights is read too)
 *   keys: {again: "&", good: "\""}     # an action of the terminal screens: its key
 *
 * vg_config_parse reads the file's bytes (the caller reads the file: no file system here) into a
 * vg_config. Every key is optional; an empty file, or one with only comments, gives the
 * defaults. Every problem is an error at file:line:col (1-based lines, byte columns): malformed
 * YAML, invalid UTF-8, a top level that is not a mapping, an unknown key (the message lists the
 * known ones), a duplicate key, a value of the wrong type or out of range.
 *
 * A vg_config is a value: no allocation, nothing to free. It remembers which keys the file set;
 * the vg_config_apply_* functions copy only those onto parameters the caller filled with the
 * defaults, so options given on the command line afterwards override the file. */
#ifndef VGREV_CONFIG_H
#define VGREV_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "vgrev/buf.h"
#include "vgrev/error.h"
#include "vgrev/sched.h"
#include "vgrev/session.h"

/* The keys, in the order the messages list them. */
#define VG_CONFIG_KEYS(X)                                                                          \
    X(SCHEDULER, "scheduler")                                                                      \
    X(NEW_PER_DAY, "new_per_day")                                                                  \
    X(REVIEWS_PER_DAY, "reviews_per_day")                                                          \
    X(DAY_STARTS_AT, "day_starts_at")                                                              \
    X(LEARN_AHEAD_MINUTES, "learn_ahead_minutes")                                                  \
    X(LEECH_THRESHOLD, "leech_threshold")                                                          \
    X(LEECH_ACTION, "leech_action")                                                                \
    X(BURY_SIBLINGS, "bury_siblings")                                                              \
    X(DESIRED_RETENTION, "desired_retention")                                                      \
    X(LEARNING_STEPS, "learning_steps")                                                            \
    X(RELEARNING_STEPS, "relearning_steps")                                                        \
    X(MAXIMUM_INTERVAL, "maximum_interval")                                                        \
    X(FUZZ, "fuzz")                                                                                \
    X(FSRS_PARAMS, "fsrs_params")                                                                  \
    X(FSRS_WEIGHTS, "fsrs_weights")                                                                \
    X(KEYS, "keys")

typedef enum vg_config_key {
#define VG_CONFIG_KEY_ENUM(name, text) VG_CONFIG_##name,
    VG_CONFIG_KEYS(VG_CONFIG_KEY_ENUM)
#undef VG_CONFIG_KEY_ENUM
        VG_CONFIG_NKEYS
} vg_config_key;

enum {
    VG_CONFIG_MAX_PER_DAY = 1000000, /* the largest new_per_day and reviews_per_day */
    VG_CONFIG_MAX_WARNINGS = 4
};

/* The usual range of desired_retention; values in (0, 1) outside it are accepted with a
 * warning (a typo like 0.09 for 0.9 would otherwise go unnoticed for months). */
#define VG_CONFIG_RETENTION_LOW 0.7
#define VG_CONFIG_RETENTION_HIGH 0.99

/* One entry of `keys:` (action: key), as written: the terminal screens know the actions and
 * the key names and judge them (src/ui/keys.h), at the places kept here (1-based). */
enum { VG_CONFIG_MAX_KEYS = 64, VG_CONFIG_KEY_TEXT = 32 };
typedef struct vg_config_keybind {
    char action[VG_CONFIG_KEY_TEXT], key[VG_CONFIG_KEY_TEXT];
    unsigned action_line, action_col, key_line, key_col;
} vg_config_keybind;

typedef struct vg_config {
    unsigned set; /* (1u << key) for every key the file gave */
    /* The file's scheduler settings over vg_sched_params_default (kind, weights, retention,
     * maximum interval, steps, fuzz); the fields of keys not in `set` keep the defaults. */
    vg_sched_params sched;
    unsigned new_per_day;         /* default 20 */
    unsigned reviews_per_day;     /* default 200 */
    unsigned day_starts_at;       /* the hour a study day starts, 0..23; default 4 */
    unsigned learn_ahead_minutes; /* default 20 */
    unsigned leech_threshold;     /* lapses that make a leech; 0: never; default 8 */
    bool leech_tag;               /* leech_action: tag (only marked), not suspend (default) */
    bool bury_siblings;           /* default true */
    /* keys: the actions remapped, in the file's order. */
    vg_config_keybind keys[VG_CONFIG_MAX_KEYS];
    size_t nkeys;
    /* Values accepted but doubtful (each with its place in the file), for the caller to show. */
    vg_error warnings[VG_CONFIG_MAX_WARNINGS];
    size_t nwarnings;
} vg_config;

/* The defaults: nothing set. */
void vg_config_init(vg_config *c);

/* Parses config.yaml's text data[0..len) (need not be NUL-terminated); `file` names it in
 * errors and warnings. On error *c holds the defaults and err says what and where. */
vg_status vg_config_parse(const char *data, size_t len, const char *file, vg_config *c,
                          vg_error *err);

/* Whether the file set a key. */
bool vg_config_has(const vg_config *c, vg_config_key key);

/* The key's name as written in the file ("new_per_day"); static storage. */
const char *vg_config_key_name(vg_config_key key);

/* Copies the scheduler settings the file gave onto p (filled by the caller, usually with
 * vg_sched_params_default); the others stay as they were. */
void vg_config_apply_sched(const vg_config *c, vg_sched_params *p);

/* Copies the daily limits, the day start, learn ahead and the leech threshold the file gave
 * onto o (filled by vg_session_opts_default). */
void vg_config_apply_session(const vg_config *c, vg_session_opts *o);

/* Rewrites the configuration text data[0..len) (which must parse: `file` names it in errors)
 * into out with the settings in `keys` (a bit 1u << key each; fsrs_params, desired_retention)
 * taken from values->sched, each preceded by the comment line `# ` note: in place of the file's
 * line(s) for the key (fsrs_params also replaces fsrs_weights) and of the comment a save wrote
 * just above ("# vgrev COMMAND, ..."), else at the end. The weights are written with 4 decimals,
 * the retention with up to 4. Every other byte stays as it was; a layout where that cannot be done
 * is an error. */
vg_status vg_config_set(const char *data, size_t len, const char *file, const vg_config *values,
                        unsigned keys, const char *note, vg_buf *out, vg_error *err);

/* Appends w as 21 numbers with 4 decimals separated by ", " (no locale). */
void vg_config_format_weights(const double w[VG_FSRS_NWEIGHTS], vg_buf *out);

/* Parses one duration: a whole number and a unit, s, m, h or d ("30s", "10m", "1h", "1d"),
 * into seconds. False when s[0..len) is not one or is 0 or more than VG_SCHED_MAX_IVL days. */
bool vg_config_duration(const char *s, size_t len, int64_t *seconds);

#endif
