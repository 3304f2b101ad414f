/work/wt-thr3/tmp/thr3/out2/embed/example/fw/fw/cell.o: \
 /work/wt-thr3/tmp/thr3/out2/embed/example/cell.c \
 /work/wt-thr3/tmp/thr3/out2/embed/example/cell.h
/work/wt-thr3/tmp/thr3/out2/embed/example/cell.h:
