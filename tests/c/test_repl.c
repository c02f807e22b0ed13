/*
** test_repl.c — drives the real build/lantern through a pseudo-terminal.
**
** Each session forks lantern on a pty (forkpty) with TERM=dumb, NO_COLOR,
** INPUTRC=/dev/null and HOME, LANTERN_HISTORY and LANTERN_RC pointing into
** a fresh temporary directory, so the user's own files are never read or
** written.  The test types lines (and TAB, Ctrl-C, Ctrl-D bytes) and waits
** for text to appear: expect() scans the output after the previous match,
** so each assertion sees only what came after the one before it.  Timings
** of Ctrl-C are measured from the byte sent to the next prompt and printed.
**
** lantern is found beside this binary: build/tests/test_repl ->
** build/lantern.
*/
#include "testhelp.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char lantern[PATH_MAX];
static char tmpdir[PATH_MAX];

typedef struct session {
    pid_t pid;
    int fd;
    char buf[1 << 16];
    size_t len, mark;      /* output so far; where the next expect starts */
} session;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Reads what is there within ms milliseconds; drops carriage returns. */
static void pump(session *s, int ms)
{
    struct pollfd p = { s->fd, POLLIN, 0 };
    if (poll(&p, 1, ms) <= 0) return;
    char tmp[4096];
    ssize_t n = read(s->fd, tmp, sizeof tmp);
    for (ssize_t i = 0; i < n; i++) {
        if (tmp[i] == '\r') continue;
        if (s->len + 1 < sizeof s->buf) s->buf[s->len++] = tmp[i];
    }
    s->buf[s->len] = '\0';
}

/* Waits up to secs for `what` after the mark; moves the mark past it. */
static int expect(session *s, const char *what, double secs)
{
    double end = now() + secs;
    for (;;) {
        char *hit = strstr(s->buf + s->mark, what);
        if (hit) {
            s->mark = (size_t)(hit - s->buf) + strlen(what);
            return 1;
        }
        double left = end - now();
        if (left <= 0) {
            printf("  expected \"%s\"; output after the mark:\n---\n%s\n---\n", what,
                   s->buf + s->mark);
            return 0;
        }
        pump(s, (int)(left * 1000) + 1);
    }
}

static void type(session *s, const char *text)
{
    size_t n = strlen(text);
    while (n > 0) {
        ssize_t w = write(s->fd, text, n);
        if (w <= 0) return;
        text += w;
        n -= (size_t)w;
    }
}

static int start(session *s, const char *const *extra_env, char *const argv[])
{
    memset(s, 0, sizeof *s);
    struct winsize ws = { 24, 100, 0, 0 };
    s->pid = forkpty(&s->fd, NULL, NULL, &ws);
    if (s->pid < 0) return 0;
    if (s->pid == 0) {
        char hist[PATH_MAX + 32], rc[PATH_MAX + 32];
        snprintf(hist, sizeof hist, "%s/history", tmpdir);
        snprintf(rc, sizeof rc, "%s/rc.lua", tmpdir);
        setenv("TERM", "dumb", 1);
        setenv("NO_COLOR", "1", 1);
        setenv("INPUTRC", "/dev/null", 1);
        setenv("HOME", tmpdir, 1);
        setenv("LANTERN_HISTORY", hist, 1);
        setenv("LANTERN_RC", rc, 1);
        for (int i = 0; extra_env && extra_env[i]; i += 2) {
            if (extra_env[i + 1]) setenv(extra_env[i], extra_env[i + 1], 1);
            else unsetenv(extra_env[i]);
        }
        execv(lantern, argv);
        _exit(127);
    }
    return expect(s, "> ", 10);
}

static int finish(session *s)
{
    /* wait for the prompt to be the last thing written, then Ctrl-D */
    for (int i = 0; i < 500 && !(s->len >= 2 && strcmp(s->buf + s->len - 2, "> ") == 0); i++)
        pump(s, 10);
    type(s, "\x04");
    int status = -1;
    for (int i = 0; i < 500; i++) {   /* up to 5 s */
        pump(s, 10);
        if (waitpid(s->pid, &status, WNOHANG) == s->pid) break;
    }
    if (waitpid(s->pid, NULL, WNOHANG) == 0) {
        kill(s->pid, SIGKILL);
        waitpid(s->pid, &status, 0);
    }
    close(s->fd);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void write_file(const char *name, const char *text)
{
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static char *read_file(const char *name)
{
    static char text[1 << 16];
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "r");
    text[0] = '\0';
    if (!f) return text;
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
    return text;
}

static char *argv_plain[] = { "lantern", NULL };

/* ------------------------------------------------------------------ tests */
static void test_autoprint(void)
{
    session s;
    write_file("rc.lua", "");
    test_cond("prompt appears", start(&s, NULL, argv_plain));
    type(&s, "1 + 1\n");
    test_cond("an expression prints its value", expect(&s, "\n2\n> ", 5));
    type(&s, "return 1, nil, nil\n");
    test_cond("all values, trailing nils included", expect(&s, "\n1\tnil\tnil\n> ", 5));
    type(&s, "x = 42\n");
    test_cond("an assignment prints nothing", expect(&s, "x = 42\n> ", 5));
    type(&s, "x * 2;\n");
    test_cond("a trailing ; prints nothing", expect(&s, "x * 2;\n> ", 5));
    type(&s, "_\n");
    test_cond("_ keeps the last result", expect(&s, "_\n84\n> ", 5));
    type(&s, "=x + 1\n");
    test_cond("Lua 5.1's =expr prints too", expect(&s, "\n43\n> ", 5));
    type(&s, "'a', \"b\"\n");
    test_cond("strings print raw at the top level", expect(&s, "\na\tb\n> ", 5));
    type(&s, "torch.Tensor{1, 2, 3}\n");
    test_cond("a tensor prints in Torch7's format",
              expect(&s, "\n 1\n 2\n 3\n[torch.DoubleTensor of size 3]\n> ", 5));
    type(&s, "{1, 2, 3}\n");
    test_cond("a short array prints on one line", expect(&s, "\n{1, 2, 3}\n> ", 5));
    type(&s, "{b = {c = 'x'}, a = 1, t = torch.zeros(2, 3)}\n");
    test_cond("a nested table prints sorted and indented",
              expect(&s, "\n{\n  a : 1\n  b : {\n    c : \"x\"\n  }\n"
                         "  t : torch.DoubleTensor - size: 2x3\n}\n> ", 5));
    type(&s, "local t = {} for i = 1, 100 do t[i] = {i} end return t\n");
    test_cond("long tables are cut", expect(&s, "... (60 more)\n}\n> ", 5));
    type(&s, "d = {} d.d = d\n");
    expect(&s, "\n> ", 5);
    type(&s, "d\n");
    test_cond("a cycle is shown, not followed", expect(&s, "\n{\n  d : <cycle: table: 0x", 5));
    type(&s, "{a = {b = {c = {d = 1}, c2 = 2}}}\n");
    test_cond("depth is limited",
              expect(&s, "\n{\n  a : {\n    b : {\n      c : {...} (1 entry)\n      c2 : 2\n", 5));
    test_cond("session survives", finish(&s));
}

static void test_colour(void)
{
    session s;
    const char *env[] = { "NO_COLOR", NULL, NULL };
    test_cond("prompt without NO_COLOR", start(&s, env, argv_plain));
    type(&s, "1 + 1, {true}\n");
    test_cond("values are coloured on a terminal",
              expect(&s, "\n\x1b[36m2\x1b[0m\t{\x1b[35mtrue\x1b[0m}\n> ", 5));
    test_cond("exit", finish(&s));
}

static void test_multiline_and_errors(void)
{
    session s;
    test_cond("prompt", start(&s, NULL, argv_plain));
    type(&s, "function f(a)\n");
    test_cond("a function body continues", expect(&s, "\n>> ", 5));
    type(&s, "return a * 3\n");
    test_cond("still continuing", expect(&s, "\n>> ", 5));
    type(&s, "end\n");
    test_cond("back to the prompt", expect(&s, "end\n> ", 5));
    type(&s, "f(5)\n");
    test_cond("the function works", expect(&s, "\n15\n> ", 5));
    type(&s, "{1,\n");
    test_cond("an unfinished table expression continues", expect(&s, "\n>> ", 5));
    type(&s, "2}\n");
    test_cond("and prints", expect(&s, "\n{1, 2}\n> ", 5));
    type(&s, "s = [[one\n");
    expect(&s, ">> ", 5);
    type(&s, "two]]\n");
    expect(&s, "\n> ", 5);
    type(&s, "#s\n");
    test_cond("a long string spans lines", expect(&s, "\n7\n> ", 5));
    type(&s, "error('boom')\n");
    test_cond("an error prints its message", expect(&s, "stdin:1: boom\n", 5));
    test_cond("and a traceback", expect(&s, "stack traceback:\n", 5));
    expect(&s, "\n> ", 5);
    type(&s, "f(2) + #s\n");
    test_cond("the session continues with its variables", expect(&s, "\n13\n> ", 5));
    type(&s, "x = = 1\n");
    test_cond("a syntax error is reported", expect(&s, "stdin:1: unexpected symbol near '='", 5));
    expect(&s, "\n> ", 5);
    type(&s, "nosuch.field\n");
    test_cond("indexing nil names the global",
              expect(&s, "attempt to index a nil value (global 'nosuch')", 5));
    expect(&s, "\n> ", 5);
    type(&s, "for i = 1, 3 do\n");
    expect(&s, ">> ", 5);
    type(&s, "\x03");
    test_cond("Ctrl-C drops an unfinished chunk", expect(&s, "\n> ", 5));
    type(&s, "1 + \x03");
    test_cond("Ctrl-C clears the line", expect(&s, "\n> ", 5));
    type(&s, "7\n");
    test_cond("the cleared line is gone", expect(&s, "7\n7\n> ", 5));
    test_cond("Ctrl-D exits with status 0", finish(&s));
}

/* Sends Ctrl-C `delay` seconds after `stmt` starts; returns the seconds
** from the Ctrl-C to the next prompt (negative when it never came). */
static double interrupt(session *s, const char *stmt, double delay, const char *msg)
{
    type(s, stmt);
    expect(s, "\n", 5);   /* the echo of the statement */
    double t0 = now() + delay;
    while (now() < t0) pump(s, 10);
    double t = now();
    type(s, "\x03");
    if (!expect(s, msg, 10)) return -1;
    if (!expect(s, "\n> ", 10)) return -1;
    return now() - t;
}

static void test_interrupt(void)
{
    session s;
    test_cond("prompt", start(&s, NULL, argv_plain));
    type(&s, "y = 5; a = torch.FloatTensor(4096, 4096):fill(1)\n");
    expect(&s, "> ", 20);

    double dt = interrupt(&s, "while true do end\n", 0.3, "interrupted!");
    printf("  Ctrl-C in a Lua loop: back at the prompt in %.3f s\n", dt);
    test_cond("Ctrl-C stops a Lua loop within 1 s", dt >= 0 && dt < 1.0);

    dt = interrupt(&s, "k = 0; while true do k = k + 1; pcall(function() for i = 1, 1e5 do end end) end\n",
                   0.3, "interrupted!");
    test_cond("a pcall in the loop does not swallow the interrupt", dt >= 0 && dt < 1.0);

    dt = interrupt(&s, "c = torch.mm(a, a)\n", 0.4, "interrupted!");
    printf("  Ctrl-C in a 4096x4096 torch.mm: back at the prompt in %.3f s\n", dt);
    test_cond("Ctrl-C stops a long matrix multiply within 1 s", dt >= 0 && dt < 1.0);
    test_cond("the kernel's error names the function", strstr(s.buf, "in function 'torch.mm'") != NULL);

    dt = interrupt(&s, "z = torch.FloatTensor(1e9):fill(1)\n", 0.4, "interrupted!");
    printf("  Ctrl-C in a 1e9-element fill: back at the prompt in %.3f s\n", dt);
    test_cond("Ctrl-C stops a long fill within 1 s", dt >= 0 && dt < 1.0);

    type(&s, "r = torch.rand(1e7)\n");
    expect(&s, "\n> ", 10);
    dt = interrupt(&s, "r:sort()\n", 0.3, "interrupted!");
    printf("  Ctrl-C in a 1e7-element sort: back at the prompt in %.3f s\n", dt);
    test_cond("Ctrl-C stops a long sort within 1 s", dt >= 0 && dt < 1.0);

    dt = interrupt(&s, "b = torch.FloatTensor(1e7); for i = 1, 1e9 do b:fill(i) end\n", 0.3,
                   "interrupted!");
    test_cond("Ctrl-C stops a loop of kernels within 1 s", dt >= 0 && dt < 1.0);

    type(&s, "collectgarbage()\n");
    expect(&s, "\n> ", 5);
    type(&s, "y, a:size(1), c, z, k > 0\n");
    test_cond("variables are intact; interrupted assignments did not happen",
              expect(&s, "\n5\t4096\tnil\tnil\ttrue\n> ", 5));
    type(&s, "torch.mm(torch.ones(2, 2), torch.ones(2, 2))[1][1]\n");
    test_cond("kernels run again after an interrupt", expect(&s, "\n2.0\n> ", 5));
    test_cond("session survives", finish(&s));
}

static void test_completion(void)
{
    session s;
    test_cond("prompt", start(&s, NULL, argv_plain));
    type(&s, "torch.zer\t");
    test_cond("TAB completes a torch function", expect(&s, "torch.zeros", 5));
    type(&s, "\x03");   /* Ctrl-C: drop the line */
    expect(&s, "\n> ", 5);
    type(&s, "x = torch.rand(3)\n");
    expect(&s, "\n> ", 5);
    type(&s, "x:narr\t");
    test_cond("TAB completes a tensor method through its metatable", expect(&s, "x:narrow", 5));
    type(&s, "\x03");
    expect(&s, "\n> ", 5);
    type(&s, "x:si\t\t");
    test_cond("TAB TAB lists the candidates by their last name",
              expect(&s, "\nsigmoid  sign     sin      sinh     size", 5));
    type(&s, "\x03");
    expect(&s, "\n> ", 5);
    type(&s, "myvariable = 1\n");
    expect(&s, "\n> ", 5);
    type(&s, "myvar\t");
    test_cond("TAB completes a global", expect(&s, "myvariable", 5));
    type(&s, "\x03");
    expect(&s, "\n> ", 5);
    type(&s, "whil\t");
    test_cond("TAB completes a keyword", expect(&s, "while", 5));
    type(&s, "\x03");
    expect(&s, "\n> ", 5);
    type(&s, "m = {alpha = 1, beta = {gamma = 2}}\n");
    expect(&s, "\n> ", 5);
    type(&s, "m.beta.ga\t");
    test_cond("TAB completes nested fields", expect(&s, "m.beta.gamma", 5));
    type(&s, "\x03");
    expect(&s, "\n> ", 5);
    write_file("completeme_file.txt", "x");
    char line[PATH_MAX + 64];
    snprintf(line, sizeof line, "io.open('%s/completeme_f\t", tmpdir);
    type(&s, line);
    test_cond("TAB completes a file name inside a string", expect(&s, "completeme_file.txt'", 5));
    type(&s, "\x03");
    expect(&s, "\n> ", 5);
    type(&s, "torch.nosuchthing\t\n");
    test_cond("TAB with no candidate leaves the line alone",
              expect(&s, "torch.nosuchthing", 5) && expect(&s, "\nnil\n> ", 5));
    test_cond("session survives", finish(&s));
}

static void test_help(void)
{
    session s;
    test_cond("prompt", start(&s, NULL, argv_plain));
    type(&s, "?torch.mm\n");
    test_cond("?torch.mm prints the signature", expect(&s, "torch.mm([res,] m1, m2)", 5));
    expect(&s, "\n> ", 5);
    type(&s, "help(torch.mm)\n");
    test_cond("help(value) finds the same entry", expect(&s, "torch.mm([res,] m1, m2)", 5));
    expect(&s, "\n> ", 5);
    type(&s, "x = torch.rand(2)\n");
    type(&s, "help(x.narrow)\n");
    test_cond("help of a tensor method", expect(&s, "narrow(dim, index, size)", 5));
    expect(&s, "\n> ", 5);
    type(&s, "?\n");
    test_cond("? alone explains help", expect(&s, "?name", 5));
    expect(&s, "\n> ", 5);
    type(&s, "?nosuch.thing\n");
    test_cond("unknown names say so", expect(&s, "no help for 'nosuch.thing'", 5));
    expect(&s, "\n> ", 5);
    type(&s, ":time on\n");
    expect(&s, "timing on", 5);
    type(&s, "for i = 1, 10 do end\n");
    test_cond(":time on prints the time of a statement",
              expect(&s, "for i = 1, 10 do end\n[", 5) && expect(&s, "s]\n> ", 5));
    type(&s, ":time off\n");
    expect(&s, "timing off\n> ", 5);
    type(&s, "1\n");
    test_cond(":time off stops it", expect(&s, "1\n1\n> ", 5));
    type(&s, ":bogus\n");
    test_cond("an unknown command is reported", expect(&s, "unknown command ':bogus'", 5));
    expect(&s, "\n> ", 5);
    /* nn is another engineer's package: the lazy global loads it when it
    ** is there and says clearly why not when it is not */
    char nnpath[PATH_MAX + 32];
    snprintf(nnpath, sizeof nnpath, "%s", lantern);
    char *sl = strrchr(nnpath, '/');
    if (sl) strcpy(sl, "/nn/init.lua");
    if (access(nnpath, F_OK) == 0) {
        type(&s, "type(nn)\n");
        test_cond("the lazy nn global loads nn", expect(&s, "\ntable\n> ", 10));
    } else {
        type(&s, "nn.Linear\n");
        test_cond("a missing package is a clear error on use",
                  expect(&s, "package 'nn' is not available (module 'nn' not found)", 5));
        expect(&s, "\n> ", 5);
    }
    test_cond("session survives", finish(&s));
}

static void test_history_and_rc(void)
{
    session s;
    char hist[PATH_MAX + 32];
    snprintf(hist, sizeof hist, "%s/history", tmpdir);
    unlink(hist);
    write_file("rc.lua", "rcvalue = 11\nerror('rc trouble')\n");
    test_cond("prompt after a failing rc file", start(&s, NULL, argv_plain));
    test_cond("the rc error is reported", strstr(s.buf, "rc trouble") != NULL);
    type(&s, "rcvalue\n");
    test_cond("the rc file ran up to its error", expect(&s, "\n11\n> ", 5));
    type(&s, "first = 1\n");
    expect(&s, "\n> ", 5);
    type(&s, "first = 1\n");
    expect(&s, "\n> ", 5);
    type(&s, "function g()\nreturn 9\nend\n");
    expect(&s, "end\n> ", 5);
    test_cond("exit", finish(&s));
    const char *h = read_file("history");
    test_cond("history is written to LANTERN_HISTORY",
              strcmp(h, "rcvalue\nfirst = 1\nfunction g() return 9 end\n") == 0);
    if (strcmp(h, "rcvalue\nfirst = 1\nfunction g() return 9 end\n") != 0) printf("  history: [%s]\n", h);

    write_file("rc.lua", "");
    test_cond("a second session", start(&s, NULL, argv_plain));
    type(&s, "\x1b[A");   /* up arrow: the last entry */
    test_cond("history is read back", expect(&s, "function g() return 9 end", 5));
    type(&s, "\n");
    expect(&s, "\n> ", 5);
    type(&s, "g()\n");
    test_cond("the recalled chunk ran", expect(&s, "\n9\n> ", 5));
    test_cond("exit", finish(&s));

    const char *env[] = { "LANTERN_HISTSIZE", "3", NULL };
    test_cond("a session with a small history", start(&s, env, argv_plain));
    type(&s, "a1 = 1\n");
    expect(&s, "\n> ", 5);
    type(&s, "a2 = 2\n");
    expect(&s, "\n> ", 5);
    test_cond("exit", finish(&s));
    h = read_file("history");
    test_cond("the history file is bounded", strcmp(h, "g()\na1 = 1\na2 = 2\n") == 0);
    if (strcmp(h, "g()\na1 = 1\na2 = 2\n") != 0) printf("  history: [%s]\n", h);
}

static void test_script_then_prompt(void)
{
    session s;
    write_file("script.lua", "fromscript = (...) .. '!'\n");
    char script[PATH_MAX + 32];
    snprintf(script, sizeof script, "%s/script.lua", tmpdir);
    char *argv[] = { "lantern", "-i", script, "hey", NULL };
    test_cond("-i gives a prompt after the script", start(&s, NULL, argv));
    type(&s, "fromscript\n");
    test_cond("the script's globals are there", expect(&s, "\nhey!\n> ", 5));
    test_cond("exit", finish(&s));
}

int main(int argc, char **argv)
{
    (void)argc;
    snprintf(lantern, sizeof lantern, "%s", argv[0]);
    char *slash = strrchr(lantern, '/');
    if (slash) {
        *slash = '\0';
        slash = strrchr(lantern, '/');
    }
    if (slash) *slash = '\0';
    else snprintf(lantern, sizeof lantern, ".");
    strncat(lantern, "/lantern", sizeof lantern - strlen(lantern) - 1);
    snprintf(tmpdir, sizeof tmpdir, "/tmp/lantern-test-repl-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    test_autoprint();
    test_colour();
    test_multiline_and_errors();
    test_completion();
    test_help();
    test_history_and_rc();
    test_script_then_prompt();
    test_interrupt();
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) printf("  could not remove %s\n", tmpdir);
    return test_report();
}
