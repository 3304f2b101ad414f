/* host.c - the model on a computer: drives it (drive.h) and prints a line
 * per 10 ms.  ./host [MS [GNA]]  (default 200 ms, GNA_DEFAULT S/cm2) */
#include <stdio.h>
#include <stdlib.h>

#include "drive.h"

static void report(double t, int sensor, double v, int spikes)
{
    printf("t %6.1f ms  sensor %4d  v %9.4f mV  spikes %d\n", t, sensor, v, spikes);
}

int main(int argc, char **argv)
{
    static cell_state s; /* all of the model: no malloc */
    int ms = argc > 1 ? atoi(argv[1]) : 200;
    double gna = argc > 2 ? atof(argv[2]) : GNA_DEFAULT;
    if (drive(&s, ms, gna) != 0) {
        fprintf(stderr, "host: bad gna '%s'\n", argv[2]);
        return 2;
    }
    fprintf(stderr, "host: %d ms simulated; the state is %u bytes; status %d\n", ms,
            (unsigned)cell_state_size(), cell_status(&s));
    return cell_status(&s) != 0;
}
