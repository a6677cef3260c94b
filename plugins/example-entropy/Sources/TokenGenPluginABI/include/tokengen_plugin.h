/* The TokenGen plugin ABI, version 1 (see PluginKit's ExternalPluginABI.swift, which must agree).
 *
 * A plugin is a shared library exporting `tokengen_plugin_entry`, which returns a table that stays valid
 * while the library is loaded. Every field is 8 bytes wide, so the offsets are fixed: 0, 8, 16, 24, 32, 40.
 * TokenGen reads `api_version` first and refuses any other version. All calls come from one thread. */
#ifndef TOKENGEN_PLUGIN_H
#define TOKENGEN_PLUGIN_H

#include <stdint.h>

#define TOKENGEN_PLUGIN_API_VERSION 1
#define TOKENGEN_PLUGIN_ENTRY "tokengen_plugin_entry"

struct _cairo;

typedef struct tokengen_plugin_v1 {
    /* TOKENGEN_PLUGIN_API_VERSION. */
    uint64_t api_version;
    /* sizeof(tokengen_plugin_v1), 48. */
    uint64_t table_size;
    /* Creates the plugin's state; NULL on failure. */
    void *(*create)(void);
    /* Takes a snapshot as UTF-8 JSON (snake_case keys; see PluginSnapshotPayload). Returns 0, or non-zero
     * after writing a NUL-terminated message of at most `capacity` bytes into `message`. */
    int32_t (*update)(void *state, const char *json, uint64_t length, char *message, uint64_t capacity);
    /* Draws into `cr` (the app's cairo_t), filling width × height user units; dark != 0 for a dark theme.
     * Same return convention as update. */
    int32_t (*draw)(void *state, struct _cairo *cr, double width, double height, int32_t dark,
                    char *message, uint64_t capacity);
    /* Frees the state. */
    void (*destroy)(void *state);
} tokengen_plugin_v1;

#endif
