// Shim over Debian's wide-character ncurses (libncurses-dev).
// NCURSES_WIDECHAR exposes cchar_t, wget_wch and friends: SwiftPM drops the
// -D_XOPEN_SOURCE that ncursesw.pc carries.
#ifndef QKDTUTOR_CNCURSES_SHIM_H
#define QKDTUTOR_CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Attribute macros are invisible to Swift.
static inline attr_t qkd_attr_bold(void) { return A_BOLD; }
static inline attr_t qkd_attr_reverse(void) { return A_REVERSE; }
static inline attr_t qkd_attr_dim(void) { return A_DIM; }
static inline attr_t qkd_attr_underline(void) { return A_UNDERLINE; }
static inline const char *qkd_curses_version(void) { return curses_version(); }

// Mutable C globals, marked so Swift 6 strict concurrency accepts them.
extern WINDOW *stdscr __attribute__((swift_attr("nonisolated(unsafe)")));
extern int LINES __attribute__((swift_attr("nonisolated(unsafe)")));
extern int COLS __attribute__((swift_attr("nonisolated(unsafe)")));
extern int COLORS __attribute__((swift_attr("nonisolated(unsafe)")));

extern int ESCDELAY __attribute__((swift_attr("nonisolated(unsafe)")));

static inline attr_t qkd_attr_normal(void) { return A_NORMAL; }
// KEY_F(n) is a macro.
static inline int qkd_key_f(int n) { return KEY_F(n); }

int wcwidth(wchar_t c);
#endif
