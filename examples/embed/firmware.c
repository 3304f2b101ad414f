/* firmware.c - the same model on a microcontroller (no heap, no stdio, no
 * OS): the same drive.h, its reports through fwio.h (semihosting on the
 * emulated board of ../shared/embed).  On a real part, report() would set
 * a PWM duty or toggle a pin, and the loop would wait for a 1 ms timer. */
#include "fwio.h"

#include "drive.h"

static void report(double t, int sensor, double v, int spikes)
{
    fw_printf("t %6.1f ms  sensor %4d  v %9.4f mV  spikes %d\n", t, sensor, v, spikes);
}

int main(void)
{
    static cell_state s; /* in .bss: its size is fixed at compile time */
    if (drive(&s, 200, GNA_DEFAULT) != 0)
        return 2;
    fw_eprintf("firmware: 200 ms simulated; the state is %u bytes; status %d\n", (unsigned)cell_state_size(),
               cell_status(&s));
    return cell_status(&s) != 0;
}
