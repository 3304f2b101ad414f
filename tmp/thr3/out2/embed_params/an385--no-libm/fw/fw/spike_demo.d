/work/wt-thr3/tmp/thr3/out2/embed_params/an385--no-libm/fw/fw/spike_demo.o: \
 /work/wt-thr3/tmp/thr3/out2/embed_params/an385--no-libm/spike_demo.c \
 /work/wt-thr3/tmp/thr3/out2/embed_params/an385--no-libm/spike_demo.h
/work/wt-thr3/tmp/thr3/out2/embed_params/an385--no-libm/spike_demo.h:
