/* threads.c - the worker threads of `--threads N`.
 *
 * A run on N threads keeps N-1 workers; every step the model calls
 * nrt_parallel() once with its region function, which each thread runs on
 * its own cells (thread 0 on the caller's stack), and the call returns
 * when all have finished.  nrt_parallel_n() runs a region of more shares
 * than threads (the interval mode's tiles: nrt_shares()): thread j runs
 * its consecutive range of them one after the other.  Workers wait for the next region by spinning a
 * little, then sleeping on a condition variable, so that more threads
 * than cores still make progress.  Which thread computes what is fixed by
 * the model's partition, never by timing: the results do not depend on
 * N.  Leaves to the model: the partition and what a region does.
 */
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

#include "simstate.h"

struct NrtPool {
    int n;                       /* threads, the caller included */
    pthread_t *workers;          /* n - 1 */
    pthread_mutex_t mu;          /* for sleeping and waking */
    pthread_mutex_t shared;      /* nrt_lock() */
    pthread_cond_t start, done;
    unsigned long gen;           /* regions started (atomic) */
    int pending;                 /* workers still in the region (atomic) */
    int sleepers;                /* workers waiting on start (atomic) */
    int caller_sleeps;           /* the caller waits on done (atomic) */
    int quit;
    void (*fn)(void *state, int k);
    void *state;
    int nshares;                 /* the region's shares (first_share) */
};

typedef struct Worker {
    NrtPool *pool;
    int k;
} Worker;

enum { SPINS = 4000 };

static void relax(int i)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
    if (i % 64 == 63)
        sched_yield();
}

/* Thread j's shares of a region: first_share(j) .. first_share(j + 1) - 1
 * (neighbours in the model's arrays stay on one thread); share 0 is
 * always the caller's (thread 0), whose t is the model's (fewer shares
 * than threads leave the last threads idle) */
static int first_share(const NrtPool *p, int j)
{
    return (int)(((long)p->nshares * j + p->n - 1) / p->n);
}

static void *worker_main(void *arg)
{
    Worker *w = arg;
    NrtPool *p = w->pool;
    unsigned long seen = 0;
    for (;;) {
        int i = 0;
        while (__atomic_load_n(&p->gen, __ATOMIC_ACQUIRE) == seen && i < SPINS)
            relax(i++);
        if (__atomic_load_n(&p->gen, __ATOMIC_ACQUIRE) == seen) {
            /* to sleep: counted first, so that kick() sees it or this
             * sees the new region (both sequentially consistent) */
            pthread_mutex_lock(&p->mu);
            __atomic_add_fetch(&p->sleepers, 1, __ATOMIC_SEQ_CST);
            while (__atomic_load_n(&p->gen, __ATOMIC_SEQ_CST) == seen)
                pthread_cond_wait(&p->start, &p->mu);
            __atomic_sub_fetch(&p->sleepers, 1, __ATOMIC_SEQ_CST);
            pthread_mutex_unlock(&p->mu);
        }
        seen = __atomic_load_n(&p->gen, __ATOMIC_ACQUIRE);
        if (__atomic_load_n(&p->quit, __ATOMIC_ACQUIRE))
            break;
        for (int k = first_share(p, w->k); k < first_share(p, w->k + 1); k++)
            p->fn(p->state, k);
        if (__atomic_sub_fetch(&p->pending, 1, __ATOMIC_SEQ_CST) == 0 &&
            __atomic_load_n(&p->caller_sleeps, __ATOMIC_SEQ_CST)) {
            pthread_mutex_lock(&p->mu);
            pthread_cond_signal(&p->done);
            pthread_mutex_unlock(&p->mu);
        }
    }
    free(w);
    return NULL;
}

/* Starts the workers on one more region (or to quit); the condition
 * variable only for those asleep. */
static void kick(NrtPool *p)
{
    __atomic_add_fetch(&p->gen, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&p->sleepers, __ATOMIC_SEQ_CST)) {
        pthread_mutex_lock(&p->mu);
        pthread_cond_broadcast(&p->start);
        pthread_mutex_unlock(&p->mu);
    }
}

int nrt_pool_start(NrtSim *sim, int n)
{
    sim->nthreads = n;
    if (n <= 1)
        return 0;
    NrtPool *p = calloc(1, sizeof *p);
    if (!p)
        return -1;
    p->n = n;
    p->workers = calloc((size_t)n, sizeof(pthread_t));
    if (!p->workers) {
        free(p);
        return -1;
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_mutex_init(&p->shared, NULL);
    pthread_cond_init(&p->start, NULL);
    pthread_cond_init(&p->done, NULL);
    for (int k = 1; k < n; k++) {
        Worker *w = malloc(sizeof *w);
        if (!w || (w->pool = p, w->k = k, pthread_create(&p->workers[k - 1], NULL, worker_main, w) != 0)) {
            free(w);
            p->n = k; /* the ones started so far */
            sim->pool = p;
            nrt_pool_stop(sim);
            sim->nthreads = 1;
            return -1;
        }
    }
    sim->pool = p;
    return 0;
}

void nrt_pool_stop(NrtSim *sim)
{
    NrtPool *p = sim->pool;
    if (!p)
        return;
    __atomic_store_n(&p->quit, 1, __ATOMIC_RELEASE);
    kick(p);
    for (int k = 1; k < p->n; k++)
        pthread_join(p->workers[k - 1], NULL);
    pthread_mutex_destroy(&p->mu);
    pthread_mutex_destroy(&p->shared);
    pthread_cond_destroy(&p->start);
    pthread_cond_destroy(&p->done);
    free(p->workers);
    free(p);
    sim->pool = NULL;
}

void nrt_lock(NrtSim *sim)
{
    if (sim->pool)
        pthread_mutex_lock(&sim->pool->shared);
}

void nrt_unlock(NrtSim *sim)
{
    if (sim->pool)
        pthread_mutex_unlock(&sim->pool->shared);
}

int nrt_threads(NrtSim *sim)
{
    return sim->nthreads > 1 ? sim->nthreads : 1;
}

int nrt_shares(NrtSim *sim)
{
    return nrt_threads(sim) * (sim->tiles > 1 ? sim->tiles : 1);
}

void nrt_parallel(NrtSim *sim, void (*fn)(void *state, int k), void *state)
{
    nrt_parallel_n(sim, fn, state, nrt_threads(sim));
}

void nrt_parallel_n(NrtSim *sim, void (*fn)(void *state, int k), void *state, int nshares)
{
    NrtPool *p = sim->pool;
    if (!p) {
        for (int k = 0; k < nshares; k++)
            fn(state, k);
        return;
    }
    p->fn = fn;
    p->state = state;
    p->nshares = nshares;
    __atomic_store_n(&p->pending, p->n - 1, __ATOMIC_RELEASE);
    kick(p);
    for (int k = 0; k < first_share(p, 1); k++)
        fn(state, k);
    int i = 0;
    while (__atomic_load_n(&p->pending, __ATOMIC_ACQUIRE) != 0 && i < SPINS)
        relax(i++);
    if (__atomic_load_n(&p->pending, __ATOMIC_ACQUIRE) != 0) {
        pthread_mutex_lock(&p->mu);
        __atomic_store_n(&p->caller_sleeps, 1, __ATOMIC_SEQ_CST);
        while (__atomic_load_n(&p->pending, __ATOMIC_SEQ_CST) != 0)
            pthread_cond_wait(&p->done, &p->mu);
        __atomic_store_n(&p->caller_sleeps, 0, __ATOMIC_SEQ_CST);
        pthread_mutex_unlock(&p->mu);
    }
}

/* ---- the interval mode (NrtModel.run_interval) ----
 * Each thread steps its cells through an interval with a queue of their
 * events; which queue a thread uses is the thread's own state (a
 * __thread: the calls that send and deliver events take only the sim). */
static __thread NrtQueue *ival_q;
static __thread unsigned long long ival_slot, ival_count;

int nrt_ival_begin(NrtSim *sim, int n, int (*owner)(void *state, const NrtEvent *ev), void *state, int watch)
{
    if (sim->queue.next_seq >= (1ULL << 28))
        return -1;
    sim->tq = calloc((size_t)n, sizeof(NrtQueue));
    if (!sim->tq)
        nrt_abort(sim, "out of memory (the threads' event queues)");
    sim->ntq = n;
    NrtEvent ev; /* in order, cancelled ones left out */
    while (nrt_queue_pop_until(&sim->queue, HUGE_VAL, &ev)) {
        int k = owner(state, &ev);
        if (nrt_queue_push_seq(&sim->tq[k >= 0 && k < n ? k : 0], &ev) != 0)
            nrt_abort(sim, "out of memory (the threads' event queues)");
    }
    sim->ival_watch = watch;
    sim->ival_drew = 0;
    sim->ival_drawer = 0;
    return 0;
}

int nrt_ival_drew(NrtSim *sim)
{
    return sim->ival_drew; /* (after the threads joined) */
}

void nrt_ival_thread(NrtSim *sim, int k)
{
    ival_q = sim->tq && k < sim->ntq ? &sim->tq[k] : NULL;
    nrt_random_thread(k);
}

void nrt_ival_slot(NrtSim *sim, unsigned long long slot)
{
    (void)sim;
    ival_slot = slot;
    ival_count = 0;
}

NrtQueue *nrt_ival_queue(NrtSim *sim)
{
    return sim->tq ? ival_q : NULL; /* (a worker's may be left from a mode ended) */
}

unsigned long long nrt_ival_next_seq(void)
{
    return NRT_IVAL_KEY(ival_slot, ival_count++);
}

/* (at the end of the run, on the caller: its queues freed) */
void nrt_ival_end(NrtSim *sim)
{
    for (int k = 0; k < sim->ntq; k++)
        nrt_queue_free(&sim->tq[k]);
    free(sim->tq);
    sim->tq = NULL;
    sim->ntq = 0;
    sim->ival_watch = 0;
    sim->ival_drew = 0;
    sim->ival_drawer = 0;
    ival_q = NULL;
}
