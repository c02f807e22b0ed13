/*
** lantern.c — the lantern executable: command line, script runner and the
** interactive prompt.
**
** The shape is Lua 5.4's own lua.c.  Arguments are scanned once
** (collectargs), then run in order: -e and -l as they come, then the script
** with `arg` set as lua.c sets it (arg[0] the script, arg[1..] its
** arguments, negative indices the interpreter and its options), then the
** prompt when -i was given or when there is no script and stdin is a
** terminal.  A script read from a pipe runs without a prompt.  Every chunk
** runs under docall: a message handler adds the traceback, and an error
** makes the exit status 1.
**
** Interrupts.  The SIGINT handler does two async-signal-safe things, as
** lua.c's laction does: it sets the kernels' cancel flag (lt_cancel; long C
** loops poll it and fail with LT_ECANCEL, which the bindings raise as
** "interrupted!") and it sets a count hook that raises "interrupted!" at
** the next Lua instruction.  Unlike lua.c's, the hook stays armed until the
** statement returns to the prompt, so a pcall inside the user's training
** loop cannot swallow the interrupt; docall clears flag and hook before and
** after every statement.  Three Ctrl-C within one statement end the
** process, the way out of something that polls nothing.  A Ctrl-C while no
** statement runs (at the prompt, or between two) only writes a byte to a
** self-pipe that the line editor waits on beside stdin: the line is
** cleared, no Ctrl-C is lost in a race with the editor, and no hook ever
** fires in unprotected code.
**
** The prompt.  The line editor sits behind read_line/save_line (GNU
** readline through its callback interface when built with it, so that the
** wait is ours and a Ctrl-C can abandon a line cleanly; getline otherwise).  A chunk is tried
** first as `return <chunk>` (so expressions print their values), then as a
** statement; while either form fails only because input ended ("<eof>" in
** the syntax error), another line is read with the continuation prompt.
** What is printed, completion, help and `:` commands are written in Lua
** (repl/init.lua, loaded only for the prompt, so scripts start faster).
*/
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "lantern.h"

#ifdef LANTERN_READLINE
#include <readline/history.h>
#include <readline/readline.h>
#endif

#ifndef LANTERN_VERSION
#define LANTERN_VERSION "0.0"
#endif

#define PROMPT "> "
#define PROMPT2 ">> "
#define EOFMARK "<eof>"
#define HISTSIZE_DEFAULT 1000

int luaopen_libtorch(lua_State *L);

static const char *progname = "lantern";
static lua_State *globalL = NULL;
static int repl_ref = LUA_NOREF;   /* registry ref of the Lua half (repl/init.lua) */

/* ------------------------------------------------------------- interrupts */
/* Where the main thread is: running Lua under docall, or not (waiting in
** the line editor, compiling, printing an error).  Only `in_call` lets the
** handler arm the hook, so the hook never fires in unprotected code; a
** Ctrl-C anywhere else writes a byte to wake_fd, which the line editor
** waits on beside stdin: the byte persists, so no Ctrl-C is lost in a race
** with the editor, and the next (or current) input line is cleared. */
static volatile sig_atomic_t in_call = 0;
static volatile sig_atomic_t interrupts = 0;   /* Ctrl-C seen in this statement */
static int wake_fd[2] = { -1, -1 };            /* the self-pipe: [0] read, [1] write */
static pthread_t main_thread;

/* Sticky: raises at every Lua instruction until docall disarms it.  Level
** 0 is the interrupted function (a hook has no frame of its own), so the
** message has the same "stdin:1: " prefix as a kernel's interrupt. */
static void lstop(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    luaL_where(L, 0);
    lua_pushliteral(L, "interrupted!");
    lua_concat(L, 2);
    lua_error(L);
}

static void on_sigint(int sig)
{
    (void)sig;
    if (!in_call) {
        if (wake_fd[1] >= 0) {
            char c = 'i';
            ssize_t w = write(wake_fd[1], &c, 1);   /* non-blocking; full is fine */
            (void)w;
        }
        return;
    }
    /* a process-directed signal may land on an OpenMP or OpenBLAS worker:
    ** the hook belongs to the main thread's context, so pass it on */
    if (!pthread_equal(pthread_self(), main_thread)) {
        pthread_kill(main_thread, SIGINT);
        return;
    }
    if (++interrupts >= 3) {
        static const char msg[] = "\nlantern: interrupted three times, exiting\n";
        ssize_t w = write(2, msg, sizeof msg - 1);
        (void)w;
        _exit(130);
    }
    lt_cancel();
    lua_sethook(globalL, lstop, LUA_MASKCOUNT, 1);
}

/* After Ctrl-Z and fg the shell has put the terminal back in its own mode:
** the line editor is told through the self-pipe to set it up again. */
static void on_sigcont(int sig)
{
    (void)sig;
    if (wake_fd[1] >= 0) {
        char c = 'c';
        ssize_t w = write(wake_fd[1], &c, 1);
        (void)w;
    }
}

static void install_sigint(void)
{
    if (pipe(wake_fd) == 0) {
        for (int i = 0; i < 2; i++) {
            fcntl(wake_fd[i], F_SETFL, fcntl(wake_fd[i], F_GETFL) | O_NONBLOCK);
            fcntl(wake_fd[i], F_SETFD, FD_CLOEXEC);
        }
    } else {
        wake_fd[0] = wake_fd[1] = -1;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;   /* no SA_RESTART: a blocking read in Lua code returns, then the hook */
    sigaction(SIGINT, &sa, NULL);
    sa.sa_handler = on_sigcont;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGCONT, &sa, NULL);
}

static void (*on_resume)(void);   /* the line editor's answer to SIGCONT */

/* Drains the self-pipe; returns whether a Ctrl-C was waiting there (and
** lets the line editor recover from a stop first). */
static int take_wake(void)
{
    char buf[64];
    int intr = 0, cont = 0;
    ssize_t n;
    if (wake_fd[0] < 0) return 0;
    while ((n = read(wake_fd[0], buf, sizeof buf)) > 0)
        for (ssize_t i = 0; i < n; i++) {
            if (buf[i] == 'i') intr = 1;
            else if (buf[i] == 'c') cont = 1;
        }
    if (cont && on_resume) on_resume();
    return intr;
}

