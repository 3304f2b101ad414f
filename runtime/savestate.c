/* savestate.c - the state files of `--save` and `--restore` (see
 * simstate.h): everything a run needs to continue as if it had never
 * stopped, so that the continued run is bitwise identical to an
 * uninterrupted one.
 *
 * The file, in the machine's byte order (checked):
 *
 *   magic "nrncc-ss", u32 format version, u32 byte-order mark 0x01020304,
 *   u64 file size, u64 model hash, u64 state size, u32 + bytes model name,
 *   the run settings (with the method and CVODE's tolerances: a restored
 *   CVODE run continues with CVODE, started afresh at the saved time as
 *   NEURON's CVode is after SaveState.restore), the model's state (its Model struct without
 *   pointers), the event queue (heap order, sequence numbers, cancelled
 *   events), the random stream, the exp() overflow count, the last trace
 *   row, the space-plot samples already taken, and a u64 FNV-1a checksum
 *   of all the bytes before it.
 *
 * Reading checks, in order: the magic, the byte order, the version (a
 * newer one is refused before anything else is read), the size (a
 * shorter file is truncated), the checksum (corruption), and last the
 * model hash (a state of another model).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "simstate.h"

#define MAGIC "nrncc-ss"
#define FORMAT_VERSION 3u
#define BYTE_ORDER_MARK 0x01020304u

/* ---- writing: bytes appended to a growing buffer ---- */

typedef struct Buf {
    unsigned char *p;
    size_t len, cap;
    int failed;
} Buf;

static void put(Buf *b, const void *x, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n)
            cap *= 2;
        unsigned char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, x, n);
    b->len += n;
}

static void put_u32(Buf *b, uint32_t x) { put(b, &x, sizeof x); }
static void put_u64(Buf *b, uint64_t x) { put(b, &x, sizeof x); }
static void put_i32(Buf *b, int32_t x) { put(b, &x, sizeof x); }
static void put_f64(Buf *b, double x) { put(b, &x, sizeof x); }

static uint64_t fnv1a(const unsigned char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3ULL;
    return h;
}

static void put_run(Buf *b, const NrtRun *r)
{
    put_f64(b, r->tstop);
    put_f64(b, r->dt);
    put_f64(b, r->v_init);
    put_f64(b, r->celsius);
    put_i32(b, r->secondorder);
    put_f64(b, r->seed);
    put_i32(b, r->method);
    put_f64(b, r->atol);
    put_f64(b, r->rtol);
}

int nrt_state_write(NrtSim *sim, const void *state, const NrtRun *run, FILE *f)
{
    const NrtModel *m = sim->model;
    Buf b = {0};
    put(&b, MAGIC, 8);
    put_u32(&b, FORMAT_VERSION);
    put_u32(&b, BYTE_ORDER_MARK);
    size_t size_at = b.len;
    put_u64(&b, 0); /* the file size, filled in below */
    put_u64(&b, m->hash);
    put_u64(&b, m->state_size);
    uint32_t nl = (uint32_t)strlen(m->name);
    put_u32(&b, nl);
    put(&b, m->name, nl);
    put_run(&b, run);
    put_u32(&b, (uint32_t)m->n_param);
    for (int i = 0; i < m->n_param; i++)
        put_f64(&b, sim->param[i]);
    void *copy = malloc(m->state_size ? m->state_size : 1);
    if (!copy) {
        free(b.p);
        errno = ENOMEM;
        return -1;
    }
    m->save(state, copy);
    put(&b, copy, m->state_size);
    free(copy);
    const NrtQueue *q = &sim->queue;
    put_u64(&b, q->n);
    put_u64(&b, q->next_seq);
    for (size_t i = 0; i < q->n; i++) {
        const NrtEvent *ev = &q->heap[i];
        put_f64(&b, ev->t);
        put_u64(&b, ev->seq);
        put_i32(&b, ev->kind);
        put_i32(&b, ev->index);
        put_i32(&b, ev->nc);
        put_f64(&b, ev->flag);
    }
    put_u64(&b, q->ncancelled);
    for (size_t i = 0; i < q->ncancelled; i++)
        put_u64(&b, q->cancelled[i]);
    put_u32(&b, sim->random.value);
    put_u64(&b, (uint64_t)sim->exp_overflows);
    put_f64(&b, sim->exp_worst);
    put_u32(&b, (uint32_t)sim->ncols);
    for (int i = 0; i < sim->ncols; i++)
        put_f64(&b, sim->last_row[i]);
    put_u32(&b, (uint32_t)sim->nrange_samples);
    for (int i = 0; i < sim->nrange_samples; i++) {
        unsigned char taken = sim->range_taken[i] ? 2 : 0;
        put(&b, &taken, 1);
    }
    put_u64(&b, 0); /* the checksum */
    if (b.failed) {
        free(b.p);
        errno = ENOMEM;
        return -1;
    }
    uint64_t total = b.len;
    memcpy(b.p + size_at, &total, sizeof total);
    uint64_t sum = fnv1a(b.p, b.len - 8);
    memcpy(b.p + b.len - 8, &sum, sizeof sum);
    size_t w = fwrite(b.p, 1, b.len, f);
    free(b.p);
    return w == total ? 0 : -1;
}

/* ---- reading: a cursor over the file's bytes, bounds checked ---- */

typedef struct Cur {
    const unsigned char *p;
    size_t len, at;
} Cur;

static int get(Cur *c, void *x, size_t n)
{
    if (c->len - c->at < n)
        return -1;
    memcpy(x, c->p + c->at, n);
    c->at += n;
    return 0;
}

static int get_run(Cur *c, NrtRun *r)
{
    int32_t so, method;
    if (get(c, &r->tstop, 8) || get(c, &r->dt, 8) || get(c, &r->v_init, 8) || get(c, &r->celsius, 8) ||
        get(c, &so, 4) || get(c, &r->seed, 8) || get(c, &method, 4) || get(c, &r->atol, 8) || get(c, &r->rtol, 8))
        return -1;
    r->secondorder = so;
    r->method = method == NRT_CVODE ? NRT_CVODE : NRT_FIXED;
    return 0;
}

void nrt_saved_params(const NrtModel *m, const NrtSaved *s, double *out)
{
    if (m->n_param)
        memcpy(out, s->params, sizeof(double) * (size_t)m->n_param);
}

void nrt_saved_free(NrtSaved *s)
{
    free(s->data);
    memset(s, 0, sizeof *s);
}

int nrt_saved_read(const NrtModel *m, int ncols, int nsamples, const char *path, NrtSaved *s, char *err,
                   size_t errlen)
{
    memset(s, 0, sizeof *s);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
        return -1;
    }
    size_t cap = 1 << 16, len = 0;
    unsigned char *data = malloc(cap);
    for (;;) {
        if (!data) {
            fclose(f);
            snprintf(err, errlen, "out of memory reading '%s'", path);
            return -1;
        }
        len += fread(data + len, 1, cap - len, f);
        if (len < cap)
            break;
        unsigned char *p = realloc(data, cap * 2);
        if (!p)
            free(data);
        data = p;
        cap *= 2;
    }
    int rerr = ferror(f);
    fclose(f);
    if (rerr) {
        free(data);
        snprintf(err, errlen, "cannot read '%s': %s", path, strerror(EIO));
        return -1;
    }
    s->data = data;
    s->len = len;
    Cur c = {data, len, 0};
    char magic[8];
    uint32_t version, bom;
    uint64_t size, hash, state_size, nq, ncancel;
    uint32_t nl;
    if (len < 8 || (get(&c, magic, 8), memcmp(magic, MAGIC, 8) != 0)) {
        snprintf(err, errlen, "'%s' is not a state file of an nrncc simulation", path);
        goto fail;
    }
    if (get(&c, &version, 4) || get(&c, &bom, 4) || get(&c, &size, 8)) {
        snprintf(err, errlen, "'%s' is truncated (%zu bytes)", path, len);
        goto fail;
    }
    if (bom != BYTE_ORDER_MARK) {
        snprintf(err, errlen, "'%s' was saved on a machine with another byte order", path);
        goto fail;
    }
    if (version != FORMAT_VERSION) {
        snprintf(err, errlen,
                 "'%s' has state format version %u, %s this executable's (%u): restore it with the nrncc "
                 "version that saved it",
                 path, version, version > FORMAT_VERSION ? "newer than" : "other than", FORMAT_VERSION);
        goto fail;
    }
    if (size > len) {
        snprintf(err, errlen, "'%s' is truncated (%zu of its %llu bytes)", path, len, (unsigned long long)size);
        goto fail;
    }
    if (size < len || size < 16) {
        snprintf(err, errlen, "'%s' is corrupted (its size does not match its header)", path);
        goto fail;
    }
    uint64_t sum;
    memcpy(&sum, data + len - 8, 8);
    if (sum != fnv1a(data, len - 8)) {
        snprintf(err, errlen, "'%s' is corrupted (checksum mismatch)", path);
        goto fail;
    }
    c.len = len - 8; /* the checksum is not content */
    char name[256] = "?";
    if (get(&c, &hash, 8) || get(&c, &state_size, 8) || get(&c, &nl, 4) || nl > c.len - c.at)
        goto corrupt;
    memcpy(name, data + c.at, nl < sizeof name - 1 ? nl : sizeof name - 1);
    name[nl < sizeof name - 1 ? nl : sizeof name - 1] = 0;
    c.at += nl;
    if (hash != m->hash || state_size != m->state_size) {
        snprintf(err, errlen,
                 "'%s' was saved by model '%s', not by this one ('%s'): a state restores only into the "
                 "model (compiled from the same model and mechanism files) that saved it",
                 path, name, m->name);
        goto fail;
    }
    uint32_t np;
    if (get_run(&c, &s->run) || get(&c, &np, 4) || (int)np != m->n_param || c.len - c.at < (size_t)np * 8)
        goto corrupt;
    s->params = data + c.at;
    c.at += (size_t)np * 8;
    if (c.len - c.at < state_size)
        goto corrupt;
    s->state = data + c.at;
    c.at += state_size;
    if (get(&c, &nq, 8) || get(&c, &s->next_seq, 8) || nq > (c.len - c.at) / 36)
        goto corrupt;
    s->nevents = nq;
    s->events = data + c.at;
    c.at += nq * 36;
    if (get(&c, &ncancel, 8) || ncancel > (c.len - c.at) / 8)
        goto corrupt;
    s->ncancelled = ncancel;
    s->cancelled = data + c.at;
    c.at += ncancel * 8;
    uint64_t nover;
    if (get(&c, &s->random.value, 4) || get(&c, &nover, 8) || get(&c, &s->exp_worst, 8))
        goto corrupt;
    s->exp_overflows = (long)nover;
    uint32_t nc, ns;
    if (get(&c, &nc, 4) || (int)nc != ncols || c.len - c.at < (size_t)nc * 8)
        goto corrupt;
    s->last_row = data + c.at;
    c.at += (size_t)nc * 8;
    if (get(&c, &ns, 4) || (int)ns != nsamples || c.len - c.at != ns)
        goto corrupt;
    s->taken = data + c.at;
    return 0;
corrupt:
    snprintf(err, errlen, "'%s' is corrupted (its contents do not fit the model)", path);
fail:
    nrt_saved_free(s);
    return -1;
}

int nrt_saved_apply(const NrtSaved *s, NrtSim *sim, void *state)
{
    sim->model->restore(state, s->state, sim);
    NrtQueue *q = &sim->queue;
    nrt_queue_clear(q);
    for (uint64_t i = 0; i < s->nevents; i++) {
        const unsigned char *p = s->events + i * 36;
        NrtEvent ev;
        memcpy(&ev.t, p, 8);
        memcpy(&ev.seq, p + 8, 8);
        memcpy(&ev.kind, p + 16, 4);
        memcpy(&ev.index, p + 20, 4);
        memcpy(&ev.nc, p + 24, 4);
        memcpy(&ev.flag, p + 28, 8);
        if (nrt_queue_put_raw(q, &ev) != 0)
            return -1;
    }
    q->next_seq = s->next_seq;
    for (uint64_t i = 0; i < s->ncancelled; i++) {
        unsigned long long seq;
        memcpy(&seq, s->cancelled + i * 8, 8);
        if (nrt_queue_cancel(q, seq) != 0)
            return -1;
    }
    sim->random = s->random;
    sim->exp_overflows = s->exp_overflows;
    sim->exp_worst = s->exp_worst;
    memcpy(sim->last_row, s->last_row, sizeof(double) * (size_t)sim->ncols);
    for (int i = 0; i < sim->nrange_samples; i++)
        sim->range_taken[i] = s->taken[i] ? 2 : 0;
    return 0;
}
