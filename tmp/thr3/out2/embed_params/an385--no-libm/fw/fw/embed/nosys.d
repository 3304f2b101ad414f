/work/wt-thr3/tmp/thr3/out2/embed_params/an385--no-libm/fw/fw/embed/nosys.o: \
 /work/shared/embed/board/nosys.c /work/shared/embed/board/../fwio.h
/work/shared/embed/board/../fwio.h:
