/* queue.h - the event queue (internal to the runtime; nrt.h has the ABI). */
#ifndef NRT_QUEUE_H
#define NRT_QUEUE_H

#include <stddef.h>

#include "nrt.h"

typedef struct NrtQueue {
    NrtEvent *heap;
    size_t n, cap;
    unsigned long long next_seq;
    unsigned long long *cancelled; /* seqs of cancelled events still in the heap */
    size_t ncancelled, capcancelled;
    /* an index of cancelled[]: open addressing (linear probing), each slot
     * 0 or 1 + a place in cancelled[]; nslot a power of 2 (or 0) */
    size_t *slot, nslot;
} NrtQueue;

void nrt_queue_init(NrtQueue *q);
void nrt_queue_free(NrtQueue *q);
/* Empties the queue (finitialize); sequence numbers keep growing. */
void nrt_queue_clear(NrtQueue *q);
/* Inserts a copy of ev with the next sequence number, which it returns in
 * *seq; -1 when out of memory. */
int nrt_queue_push(NrtQueue *q, const NrtEvent *ev, unsigned long long *seq);
/* Inserts a copy of ev with its own sequence number (which must be new
 * to the queue); -1 when out of memory. */
int nrt_queue_push_seq(NrtQueue *q, const NrtEvent *ev);
/* Removes the first event with t <= tmax into *out: 1, or 0 when none. */
int nrt_queue_pop_until(NrtQueue *q, double tmax, NrtEvent *out);
/* Appends ev as it is (its sequence number kept) at the end of the heap:
 * for restoring a queue saved in heap order.  0, or -1 when out of memory. */
int nrt_queue_put_raw(NrtQueue *q, const NrtEvent *ev);
/* The time of the first event (cancelled or not) in *t: 1, or 0 when
 * the queue is empty. */
int nrt_queue_peek(const NrtQueue *q, double *t);
/* Marks the event with this sequence number as cancelled. */
int nrt_queue_cancel(NrtQueue *q, unsigned long long seq);

#endif
