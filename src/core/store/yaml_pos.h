/* Positions in YAML text for error messages, shared by the store's readers and the config.
 * libyaml marks lines and columns in characters (0-based); vgrev reports 1-based lines and byte
 * columns, like every other file:line:col it prints. Private to the core. */
#ifndef VG_YAML_POS_H
#define VG_YAML_POS_H

#include <stddef.h>

/* Byte offset in data[0..len) of a libyaml mark's 0-based line and character column. */
size_t vg_yaml_mark_offset(const char *data, size_t len, size_t line, size_t column);

/* 1-based line and byte column of the byte offset off in data[0..len). */
void vg_yaml_offset_pos(const char *data, size_t len, size_t off, unsigned *line, unsigned *col);

#endif
