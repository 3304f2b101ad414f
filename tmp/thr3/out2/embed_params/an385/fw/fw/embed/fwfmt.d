/work/wt-thr3/tmp/thr3/out2/embed_params/an385/fw/fw/embed/fwfmt.o: \
 /work/shared/embed/fwfmt.c /work/shared/embed/fwfmt.h
/work/shared/embed/fwfmt.h:
