/* output.c - writing output files atomically: each file is written to a
 * hidden temporary file in the output directory and renamed into place
 * only when the whole run succeeded (see output.h). */
#include "output.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int nrt_mkdirs(const char *dir, char *err, size_t errlen)
{
    char path[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof path) {
        snprintf(err, errlen, "bad output directory '%s'", dir);
        return -1;
    }
    memcpy(path, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (path[i] == '/' || path[i] == 0) {
            char c = path[i];
            path[i] = 0;
            if (mkdir(path, 0777) != 0 && errno != EEXIST) {
                snprintf(err, errlen, "cannot create directory '%s': %s", path, strerror(errno));
                return -1;
            }
            path[i] = c;
        }
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "'%s' is not a directory", dir);
        return -1;
    }
    return 0;
}

int nrt_out_open(NrtOut *o, const char *dir, const char *name, char *err, size_t errlen)
{
    memset(o, 0, sizeof *o);
    snprintf(o->final, sizeof o->final, "%s/%s", dir, name);
    snprintf(o->tmp, sizeof o->tmp, "%s/.%s.XXXXXX", dir, name);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        snprintf(err, errlen, "cannot create '%s': %s", o->final, strerror(errno));
        return -1;
    }
    o->f = fdopen(fd, "w");
    if (!o->f) {
        snprintf(err, errlen, "cannot write '%s': %s", o->final, strerror(errno));
        close(fd);
        unlink(o->tmp);
        return -1;
    }
    setvbuf(o->f, NULL, _IOFBF, 1 << 16);
    return 0;
}

int nrt_out_commit(NrtOut *o, char *err, size_t errlen)
{
    if (!o->f)
        return 0;
    int bad = ferror(o->f);
    if (fflush(o->f) != 0)
        bad = 1;
    if (fclose(o->f) != 0)
        bad = 1;
    o->f = NULL;
    if (bad) {
        snprintf(err, errlen, "error writing '%s': %s", o->final, strerror(errno));
        unlink(o->tmp);
        return -1;
    }
    chmod(o->tmp, 0644);
    if (rename(o->tmp, o->final) != 0) {
        snprintf(err, errlen, "cannot write '%s': %s", o->final, strerror(errno));
        unlink(o->tmp);
        return -1;
    }
    return 0;
}

void nrt_out_discard(NrtOut *o)
{
    if (!o->f)
        return;
    fclose(o->f);
    o->f = NULL;
    unlink(o->tmp);
}

/* %.17g always reads back as the same double; shorter forms are tried
 * first so that the file stays readable (0.025, not 0.025000000000000001). */
void nrt_put_double(FILE *f, double x)
{
    char buf[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, x);
        if (prec == 17 || strtod(buf, NULL) == x)
            break;
    }
    fputs(buf, f);
}