/* Waits until stdin is readable (1), a Ctrl-C arrived (0), or stdin
** cannot be waited on (-1: closed or broken, taken as end of input). */
static int wait_input(void)
{
    for (;;) {
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(STDIN_FILENO, &fds);
        int nfd = STDIN_FILENO + 1;
        if (wake_fd[0] >= 0) {
            FD_SET(wake_fd[0], &fds);
            if (wake_fd[0] + 1 > nfd) nfd = wake_fd[0] + 1;
        }
        int r = select(nfd, &fds, NULL, NULL, NULL);
        if (r < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        /* drained whatever select saw: a SIGINT delivered on the way out of
        ** select has written its byte by now, and wins over the input */
        if (take_wake()) return 0;
        if (FD_ISSET(STDIN_FILENO, &fds)) return 1;
    }
}

static void disarm(lua_State *L)
{
    lua_sethook(L, NULL, 0, 0);
    lt_cancel_clear();
    interrupts = 0;
}

/* --------------------------------------------------------------- running */
static void l_message(const char *pname, const char *msg)
{
    fflush(stdout);   /* what was printed before the error comes before it */
    if (pname) fprintf(stderr, "%s: ", pname);
    fprintf(stderr, "%s\n", msg);
    fflush(stderr);
}

/* Prints the error on top of the stack (if any) and pops it. */
static int report(lua_State *L, int status)
{
    if (status != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        l_message(progname, msg ? msg : "(error object is not a string)");
        lua_pop(L, 1);
    }
    return status;
}

static int msghandler(lua_State *L)
{
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
        msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

/* lua_pcall with the traceback handler, and the interrupt state reset on
** both sides so that an old Ctrl-C never hits the next statement. */
static int docall(lua_State *L, int narg, int nres)
{
    int base = lua_gettop(L) - narg;
    lua_pushcfunction(L, msghandler);
    lua_insert(L, base);
    disarm(L);
    in_call = 1;
    int status = lua_pcall(L, narg, nres, base);
    in_call = 0;
    disarm(L);
    lua_remove(L, base);
    return status;
}

static int dochunk(lua_State *L, int status)
{
    if (status == LUA_OK) status = docall(L, 0, 0);
    return report(L, status);
}

static int dostring(lua_State *L, const char *s, const char *name)
{
    return dochunk(L, luaL_loadbuffer(L, s, strlen(s), name));
}

/* -l [g=]mod: require mod and set global g (mod's name by default). */
static int dolibrary(lua_State *L, char *spec)
{
    char *eq = strchr(spec, '=');
    const char *mod = eq ? eq + 1 : spec;
    lua_getglobal(L, "require");
    lua_pushstring(L, mod);
    int status = docall(L, 1, 1);
    if (status == LUA_OK) {
        if (eq) *eq = '\0';
        lua_setglobal(L, spec);   /* the global is named after the whole name, as lua.c */
    }
    return report(L, status);
}

static int pushargs(lua_State *L)
{
    if (lua_getglobal(L, "arg") != LUA_TTABLE) luaL_error(L, "'arg' is not a table");
    int n = (int)luaL_len(L, -1);
    luaL_checkstack(L, n + 3, "too many arguments to script");
    int i;
    for (i = 1; i <= n; i++) lua_rawgeti(L, -i, i);
    lua_remove(L, -i);
    return n;
}

static int handle_script(lua_State *L, char **argv)
{
    const char *fname = argv[0];
    if (strcmp(fname, "-") == 0 && strcmp(argv[-1], "--") != 0) fname = NULL;   /* stdin */
    int status = luaL_loadfile(L, fname);
    if (status == LUA_OK) {
        int n = pushargs(L);
        status = docall(L, n, LUA_MULTRET);
    }
    return report(L, status);
}

/* arg as lua.c builds it: arg[0] the script, negative indices before it. */
static void createargtable(lua_State *L, char **argv, int argc, int script)
{
    if (script == argc) script = 0;   /* no script: arg[0] is the interpreter */
    int narg = argc - (script + 1);
    lua_createtable(L, narg, script + 1);
    for (int i = 0; i < argc; i++) {
        lua_pushstring(L, argv[i]);
        lua_rawseti(L, -2, i - script);
    }
    lua_setglobal(L, "arg");
}

/* ------------------------------------------------------------- arguments */
#define has_error 1   /* bad option */
#define has_i 2       /* -i */
#define has_v 4       /* -v */
#define has_e 8       /* -e */
#define has_h 16      /* -h */

static void print_usage(const char *badoption)
{
    if (badoption) {
        fprintf(stderr, "%s: ", progname);
        if (badoption[1] == 'e' || badoption[1] == 'l')
            fprintf(stderr, "'%s' needs argument\n", badoption);
        else
            fprintf(stderr, "unrecognized option '%s'\n", badoption);
    }
    fprintf(badoption ? stderr : stdout,
            "usage: %s [options] [script [args]]\n"
            "Available options are:\n"
            "  -e stmt   execute string 'stmt'\n"
            "  -i        enter the interactive prompt after running the script\n"
            "  -l mod    require library 'mod' into global 'mod'\n"
            "  -l g=mod  require library 'mod' into global 'g'\n"
            "  -v        show version information\n"
            "  -h        show this help\n"
            "  --        stop handling options\n"
            "  -         stop handling options and execute stdin\n"
            "With no script and a terminal on stdin, the interactive prompt starts\n"
            "(type ? there for help); a script on a pipe runs without one:\n"
            "  echo 'print(torch.rand(2))' | %s\n"
            "Environment: LANTERN_HISTORY (history file, default ~/.lantern_history;\n"
            "empty: no history), LANTERN_HISTSIZE (default %d), LANTERN_RC (start-up\n"
            "file, default ~/.lanternrc; empty: none), NO_COLOR (no colours).\n",
            progname, progname, HISTSIZE_DEFAULT);
    fflush(badoption ? stderr : stdout);
}

static void print_version(void)
{
    printf("Lantern %s (%s)\n", LANTERN_VERSION, LUA_RELEASE);
    fflush(stdout);
}

/* Returns the flags above; *first is the index of the script (argc if
** none).  -e and -l arguments are checked here, run later in order. */
static int collectargs(char **argv, int *first)
{
    int args = 0, i;
    if (argv[0] == NULL) {
        *first = -1;
        return 0;
    }
    for (i = 1; argv[i] != NULL; i++) {
        *first = i;
        if (argv[i][0] != '-') return args;   /* not an option: the script */
        switch (argv[i][1]) {
        case '-':                               /* '--' */
            if (argv[i][2] != '\0') return has_error;
            *first = i + 1;
            return args;
        case '\0':                              /* '-': stdin as the script */
            return args;
        case 'i':
            if (argv[i][2] != '\0') return has_error;
            args |= has_i | has_v;
            break;
        case 'v':
            if (argv[i][2] != '\0') return has_error;
            args |= has_v;
            break;
        case 'h':
            if (argv[i][2] != '\0') return has_error;
            args |= has_h;
            break;
        case 'e':
            args |= has_e;
            /* fall through */
        case 'l':
            if (argv[i][2] == '\0') {
                i++;
                if (argv[i] == NULL || argv[i][0] == '-') return has_error;
            }
            break;
        default:
            return has_error;
        }
    }
    *first = i;
    return args;
}

static int runargs(lua_State *L, char **argv, int n)
{
    for (int i = 1; i < n; i++) {
        int option = argv[i][1];
        if (option != 'e' && option != 'l') continue;
        char *extra = argv[i] + 2;
        if (*extra == '\0') extra = argv[++i];
        int status = option == 'e' ? dostring(L, extra, "=(command line)")
                                   : dolibrary(L, extra);
        if (status != LUA_OK) return 0;
    }
    return 1;
}

/* ------------------------------------------------------------ line editor */
#ifdef LANTERN_READLINE
static char *rl_line;
static int rl_got_line;

static void resume_editor(void)
{
    rl_deprep_terminal();
    rl_prep_terminal(1);
    rl_forced_update_display();
}

static void on_line(char *line)
{
    rl_line = line;
    rl_got_line = 1;
    rl_callback_handler_remove();
}

/* One line through readline's callback interface, so that the wait is
** ours (wait_input): a Ctrl-C wakes it through the self-pipe and abandons
** the line.  Returns the line (malloc'd), NULL at end of input; *intr says
** Ctrl-C. */
static char *read_line(const char *prompt, int *intr)
{
    *intr = 0;
    rl_line = NULL;
    rl_got_line = 0;
    on_resume = resume_editor;
    rl_callback_handler_install(prompt, on_line);
    while (!rl_got_line) {
        int w = wait_input();
        if (w < 0) {
            rl_callback_handler_remove();
            break;                            /* as end of input */
        }
        if (w == 0) {
            rl_free_line_state();
            rl_callback_sigcleanup();
            rl_cleanup_after_signal();
            rl_callback_handler_remove();
            fputc('\n', stdout);
            fflush(stdout);
            *intr = 1;
            break;
        }
        rl_callback_read_char();
    }
    on_resume = NULL;
    return rl_line;
}
#else
/* Without readline: a terminal in canonical mode makes stdin readable only
** with a whole line (a Ctrl-C discards the partial one); getline keeps a
** line of any length as one line. */
static char *read_line(const char *prompt, int *intr)
{
    char *buf = NULL;
    size_t cap = 0;
    *intr = 0;
    fputs(prompt, stdout);
    fflush(stdout);
    int w = wait_input();
    if (w < 0) return NULL;
    if (w == 0) {
        fputc('\n', stdout);
        *intr = 1;
        return NULL;
    }
    ssize_t l = getline(&buf, &cap, stdin);
    if (l < 0) {
        free(buf);
        if (ferror(stdin) && errno == EINTR) {
            clearerr(stdin);
            fputc('\n', stdout);
            *intr = 1;
        }
        return NULL;
    }
    if (l > 0 && buf[l - 1] == '\n') buf[--l] = '\0';
    return buf;
}
#endif

/* ---------------------------------------------------------------- history */
#ifdef LANTERN_READLINE
static char histfile[PATH_MAX];
static int histsize = HISTSIZE_DEFAULT;

static void history_open(void)
{
    const char *h = getenv("LANTERN_HISTORY");
    const char *home = getenv("HOME");
    const char *n = getenv("LANTERN_HISTSIZE");
    if (n && atoi(n) > 0) histsize = atoi(n);
    if (h) snprintf(histfile, sizeof histfile, "%s", h);   /* LANTERN_HISTORY= : none */
    else if (home && *home) snprintf(histfile, sizeof histfile, "%s/.lantern_history", home);
    else histfile[0] = '\0';
    using_history();
    stifle_history(histsize);
    if (!isatty(STDIN_FILENO)) histfile[0] = '\0';   /* piped input is not history */
    if (histfile[0]) read_history(histfile);   /* absent on the first run: fine */
}

/* Each entry is written when it is entered, so a crash loses nothing. */
static void save_entry(const char *chunk)
{
    if (!chunk[0]) return;
    HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
    if (last && strcmp(last->line, chunk) == 0) return;   /* no consecutive duplicates */
    add_history(chunk);
    if (!histfile[0]) return;
    FILE *f = fopen(histfile, "a");
    if (!f) return;
    fclose(f);
    if (append_history(1, histfile) == 0) history_truncate_file(histfile, histsize);
}

static void save_line(const char *text)
{
    if (!text[0]) return;
    /* A multi-line chunk becomes one entry; its newlines become blanks
    ** unless a comment or long string needs them (then the file gets one
    ** line per line, and recalling it recalls the lines one by one). */
    char *chunk = strdup(text);
    if (!chunk) return;
    if (!strstr(chunk, "--") && !strstr(chunk, "[[") && !strstr(chunk, "[="))
        for (char *p = chunk; *p; p++)
            if (*p == '\n') *p = ' ';
    save_entry(chunk);
    free(chunk);
}
#else
static void history_open(void) {}
static void save_line(const char *chunk) { (void)chunk; }
#endif

/* ------------------------------------------------------------ completion */
#ifdef LANTERN_READLINE
static char **cands;   /* the candidates of the current completion */
static int ncands, nextcand;

static void free_cands(void)
{
    for (int i = 0; i < ncands; i++) free(cands[i]);
    free(cands);
    cands = NULL;
    ncands = nextcand = 0;
}

/* Asks the Lua half for the candidates of `text` (repl.complete). */
static int l_getcands(lua_State *L)
{
    const char *text = lua_tostring(L, 1);
    lua_rawgeti(L, LUA_REGISTRYINDEX, repl_ref);
    lua_getfield(L, -1, "complete");
    lua_pushstring(L, text);
    lua_call(L, 1, 1);
    if (!lua_istable(L, -1)) return 0;
    int n = (int)luaL_len(L, -1);
    cands = calloc(n > 0 ? (size_t)n : 1, sizeof *cands);
    for (int i = 1; cands && i <= n; i++) {
        lua_rawgeti(L, -1, i);
        const char *s = lua_tostring(L, -1);
        if (s) cands[ncands++] = strdup(s);
        lua_pop(L, 1);
    }
    return 0;
}

static char *lua_generator(const char *text, int state)
{
    if (state == 0) {
        free_cands();
        lua_State *L = globalL;
        /* completion runs Lua (__index functions, a lazy require): a Ctrl-C
        ** meanwhile interrupts it like any statement, and leaves the line */
        lua_pushcfunction(L, l_getcands);
        lua_pushstring(L, text);
        disarm(L);
        in_call = 1;
        if (lua_pcall(L, 1, 0, 0) != LUA_OK) lua_pop(L, 1);   /* no candidates then */
        in_call = 0;
        disarm(L);
    }
    if (nextcand < ncands) return strdup(cands[nextcand++]);
    return NULL;
}

/* Inside an open string literal (counting quotes left of the word)?
** Then the word is a file name. */
static int in_string(int start)
{
    char q = 0;
    for (int i = 0; i < start && rl_line_buffer[i]; i++) {
        char c = rl_line_buffer[i];
        if (q) {
            if (c == '\\') i++;
            else if (c == q) q = 0;
        } else if (c == '"' || c == '\'') {
            q = c;
        }
    }
    return q != 0;
}

/* The list of candidates shows what follows the last '.' or ':' (narrow,
** not x:narrow), as file names show without their directory. */
static void display_matches(char **matches, int n, int maxlen)
{
    (void)maxlen;
    const char *first = matches[1] ? matches[1] : matches[0];
    size_t cut = 0;
    for (size_t i = 0; first[i]; i++)
        if (first[i] == '.' || first[i] == ':') cut = i + 1;
    char **shown = malloc(sizeof *shown * (size_t)(n + 2));
    if (!shown) return;
    int longest = 0;
    for (int i = 0; i <= n; i++) {
        shown[i] = strlen(matches[i]) >= cut ? matches[i] + cut : matches[i];
        if (i > 0 && (int)strlen(shown[i]) > longest) longest = (int)strlen(shown[i]);
    }
    shown[n + 1] = NULL;
    rl_display_match_list(shown, n, longest);
    rl_forced_update_display();
    free(shown);
}

static char **complete(const char *text, int start, int end)
{
    (void)end;
    rl_attempted_completion_over = 1;   /* never readline's default file names */
    if (in_string(start)) {
        rl_completion_display_matches_hook = NULL;
        return rl_completion_matches(text, rl_filename_completion_function);
    }
    rl_completion_display_matches_hook = display_matches;
    rl_completion_append_character = '\0';
    if (repl_ref == LUA_NOREF) return NULL;
    return rl_completion_matches(text, lua_generator);
}

/* Inside a string the word is a file name: only quotes and blanks end it. */
static char *word_breaks(void)
{
    static char lua_breaks[] = " \t\n\"\\'><=;+-*/%^~#{}()[],&|";
    static char file_breaks[] = " \t\n\"'";
    return in_string(rl_point) ? file_breaks : lua_breaks;
}

static void editor_init(void)
{
    rl_readline_name = "lantern";
    rl_catch_signals = 0;   /* our handler; see read_line */
    rl_basic_word_break_characters = " \t\n\"\\'><=;+-*/%^~#{}()[],&|";
    rl_completer_word_break_characters = rl_basic_word_break_characters;
    rl_completion_word_break_hook = word_breaks;
    rl_attempted_completion_function = complete;
    history_open();
}
#else
static void editor_init(void) { history_open(); }
#endif

/* ----------------------------------------------------------- the prompt */
static int l_tostring(lua_State *L)
{
    luaL_tolstring(L, 1, NULL);
    return 1;
}

/* _PROMPT / _PROMPT2 as lua.c has them, copied: the value may be anything
** with a tostring, and must outlive the Lua string. */
static const char *get_prompt(lua_State *L, int firstline)
{
    static char buf[256];
    /* raw: no __index of the globals runs outside docall */
    lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    lua_pushstring(L, firstline ? "_PROMPT" : "_PROMPT2");
    int t = lua_rawget(L, -2);
    lua_remove(L, -2);
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return firstline ? PROMPT : PROMPT2;
    }
    lua_pushcfunction(L, l_tostring);
    lua_insert(L, -2);
    if (docall(L, 1, 1) == LUA_OK && lua_type(L, -1) == LUA_TSTRING)
        snprintf(buf, sizeof buf, "%s", lua_tostring(L, -1));
    else
        snprintf(buf, sizeof buf, "%s", firstline ? PROMPT : PROMPT2);
    lua_pop(L, 1);
    return buf;
}

/* Reads one line and pushes it.  Returns 1, 0 at end of input, -1 when
** Ctrl-C abandoned the line. */
static int pushline(lua_State *L, int firstline)
{
    int intr;
    const char *prompt = get_prompt(L, firstline);
    char *b = read_line(prompt, &intr);
    if (intr) return -1;
    if (b == NULL) return 0;
    lua_pushstring(L, b);
    free(b);
    return 1;
}

static int incomplete(lua_State *L, int status)
{
    if (status == LUA_ERRSYNTAX) {
        size_t lmsg;
        const char *msg = lua_tolstring(L, -1, &lmsg);
        size_t lmark = sizeof EOFMARK - 1;
        if (lmsg >= lmark && strcmp(msg + lmsg - lmark, EOFMARK) == 0) return 1;
    }
    return 0;
}

/* Compiles the chunk on top (leaving it there): pushes the function and
** returns LUA_OK, or pushes the error.  *isexpr says the `return` form
** compiled; *more says input ended inside the chunk.  A trailing ';' is
** dropped from the `return` form: it only asks for no printing. */
static int compile(lua_State *L, int *isexpr, int *more, int *quiet)
{
    size_t len;
    const char *chunk = lua_tolstring(L, -1, &len);
    size_t n = len;
    while (n > 0 && (chunk[n - 1] == ' ' || chunk[n - 1] == '\t' || chunk[n - 1] == '\n')) n--;
    *quiet = n > 0 && chunk[n - 1] == ';';
    if (*quiet) n--;
    size_t skip = 0;                          /* Lua 5.1's `=expr` means `return expr` */
    while (skip < n && (chunk[skip] == ' ' || chunk[skip] == '\t')) skip++;
    if (skip < n && chunk[skip] == '=') skip++;
    else skip = 0;
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addstring(&b, "return ");
    luaL_addlstring(&b, chunk + skip, n - skip);
    luaL_pushresult(&b);
    size_t rl;
    const char *ret = lua_tolstring(L, -1, &rl);
    int st = luaL_loadbuffer(L, ret, rl, "=stdin");
    lua_remove(L, -2);                        /* the return form's text */
    *isexpr = st == LUA_OK;
    if (st == LUA_OK) { *more = 0; return LUA_OK; }
    int more_ret = incomplete(L, st);
    lua_pop(L, 1);
    chunk = lua_tolstring(L, -1, &len);
    st = luaL_loadbuffer(L, chunk, len, "=stdin");
    *more = st != LUA_OK && (more_ret || incomplete(L, st));
    return st;
}

static int call_repl(lua_State *L, const char *fn, int narg, int nres)
{
    lua_rawgeti(L, LUA_REGISTRYINDEX, repl_ref);
    lua_getfield(L, -1, fn);
    lua_remove(L, -2);
    lua_insert(L, -(narg + 1));
    return docall(L, narg, nres);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Reads, compiles and runs one chunk (maybe several lines).  Returns 0 at
** end of input. */
static int doreplstep(lua_State *L)
{
    lua_settop(L, 0);
    int r = pushline(L, 1);
    if (r <= 0) return r == -1 ? 1 : 0;   /* Ctrl-C: a fresh prompt */
    const char *line = lua_tostring(L, 1);
    const char *p = line;
    while (*p == ' ' || *p == '\t') p++;
    if (*p == '\0') return 1;
    if (*p == '?' || (p[0] == ':' && p[1] != ':')) {   /* ?name, :command */
        save_line(p);
        if (repl_ref == LUA_NOREF) {
            l_message(NULL, "help and commands are unavailable (repl/init.lua did not load)");
            return 1;
        }
        lua_pushstring(L, p);
        report(L, call_repl(L, "command", 1, 0));
        return 1;
    }
    int isexpr, more, quiet, st;
    for (;;) {
        st = compile(L, &isexpr, &more, &quiet);
        if (!more) break;
        lua_pop(L, 1);                        /* the <eof> error */
        r = pushline(L, 0);
        if (r == -1) return 1;                /* Ctrl-C drops the chunk */
        if (r == 0) {                         /* end of input inside it */
            st = compile(L, &isexpr, &more, &quiet);
            break;
        }
        lua_pushliteral(L, "\n");
        lua_insert(L, -2);
        lua_concat(L, 3);
    }
    save_line(lua_tostring(L, 1));
    lua_remove(L, 1);                         /* the chunk's text */
    if (st != LUA_OK) {
        report(L, st);
        return 1;
    }
    double t0 = now();
    st = docall(L, 0, LUA_MULTRET);
    double dt = now() - t0;
    if (st != LUA_OK) {
        report(L, st);
    } else if (!lua_checkstack(L, 8)) {
        l_message(NULL, "too many results to print");
    } else if (repl_ref != LUA_NOREF) {
        int n = lua_gettop(L);
        lua_pushboolean(L, !quiet);
        lua_pushnumber(L, dt);
        lua_rotate(L, 1, 2);                  /* show, seconds, results... */
        report(L, call_repl(L, "results", n + 2, 0));
    } else if (isexpr && !quiet && lua_gettop(L) > 0) {
        int n = lua_gettop(L);
        lua_getglobal(L, "print");
        lua_insert(L, 1);
        report(L, docall(L, n, 0));
    }
    return 1;
}

static void run_rcfile(lua_State *L)
{
    const char *rc = getenv("LANTERN_RC");
    char path[PATH_MAX];
    if (rc) {
        if (!*rc) return;                     /* LANTERN_RC= turns it off */
        snprintf(path, sizeof path, "%s", rc);
    } else {
        const char *home = getenv("HOME");
        if (!home || !*home) return;
        snprintf(path, sizeof path, "%s/.lanternrc", home);
        if (access(path, F_OK) != 0) return;  /* no rc file: nothing to say */
    }
    int st = luaL_loadfile(L, path);
    if (st == LUA_OK) st = docall(L, 0, 0);
    if (st != LUA_OK) {
        fprintf(stderr, "lantern: error in start-up file %s (continuing):\n", path);
        report(L, st);
    }
}

static void doREPL(lua_State *L)
{
    const char *oldprogname = progname;
    progname = NULL;                          /* errors print without "lantern: " */
    lua_getglobal(L, "require");
    lua_pushliteral(L, "repl");
    if (docall(L, 1, 1) == LUA_OK) {
        lua_pushboolean(L, isatty(STDOUT_FILENO) && !getenv("NO_COLOR"));
        lua_setfield(L, -2, "color");
        repl_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    } else {
        l_message("lantern", "the prompt's Lua half (repl/init.lua) failed to load:");
        report(L, LUA_ERRRUN);
    }
    editor_init();
    run_rcfile(L);
    while (doreplstep(L)) {}
    lua_settop(L, 0);
    fputc('\n', stdout);
    fflush(stdout);
    progname = oldprogname;
}

/* ------------------------------------------------------------------ main */
/* package.path/cpath: the directory of the executable first, so the Lua
** half of torch beside build/lantern wins over anything installed. */
static void set_paths(lua_State *L)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    lua_getglobal(L, "package");
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            lua_getfield(L, -1, "path");
            lua_pushfstring(L, "%s/?.lua;%s/?/init.lua;%s", exe, exe, lua_tostring(L, -1));
            lua_setfield(L, -3, "path");
            lua_pop(L, 1);
        }
    }
    lua_getfield(L, -1, "preload");
    lua_pushcfunction(L, luaopen_libtorch);
    lua_setfield(L, -2, "libtorch");
    lua_pop(L, 2);
}

