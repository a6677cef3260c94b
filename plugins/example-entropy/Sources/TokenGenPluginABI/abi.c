/* The ABI target is header-only; SwiftPM needs one source file. This checks the layout at compile time. */
#include "tokengen_plugin.h"
#include <stddef.h>

_Static_assert(sizeof(tokengen_plugin_v1) == 48, "tokengen_plugin_v1 must be 48 bytes");
_Static_assert(offsetof(tokengen_plugin_v1, draw) == 32, "draw must be at offset 32");
