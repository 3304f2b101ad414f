/* linalg.c - small dense solves for mechanisms (derivimplicit's Newton):
 * LU factorisation by Crout's method with partial pivoting and implicit
 * row equilibration, and the matching forward/back substitution, in the
 * same order of operations as NEURON's scopmath, so that a Newton solve
 * gives NEURON's numbers bit for bit.  Matrices are row-major n x n. */
#include <math.h>

#include "nrt.h"

int nrt_crout(int n, double *a, int *perm, double *rowmax)
{
#define A(r, c) a[(r) * n + (c)]
    for (int i = 0; i < n; i++) {
        perm[i] = i;
        int k = 0;
        for (int j = 1; j < n; j++)
            if (fabs(A(i, j)) > fabs(A(i, k)))
                k = j;
        rowmax[i] = A(i, k);
    }
    for (int r = 0; r < n; r++) {
        /* the r-th column of the lower factor */
        for (int i = r; i < n; i++) {
            double sum = 0.0;
            int irow = perm[i];
            for (int k = 0; k < r; k++)
                sum += A(irow, k) * A(perm[k], r);
            A(irow, r) -= sum;
        }
        /* the pivot: largest element relative to its row's largest */
        int pivot = perm[r], at = r;
        double best = fabs(A(pivot, r) / rowmax[pivot]);
        for (int i = r + 1; i < n; i++) {
            int irow = perm[i];
            double e = fabs(A(irow, r) / rowmax[irow]);
            if (e > best) {
                pivot = irow;
                at = i;
                best = e;
            }
        }
        if (pivot != perm[r]) {
            perm[at] = perm[r];
            perm[r] = pivot;
        }
        if (fabs(A(pivot, r)) < 1e-20)
            return 2; /* singular */
        /* the r-th row of the upper factor (unit diagonal) */
        for (int j = r + 1; j < n; j++) {
            double sum = 0.0;
            for (int k = 0; k < r; k++)
                sum += A(pivot, k) * A(perm[k], j);
            A(pivot, j) = (A(pivot, j) - sum) / A(pivot, r);
        }
    }
    return 0;
#undef A
}

void nrt_crout_solve(int n, const double *a, const double *b, const int *perm, double *x)
{
#define A(r, c) a[(r) * n + (c)]
    for (int i = 0; i < n; i++) {
        int pivot = perm[i];
        double sum = 0.0;
        for (int j = 0; j < i; j++)
            sum += A(pivot, j) * x[j];
        x[i] = (b[pivot] - sum) / A(pivot, i);
    }
    for (int i = n - 1; i >= 0; i--) {
        int pivot = perm[i];
        double sum = 0.0;
        for (int j = i + 1; j < n; j++)
            sum += A(pivot, j) * x[j];
        x[i] -= sum;
    }
#undef A
}
