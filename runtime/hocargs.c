/* hocargs.c - the arguments of hoc's call of a mechanism's PROCEDURE or
 * FUNCTION (the model file's `call`, nrn(5)) as VERBATIM C reads them
 * (ifarg, getarg, hoc_is_*_arg, nrn_random_arg, vector_arg), and the
 * model's read-only Vectors (vector_capacity, vector_vec, ...).  See
 * nrt.h.  Apart from random.c, so that a program using the random
 * streams alone does not link the run's driver (nrt_abort). */
#include <stdint.h>
#include <stdlib.h>

#include "nrt.h"
#include "simstate.h"

/* ---- streams the mechanisms' C makes where it has the run (m in scope) ---- */

static void stream_unlink(NrtRan123Node *n)
{
    NrtSim *sim = n->sim;
    nrt_lock(sim);
    if (n->prev)
        n->prev->next = n->next;
    else
        sim->streams = n->next;
    if (n->next)
        n->next->prev = n->prev;
    n->prev = n->next = NULL;
    n->unlink = NULL;
    nrt_unlock(sim);
}

NrtRan123 *nrt_ran123_new3_sim(NrtSim *sim, uint32_t id1, uint32_t id2, uint32_t id3)
{
    NrtRan123Node *n = (NrtRan123Node *)nrt_ran123_new3(id1, id2, id3);
    n->sim = sim;
    n->unlink = stream_unlink;
    nrt_lock(sim);
    n->next = sim->streams;
    if (n->next)
        n->next->prev = n;
    sim->streams = n;
    nrt_unlock(sim);
    return &n->s;
}

void nrt_ran123_free_run(NrtSim *sim)
{
    while (sim->streams) {
        NrtRan123Node *n = sim->streams;
        sim->streams = n->next;
        free(n);
    }
}

/* hoc's arguments.  A call from the mod's own code has none (nrncc
 * refuses the mod calling such a function, randobj.c): a is never NULL. */
static void hoc_arg_check(const NrtHocArgs *a, int k)
{
    if (k < 1 || k > a->n)
        nrt_abort(a->sim, "%s: arg %d out of range (the call has %d)", a->fn, k, a->n);
}

int nrt_hoc_ifarg(const NrtHocArgs *a, int k)
{
    return k >= 1 && k <= a->n;
}

double *nrt_hoc_getarg(const NrtHocArgs *a, int k)
{
    hoc_arg_check(a, k);
    if (a->obj[k - 1])
        nrt_abort(a->sim, "%s: arg %d is a %s, not a number", a->fn, k, a->kinds[k - 1] == 'v' ? "Vector" : "Random");
    return &a->num[k - 1];
}

int nrt_hoc_is_double_arg(const NrtHocArgs *a, int k)
{
    hoc_arg_check(a, k);
    return a->obj[k - 1] == NULL;
}

int nrt_hoc_is_object_arg(const NrtHocArgs *a, int k)
{
    hoc_arg_check(a, k);
    return a->obj[k - 1] != NULL;
}

static const char *kind_name(char c)
{
    return c == 'v' ? "Vector" : c == 'r' ? "Random" : "number";
}

void *nrt_hoc_random_arg(const NrtHocArgs *a, int k)
{
    hoc_arg_check(a, k);
    if (a->kinds[k - 1] != 'r')
        nrt_abort(a->sim, "%s: arg %d is a %s, not a Random", a->fn, k, kind_name(a->kinds[k - 1]));
    return a->obj[k - 1];
}

void *nrt_hoc_vector_arg(const NrtHocArgs *a, int k)
{
    hoc_arg_check(a, k);
    if (a->kinds[k - 1] != 'v')
        nrt_abort(a->sim, "%s: arg %d is a %s, not a Vector", a->fn, k, kind_name(a->kinds[k - 1]));
    return a->obj[k - 1];
}

/* The Vector's numbers are the model's constants: read only (the cast
 * gives NEURON's type to the C that reads them). */
int nrt_vector_capacity(void *v)
{
    return ((const NrtVec *)v)->n;
}

double *nrt_vector_vec(void *v)
{
    return (double *)(uintptr_t)((const NrtVec *)v)->v;
}

void **nrt_vector_pobj(void *v)
{
    return &((NrtVec *)v)->obj;
}

void nrt_hoc_obj_ref(void *obj)
{
    (void)obj;
}

void nrt_hoc_obj_unref(void *obj)
{
    (void)obj;
}

int nrt_vector_instance_px(void *v, double **px)
{
    *px = nrt_vector_vec(v);
    return nrt_vector_capacity(v);
}
