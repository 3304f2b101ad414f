/* test_queue.c - unit test of the event queue (runtime/queue.c): events
 * leave in (time, insertion) order, cancelled ones (net_move) never, and
 * the list of cancelled events still queued (what SaveState writes) is
 * the one the simple list gives, in the same order, against a reference
 * written here the plain way; with many events cancelled far ahead (the
 * IF3 cells of Brette et al. 2007 move theirs at every input). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "queue.h"

static int passed, failed;

/* the reference: every event pushed, a cancelled flag, linear search */
typedef struct Ref {
    double t;
    unsigned long long seq;
    int gone, cancelled;
} Ref;

static unsigned long long rng = 88172645463325252ull;
static unsigned long long next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void check(int ok, const char *what, long step)
{
    if (ok) {
        passed++;
    } else {
        failed++;
        if (failed < 10)
            printf("FAIL %s at step %ld\n", what, step);
    }
}

int main(void)
{
    enum { N = 30000 };
    NrtQueue q;
    nrt_queue_init(&q);
    Ref *ref = calloc(N, sizeof *ref);
    unsigned long long *oldc = malloc(sizeof *oldc * N); /* the old list of cancelled seqs */
    size_t nold = 0;
    long nref = 0;
    double now = 0;
    long bad_order = 0, bad_list = 0, delivered = 0;
    for (long step = 0; step < N; step++) {
        unsigned long long r = step == N - 1 ? 99 : next_rand() % 100;
        if (r < 45 && nref < N) { /* push: near, far ahead, or at the same time */
            NrtEvent ev;
            memset(&ev, 0, sizeof ev);
            unsigned long long k = next_rand() % 10;
            ev.t = now + (k < 3 ? 1e9 : k < 5 ? 0 : (double)(next_rand() % 1000) / 100);
            unsigned long long seq;
            if (nrt_queue_push(&q, &ev, &seq) != 0)
                return 2;
            ref[nref].t = ev.t;
            ref[nref].seq = seq;
            nref++;
        } else if (r < 75 && nref) { /* cancel a queued event */
            long i = (long)(next_rand() % (unsigned long long)nref);
            if (!ref[i].gone && !ref[i].cancelled) {
                ref[i].cancelled = 1;
                oldc[nold++] = ref[i].seq;
                if (nrt_queue_cancel(&q, ref[i].seq) != 0)
                    return 2;
            }
        } else { /* pop up to a time (at the end: everything) */
            double tmax = step == N - 1 ? 2e9 : now + (double)(next_rand() % 300) / 100;
            NrtEvent out;
            for (;;) {
                /* the reference's next event: the least (t, seq) not gone, not cancelled,
                 * t <= tmax; the cancelled ones before it leave the old list */
                long best = -1;
                for (long i = 0; i < nref; i++)
                    if (!ref[i].gone && ref[i].t <= tmax &&
                        (best < 0 || ref[i].t < ref[best].t ||
                         (ref[i].t == ref[best].t && ref[i].seq < ref[best].seq)))
                        best = i;
                int got = nrt_queue_pop_until(&q, tmax, &out);
                if (best >= 0 && ref[best].cancelled) {
                    /* the queue skips it inside pop_until: do the same, then compare */
                    while (best >= 0 && ref[best].cancelled) {
                        ref[best].gone = 1;
                        for (size_t j = 0; j < nold; j++)
                            if (oldc[j] == ref[best].seq) {
                                oldc[j] = oldc[--nold];
                                break;
                            }
                        best = -1;
                        for (long i = 0; i < nref; i++)
                            if (!ref[i].gone && ref[i].t <= tmax &&
                                (best < 0 || ref[i].t < ref[best].t ||
                                 (ref[i].t == ref[best].t && ref[i].seq < ref[best].seq)))
                                best = i;
                    }
                }
                if (best < 0) {
                    bad_order += got;
                    break;
                }
                if (!got || out.seq != ref[best].seq || out.t != ref[best].t) {
                    bad_order++;
                    break;
                }
                ref[best].gone = 1;
                delivered++;
            }
            now = tmax;
            /* the cancelled list, as the old linear one kept it */
            int same = q.ncancelled == nold;
            for (size_t j = 0; same && j < nold; j++)
                same = q.cancelled[j] == oldc[j];
            bad_list += !same;
        }
    }
    check(bad_order == 0, "events in (t, seq) order, cancelled ones skipped", nref);
    check(bad_list == 0, "the cancelled list as the linear one keeps it", nref);
    check(delivered > 1000 && q.n == 0 && nold == 0, "every event delivered or skipped at the end", nref);
    nrt_queue_clear(&q);
    check(q.ncancelled == 0 && q.n == 0, "clear empties the queue", 0);
    nrt_queue_free(&q);
    free(ref);
    free(oldc);
    printf("%d passed, %d failed (%ld events delivered)\n", passed, failed, delivered);
    return failed != 0;
}
