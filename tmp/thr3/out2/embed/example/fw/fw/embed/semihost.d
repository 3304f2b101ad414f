/work/wt-thr3/tmp/thr3/out2/embed/example/fw/fw/embed/semihost.o: \
 /work/shared/embed/board/semihost.c /work/shared/embed/board/../fwfmt.h \
 /work/shared/embed/board/../fwio.h
/work/shared/embed/board/../fwfmt.h:
/work/shared/embed/board/../fwio.h:
