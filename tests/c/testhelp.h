/*
** testhelp.h — a tiny C test harness (in the spirit of Redis's testhelp.h).
**
**   test_cond("narrow shares storage", t->storage == s);
**   ...
**   return test_report();
**
** test_report prints a summary, appends "passed failed" to the file named
** by $LANTERN_TEST_REPORT (the runner sums these), and returns the exit code.
*/
#ifndef TESTHELP_H
#define TESTHELP_H

#include <stdio.h>
#include <stdlib.h>

static int test_passed, test_failed;

#define test_cond(descr, cond) do {                                        \
    if (cond) {                                                            \
        test_passed++;                                                     \
    } else {                                                               \
        test_failed++;                                                     \
        printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, descr);             \
    }                                                                      \
} while (0)

static int test_report(void)
{
    const char *f = getenv("LANTERN_TEST_REPORT");
    printf("%s: %d passed, %d failed\n", __BASE_FILE__, test_passed, test_failed);
    if (f) {
        FILE *fp = fopen(f, "a");
        if (fp) {
            fprintf(fp, "%d %d\n", test_passed, test_failed);
            fclose(fp);
        }
    }
    return test_failed ? 1 : 0;
}

#endif