/* Packages loaded on first use of their global: `nn.Linear` at the prompt
** works without require 'nn'.  A missing nn, optim or gnuplot is a clear
** error when the global is used, not at start-up; the optional helpers
** (paths, xlua, image, dataset) are just nil when absent, so that Torch7
** code testing `if xlua then` keeps working. */
static const char lazy_globals[] =
    "local lazy = { nn = 'required', optim = 'required', gnuplot = 'required',\n"
    "               paths = 'optional', xlua = 'optional', image = 'optional',\n"
    "               dataset = 'optional' }\n"
    "local type, pcall, require, rawget, rawset, error, tostring, fmt, searchpath, package =\n"
    "      type, pcall, require, rawget, rawset, error, tostring, string.format,\n"
    "      package.searchpath, package\n"
    "local mt = getmetatable(_G) or {}\n"
    "local old = mt.__index\n"
    "mt.__index = function(g, k)\n"
    "  local kind = lazy[k]\n"
    "  if kind then\n"
    "    if kind == 'optional' and not searchpath(k, package.path)\n"
    "       and not searchpath(k, package.cpath) and not package.preload[k] then\n"
    "      return nil\n"
    "    end\n"
    "    lazy[k] = nil\n"
    "    local ok, m = pcall(require, k)\n"
    "    if not ok then\n"
    "      lazy[k] = kind\n"
    "      local why = tostring(m):match('^[^\\n]*'):gsub(':$', '')\n"
    "      error(fmt(\"package '%s' is not available (%s)\", k, why), 2)\n"
    "    end\n"
    "    if rawget(g, k) == nil then rawset(g, k, m) end\n"
    "    return rawget(g, k)\n"
    "  end\n"
    "  if type(old) == 'function' then return old(g, k) end\n"
    "  if type(old) == 'table' then return old[k] end\n"
    "end\n"
    "setmetatable(_G, mt)\n";

static int pmain(lua_State *L)
{
    int argc = (int)lua_tointeger(L, 1);
    char **argv = (char **)lua_touserdata(L, 2);
    int script;
    int args = collectargs(argv, &script);
    if (args == has_error) {
        print_usage(argv[script]);
        return 0;
    }
    if (args & has_h) {
        print_usage(NULL);
        lua_pushboolean(L, 1);
        return 1;
    }
    luaL_checkversion(L);
    luaL_openlibs(L);
    set_paths(L);
    createargtable(L, argv, argc, script);
    lua_gc(L, LUA_GCRESTART);
    /* no LUA_GCGEN as in lua.c: the torch module sets incremental mode
    ** (lualib/init.c says why) */
    lua_getglobal(L, "require");
    lua_pushliteral(L, "torch");
    if (docall(L, 1, 1) != LUA_OK) {
        report(L, LUA_ERRRUN);
        return 0;
    }
    lua_setglobal(L, "torch");
    if (dostring(L, lazy_globals, "=(lantern)") != LUA_OK) return 0;
    if (args & has_v) print_version();
    int ok = runargs(L, argv, script);
    if (ok && script < argc) ok = handle_script(L, argv + script) == LUA_OK;
    if (args & has_i) {
        /* as python -i: the prompt even after an error, to look around;
        ** the exit status still says the script failed */
        doREPL(L);
    } else if (!ok) {
        return 0;
    } else if (script == argc && !(args & (has_e | has_v))) {
        if (isatty(STDIN_FILENO)) {
            print_version();
            printf("Type ? for help, Ctrl-D to exit.\n");
            doREPL(L);
        } else if (dochunk(L, luaL_loadfile(L, NULL)) != LUA_OK) {
            return 0;
        }
    }
    lua_pushboolean(L, ok);
    return 1;
}

