/* mpi.c - mpirun -np K ./sim: the cells spread over K processes.
 *
 * Built into lib/libnrnrt_mpi.a with NRT_MPI (by mpicc), which nrncc --mpi
 * links; without NRT_MPI (lib/libnrnrt.a) every function here says "one
 * rank".  The model steps its own cells (emit_threads.c); what the ranks
 * share goes through here:
 *   - spikes: a rank's sources' spikes wait in sim->mpi_out until the
 *     next exchange, every few steps (at most the shortest NetCon delay
 *     minus half a step: no event of the interval can be due before);
 *     there each rank gets every rank's spikes (MPI_Allgatherv), sorts
 *     them by time, then source, and hands them to the model
 *     (NrtModel.mpi_fire), which queues the events of its own targets;
 *     the exchange also tells every rank whether one had to stop;
 *   - traces: each rank keeps its rows; at the end rank 0 gathers each
 *     column from the rank whose cell it belongs to and writes the files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "simstate.h"

#ifdef NRT_MPI
#include <mpi.h>
#endif

static int g_rank = 0, g_size = 1;

int nrt_mpi_start(int *argc, char ***argv)
{
#ifdef NRT_MPI
    if (MPI_Init(argc, argv) != MPI_SUCCESS)
        return -1;
    MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &g_size);
#else
    (void)argc;
    (void)argv;
#endif
    return 0;
}

void nrt_mpi_stop(void)
{
#ifdef NRT_MPI
    MPI_Finalize();
#endif
}

void nrt_mpi_abort(int status)
{
#ifdef NRT_MPI
    if (g_size > 1)
        MPI_Abort(MPI_COMM_WORLD, status);
#endif
    exit(status);
}

int nrt_mpi_built(void)
{
#ifdef NRT_MPI
    return 1;
#else
    return 0;
#endif
}

int nrt_rank(NrtSim *sim)
{
    (void)sim;
    return g_rank;
}

int nrt_nranks(NrtSim *sim)
{
    (void)sim;
    return g_size;
}

void nrt_mpi_spike(NrtSim *sim, int src, double t)
{
    if (sim->mpi_n + 2 > sim->mpi_cap) {
        long cap = sim->mpi_cap ? 2 * sim->mpi_cap : 256;
        double *p = realloc(sim->mpi_out, sizeof(double) * (size_t)cap);
        if (!p)
            nrt_abort(sim, "out of memory (spikes to send)");
        sim->mpi_out = p;
        sim->mpi_cap = cap;
    }
    sim->mpi_out[sim->mpi_n++] = t;
    sim->mpi_out[sim->mpi_n++] = src;
}

void nrt_mpi_row(NrtSim *sim, const double *row)
{
    long need = (sim->mpi_nrows + 1) * sim->ncols;
    if (need > sim->mpi_caprows) {
        long cap = sim->mpi_caprows ? 2 * sim->mpi_caprows : 1024 * sim->ncols;
        while (cap < need)
            cap *= 2;
        double *p = realloc(sim->mpi_rows, sizeof(double) * (size_t)cap);
        if (!p)
            nrt_abort(sim, "out of memory (trace rows)");
        sim->mpi_rows = p;
        sim->mpi_caprows = cap;
    }
    memcpy(sim->mpi_rows + sim->mpi_nrows * sim->ncols, row, sizeof(double) * (size_t)sim->ncols);
    sim->mpi_nrows++;
}

#ifdef NRT_MPI
typedef struct Sp {
    double t;
    int src;
    long seq;
} Sp;

static int cmp_sp(const void *pa, const void *pb)
{
    const Sp *a = pa, *b = pb;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    if (a->src != b->src)
        return a->src < b->src ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}
#endif

int nrt_mpi_exchange(NrtSim *sim, const NrtModel *m, void *state, int flag)
{
#ifdef NRT_MPI
    int mine[2] = {(int)(sim->mpi_n / 2), flag}, *all = malloc(sizeof(int) * 2 * (size_t)g_size);
    int *counts = malloc(sizeof(int) * (size_t)g_size), *displs = malloc(sizeof(int) * (size_t)g_size);
    if (!all || !counts || !displs)
        nrt_abort(sim, "out of memory (spike exchange)");
    MPI_Allgather(mine, 2, MPI_INT, all, 2, MPI_INT, MPI_COMM_WORLD);
    long total = 0;
    int stop = 0;
    for (int r = 0; r < g_size; r++) {
        counts[r] = 2 * all[2 * r];
        displs[r] = (int)(2 * total);
        total += all[2 * r];
        if (all[2 * r + 1] > stop)
            stop = all[2 * r + 1];
    }
    double *buf = malloc(sizeof(double) * (size_t)(2 * total + 1));
    Sp *sp = malloc(sizeof(Sp) * (size_t)(total + 1));
    if (!buf || !sp)
        nrt_abort(sim, "out of memory (spike exchange)");
    MPI_Allgatherv(sim->mpi_out, (int)sim->mpi_n, MPI_DOUBLE, buf, counts, displs, MPI_DOUBLE, MPI_COMM_WORLD);
    sim->mpi_n = 0;
    for (long i = 0; i < total; i++) {
        sp[i].t = buf[2 * i];
        sp[i].src = (int)buf[2 * i + 1];
        sp[i].seq = i;
    }
    qsort(sp, (size_t)total, sizeof(Sp), cmp_sp);
    if (!stop && m->mpi_fire)
        for (long i = 0; i < total; i++)
            m->mpi_fire(state, sp[i].src, sp[i].t);
    free(sp);
    free(buf);
    free(all);
    free(counts);
    free(displs);
    return stop;
#else
    (void)sim;
    (void)m;
    (void)state;
    return flag;
#endif
}

int nrt_mpi_gather(NrtSim *sim, const NrtModel *m, void *state, double **rows)
{
    *rows = NULL;
#ifdef NRT_MPI
    int nc = sim->ncols;
    long nr = sim->mpi_nrows;
    int *owner = malloc(sizeof(int) * (size_t)nc);
    if (!owner)
        nrt_abort(sim, "out of memory (gathering the traces)");
    int nown = 0;
    for (int c = 0; c < nc; c++) {
        owner[c] = m->rec_owner ? m->rec_owner(state, c) : 0;
        nown += owner[c] == g_rank;
    }
    double *pack = malloc(sizeof(double) * (size_t)(nr * nown + 1));
    if (!pack)
        nrt_abort(sim, "out of memory (gathering the traces)");
    for (long i = 0, k = 0; i < nr; i++)
        for (int c = 0; c < nc; c++)
            if (owner[c] == g_rank)
                pack[k++] = sim->mpi_rows[i * nc + c];
    int *counts = NULL, *displs = NULL;
    double *all = NULL;
    if (g_rank == 0) {
        counts = calloc((size_t)g_size, sizeof(int));
        displs = calloc((size_t)g_size, sizeof(int));
        all = malloc(sizeof(double) * (size_t)(nr * nc + 1));
        if (!counts || !displs || !all)
            nrt_abort(sim, "out of memory (gathering the traces)");
        for (int c = 0; c < nc; c++)
            counts[owner[c]] += (int)nr;
        for (int r = 1; r < g_size; r++)
            displs[r] = displs[r - 1] + counts[r - 1];
    }
    MPI_Gatherv(pack, (int)(nr * nown), MPI_DOUBLE, all, counts, displs, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    if (g_rank == 0) {
        /* each rank's part: its columns row by row */
        double *out = malloc(sizeof(double) * (size_t)(nr * nc + 1));
        int *ncr = calloc((size_t)g_size, sizeof(int)), *at = calloc((size_t)g_size, sizeof(int));
        if (!out || !ncr || !at)
            nrt_abort(sim, "out of memory (gathering the traces)");
        for (int c = 0; c < nc; c++)
            ncr[owner[c]]++;
        for (long i = 0; i < nr; i++) {
            memset(at, 0, sizeof(int) * (size_t)g_size);
            for (int c = 0; c < nc; c++) {
                int r = owner[c];
                out[i * nc + c] = all[displs[r] + i * ncr[r] + at[r]++];
            }
        }
        free(ncr);
        free(at);
        *rows = out;
    }
    free(all);
    free(counts);
    free(displs);
    free(pack);
    free(owner);
    return 0;
#else
    (void)sim;
    (void)m;
    (void)state;
    return 0;
#endif
}
