/* output.h - atomic output files of a simulation (internal to the runtime). */
#ifndef NRT_OUTPUT_H
#define NRT_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

typedef struct NrtOut {
    FILE *f;            /* the temporary file, NULL when closed */
    char tmp[4200];     /* its path */
    char final[4200];   /* where it goes on success */
} NrtOut;

/* mkdir -p; 0 or -1 with a message in err. */
int nrt_mkdirs(const char *dir, char *err, size_t errlen);
/* Opens DIR/.NAME.XXXXXX for writing; 0 or -1 with a message. */
int nrt_out_open(NrtOut *o, const char *dir, const char *name, char *err, size_t errlen);
/* Closes and renames into place; 0 or -1 with a message (file removed). */
int nrt_out_commit(NrtOut *o, char *err, size_t errlen);
/* Closes and removes the temporary file. */
void nrt_out_discard(NrtOut *o);
/* Writes x so that it reads back as exactly x. */
void nrt_put_double(FILE *f, double x);

#endif