int main(int argc, char **argv)
{
    /* libgomp reads OMP_WAIT_POLICY once, as the process starts.  Its
    ** default spins after each parallel loop, and on a machine with few
    ** cores the spinning threads starve OpenBLAS's workers and each other:
    ** an MLP epoch at 2 threads on 2 cores took 13 s against 0.4 s with
    ** passive waiting.  So unless the user chose a policy, choose passive
    ** and run this program again (once: the variable is then set). */
    if (!getenv("OMP_WAIT_POLICY")) {
        setenv("OMP_WAIT_POLICY", "PASSIVE", 1);
        execv("/proc/self/exe", argv);      /* returns only on failure: go on */
    }
    /* a closed stdin/stdout/stderr would be taken by the self-pipe or a
    ** file the script opens: give them /dev/null (closed stdin reads as
    ** empty) */
    for (int fd = 0; fd <= 2; fd++)
        if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
            int n = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
            if (n >= 0 && n != fd) {
                dup2(n, fd);
                close(n);
            }
        }
    lua_State *L = luaL_newstate();
    if (L == NULL) {
        l_message(argv[0], "cannot create state: not enough memory");
        return EXIT_FAILURE;
    }
    globalL = L;
    main_thread = pthread_self();
    install_sigint();
    lua_gc(L, LUA_GCSTOP);   /* no collection while the libraries load */
    lua_pushcfunction(L, pmain);
    lua_pushinteger(L, argc);
    lua_pushlightuserdata(L, argv);
    int status = lua_pcall(L, 2, 1, 0);
    int result = lua_toboolean(L, -1);
    report(L, status);
    lua_close(L);
    return (result && status == LUA_OK) ? EXIT_SUCCESS : EXIT_FAILURE;
}
