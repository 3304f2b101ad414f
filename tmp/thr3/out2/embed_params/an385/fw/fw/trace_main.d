/work/wt-thr3/tmp/thr3/out2/embed_params/an385/fw/fw/trace_main.o: \
 /work/wt-thr3/tests/embed/trace_main.c /work/shared/embed/fwio.h \
 /work/wt-thr3//tmp/thr3/out2/embed_params/an385/spike_demo.h
/work/shared/embed/fwio.h:
/work/wt-thr3//tmp/thr3/out2/embed_params/an385/spike_demo.h:
