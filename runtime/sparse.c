/* sparse.c - the sparse linear solver of KINETIC schemes, with NEURON's
 * (scopmath's) algorithm, so that the numbers are NEURON's to the bit:
 *
 * The structure is found by running the scheme's equations once while
 * recording every matrix element they touch; a minimum-order heuristic
 * then chooses the pivot order (rows with the fewest elements first, the
 * most recently re-counted first among equals), adding the fill-in; a
 * second run records which element each touch means, in call order, so
 * that later runs address elements by a counter.  Solving eliminates in
 * pivot order and back-substitutes summing in increasing pivot order.
 *
 * Elements live in one array, linked along rows and columns, each list
 * kept sorted by pivot position (the order of a sorted list is unique, so
 * rebuilding links after a change of pivot order gives NEURON's lists).
 * Rows and columns are numbered from 1 here; the API is 0-based.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nrt.h"
#include "simstate.h"

typedef struct Elm {
    int row, col;
    double value;
    int up, down, left, right;   /* neighbours in the column / row, 0 = none */
} Elm;

typedef struct Order {           /* a row in the minimum-order list */
    int norder;
    int prev, next;              /* 0 is the list's head */
} Order;

struct NrtSparse {
    NrtSim *sim;
    int n;
    Elm *el;                     /* el[0] unused */
    int nel, capel;
    int *diag;                   /* by pivot position: the diagonal element */
    int *rowst, *colst;          /* by pivot position: first element of the row / column */
    int *varord;                 /* by row (= column) number: its pivot position */
    double *rhs;                 /* 1..n */
    int phase;                   /* 0 solve, 1 structure, 2 recording */
    int *coef;                   /* element of each touch, in call order */
    int ncoef, capcoef, ncall;
    Order *ord;
    int do_order;
    NrtSparse *next_in_sim;
};

static void *grow(NrtSparse *s, void *p, size_t elem, int *cap, int need)
{
    if (need <= *cap)
        return p;
    int c = *cap ? *cap : 16;
    while (c < need)
        c *= 2;
    p = realloc(p, elem * (size_t)c);
    if (!p)
        nrt_abort(s->sim, "out of memory (sparse matrix)");
    *cap = c;
    return p;
}

/* ---- the minimum-order list ---- */

static void list_unlink(NrtSparse *s, int r)
{
    Order *o = &s->ord[r];
    s->ord[o->prev].next = o->next;
    s->ord[o->next].prev = o->prev;
}

/* Before the first row whose count is >= this one's. */
static void list_insert(NrtSparse *s, int r)
{
    int i = s->ord[0].next;
    while (i != 0 && s->ord[i].norder < s->ord[r].norder)
        i = s->ord[i].next;
    s->ord[r].next = i;
    s->ord[r].prev = s->ord[i].prev;
    s->ord[s->ord[r].prev].next = r;
    s->ord[i].prev = r;
}

static void recount(NrtSparse *s, int row, int by)
{
    if (!s->do_order)
        return;
    list_unlink(s, row);
    s->ord[row].norder += by;
    list_insert(s, row);
}

/* ---- elements ---- */

/* Links element k into its row and column lists, in pivot order. */
static void link_elm(NrtSparse *s, int k)
{
    Elm *el = s->el;
    int vr = s->varord[el[k].row], vc = s->varord[el[k].col];
    int prev = 0, a = s->rowst[vr];
    while (a && s->varord[el[a].col] < vc) {
        prev = a;
        a = el[a].right;
    }
    el[k].left = prev;
    el[k].right = a;
    if (prev)
        el[prev].right = k;
    else
        s->rowst[vr] = k;
    if (a)
        el[a].left = k;
    prev = 0;
    a = s->colst[vc];
    while (a && s->varord[el[a].row] < vr) {
        prev = a;
        a = el[a].down;
    }
    el[k].up = prev;
    el[k].down = a;
    if (prev)
        el[prev].down = k;
    else
        s->colst[vc] = k;
    if (a)
        el[a].up = k;
}

static void relink_all(NrtSparse *s)
{
    for (int i = 1; i <= s->n; i++)
        s->rowst[i] = s->colst[i] = 0;
    for (int k = 1; k <= s->nel; k++)
        link_elm(s, k);
    for (int k = 1; k <= s->nel; k++)
        if (s->el[k].row == s->el[k].col)
            s->diag[s->varord[s->el[k].row]] = k;
}

/* The element (row, col), created when missing. */
static int getelm(NrtSparse *s, int row, int col)
{
    for (int e = s->rowst[s->varord[row]]; e; e = s->el[e].right)
        if (s->el[e].col == col)
            return e;
    s->el = grow(s, s->el, sizeof(Elm), &s->capel, s->nel + 2);
    int k = ++s->nel;
    memset(&s->el[k], 0, sizeof(Elm));
    s->el[k].row = row;
    s->el[k].col = col;
    link_elm(s, k);
    if (row == col)
        s->diag[s->varord[row]] = k;
    else
        recount(s, row, 1);
    return k;
}

/* The pivot order, with fill-in: at each position the row of fewest
 * elements, then every row below it in its column gets the elements of
 * the pivot's row (and one element less to count). */
static void order_pivots(NrtSparse *s)
{
    int n = s->n;
    s->ord = calloc((size_t)n + 1, sizeof(Order));
    if (!s->ord)
        nrt_abort(s->sim, "out of memory (sparse matrix)");
    for (int i = 1; i <= n; i++) {
        int cnt = 0;
        for (int e = s->rowst[i]; e; e = s->el[e].right)
            cnt++;
        int r = s->el[s->diag[i]].row;
        s->ord[r].norder = cnt;
        list_insert(s, r);
    }
    s->do_order = 1;
    for (int i = 1; i <= n; i++) {
        int r = s->ord[0].next;
        int j = s->varord[r];
        if (j != i) {
            /* rows at positions i..j-1 move down one; r takes position i */
            for (int k = 1; k <= n; k++)
                if (s->varord[k] >= i && s->varord[k] < j)
                    s->varord[k]++;
            s->varord[r] = i;
            relink_all(s);
        }
        int d = s->diag[i];
        for (int e = s->el[d].down; e; e = s->el[e].down) {
            for (int p = s->el[d].right; p; p = s->el[p].right)
                getelm(s, s->el[e].row, s->el[p].col);
            recount(s, s->el[e].row, -1);
        }
        list_unlink(s, r);
    }
    s->do_order = 0;
    free(s->ord);
    s->ord = NULL;
}

/* ---- the API ---- */

NrtSparse *nrt_sparse_new(NrtSim *sim, int n)
{
    NrtSparse *s = calloc(1, sizeof *s);
    if (!s)
        nrt_abort(sim, "out of memory (sparse matrix)");
    s->sim = sim;
    s->n = n;
    s->diag = calloc((size_t)n + 1, sizeof(int));
    s->rowst = calloc((size_t)n + 1, sizeof(int));
    s->colst = calloc((size_t)n + 1, sizeof(int));
    s->varord = calloc((size_t)n + 1, sizeof(int));
    s->rhs = calloc((size_t)n + 1, sizeof(double));
    if (!s->diag || !s->rowst || !s->colst || !s->varord || !s->rhs)
        nrt_abort(sim, "out of memory (sparse matrix)");
    nrt_lock(sim); /* each thread makes its own (--threads) */
    s->next_in_sim = sim->sparse;
    sim->sparse = s;
    nrt_unlock(sim);
    for (int i = 1; i <= n; i++)
        s->varord[i] = i;
    for (int i = 1; i <= n; i++)
        getelm(s, i, i);
    s->phase = 1;
    return s;
}

double *nrt_sparse_elm(NrtSparse *s, int row, int col)
{
    if (s->phase == 0)
        return &s->el[s->coef[s->ncall++]].value;
    int k = getelm(s, row + 1, col + 1);
    if (s->phase == 2) {
        s->coef = grow(s, s->coef, sizeof(int), &s->capcoef, s->ncoef + 1);
        s->coef[s->ncoef++] = k;
    }
    return &s->el[k].value;
}

int nrt_sparse_phase(const NrtSparse *s)
{
    return s->phase;
}

void nrt_sparse_next_phase(NrtSparse *s)
{
    if (s->phase == 1) {
        order_pivots(s);
        s->phase = 2;
        s->ncoef = 0;
    } else {
        s->phase = 0;
    }
}

void nrt_sparse_zero(NrtSparse *s)
{
    s->ncall = 0;
    for (int k = 1; k <= s->nel; k++)
        s->el[k].value = 0.0;
}

int nrt_sparse_solve(NrtSparse *s, double *rhs)
{
    Elm *el = s->el;
    int n = s->n;
    for (int i = 0; i < n; i++)
        s->rhs[i + 1] = rhs[i];
    for (int i = 1; i <= n; i++) {
        int p = s->diag[i];
        if (fabs(el[p].value) <= 1e-20)
            return 2;
        for (int e = el[p].down; e; e = el[e].down) {
            double r = el[e].value / el[p].value;
            s->rhs[el[e].row] -= s->rhs[el[p].row] * r;
            int sub = e;
            for (int q = el[p].right; q; q = el[q].right) {
                for (sub = el[sub].right; el[sub].col != el[q].col; sub = el[sub].right)
                    ;
                el[sub].value -= el[q].value * r;
            }
        }
    }
    for (int i = n; i >= 1; i--) {
        int d = s->diag[i];
        for (int e = el[d].right; e; e = el[e].right)
            s->rhs[el[e].row] -= el[e].value * s->rhs[el[e].col];
        s->rhs[el[d].row] /= el[d].value;
    }
    for (int i = 0; i < n; i++)
        rhs[i] = s->rhs[i + 1];
    return 0;
}

void nrt_sparse_free_all(NrtSim *sim)
{
    NrtSparse *s = sim->sparse;
    while (s) {
        NrtSparse *next = s->next_in_sim;
        free(s->el);
        free(s->diag);
        free(s->rowst);
        free(s->colst);
        free(s->varord);
        free(s->rhs);
        free(s->coef);
        free(s);
        s = next;
    }
    sim->sparse = NULL;
}
