/work/wt-thr3/tmp/thr3/out2/embed_params/an385--no-libm/fw/host/trace_main.o: \
 /work/wt-thr3/tests/embed/trace_main.c \
 /work/wt-thr3//tmp/thr3/out2/embed_params/an385--no-libm/spike_demo.h
/work/wt-thr3//tmp/thr3/out2/embed_params/an385--no-libm/spike_demo.h:
