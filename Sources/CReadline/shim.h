// Shim over GNU readline (libreadline-dev, GPL-3.0-or-later).
#ifndef QKDTUTOR_CREADLINE_SHIM_H
#define QKDTUTOR_CREADLINE_SHIM_H
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

// readline's globals are mutable C state; mark them for Swift 6.
extern int rl_readline_version __attribute__((swift_attr("nonisolated(unsafe)")));
extern const char *rl_library_version __attribute__((swift_attr("nonisolated(unsafe)")));
extern int rl_change_environment __attribute__((swift_attr("nonisolated(unsafe)")));
extern int rl_catch_signals __attribute__((swift_attr("nonisolated(unsafe)")));
extern int rl_catch_sigwinch __attribute__((swift_attr("nonisolated(unsafe)")));
extern int rl_attempted_completion_over __attribute__((swift_attr("nonisolated(unsafe)")));
extern rl_completion_func_t *rl_attempted_completion_function __attribute__((swift_attr("nonisolated(unsafe)")));
extern const char *rl_readline_name __attribute__((swift_attr("nonisolated(unsafe)")));
extern char *rl_line_buffer __attribute__((swift_attr("nonisolated(unsafe)")));
extern int rl_point __attribute__((swift_attr("nonisolated(unsafe)")));
extern int rl_end __attribute__((swift_attr("nonisolated(unsafe)")));
extern int history_length __attribute__((swift_attr("nonisolated(unsafe)")));
extern FILE *rl_outstream __attribute__((swift_attr("nonisolated(unsafe)")));
extern FILE *rl_instream __attribute__((swift_attr("nonisolated(unsafe)")));
extern int rl_done __attribute__((swift_attr("nonisolated(unsafe)")));
extern int rl_completion_append_character __attribute__((swift_attr("nonisolated(unsafe)")));
extern const char *rl_completer_word_break_characters __attribute__((swift_attr("nonisolated(unsafe)")));
extern rl_hook_func_t *rl_signal_event_hook __attribute__((swift_attr("nonisolated(unsafe)")));
extern int history_base __attribute__((swift_attr("nonisolated(unsafe)")));
extern int rl_erase_empty_line __attribute__((swift_attr("nonisolated(unsafe)")));
// The callback interface, for readline inside a curses screen (Studio).
extern rl_getc_func_t *rl_getc_function __attribute__((swift_attr("nonisolated(unsafe)")));
extern rl_hook_func_t *rl_input_available_hook __attribute__((swift_attr("nonisolated(unsafe)")));
extern rl_voidfunc_t *rl_redisplay_function __attribute__((swift_attr("nonisolated(unsafe)")));
extern rl_vintfunc_t *rl_prep_term_function __attribute__((swift_attr("nonisolated(unsafe)")));
extern rl_voidfunc_t *rl_deprep_term_function __attribute__((swift_attr("nonisolated(unsafe)")));
extern rl_compdisp_func_t *rl_completion_display_matches_hook __attribute__((swift_attr("nonisolated(unsafe)")));
extern char *rl_display_prompt __attribute__((swift_attr("nonisolated(unsafe)")));
#endif
