/work/wt-thr3/tmp/thr3/out2/embed/example/fw/fw/firmware.o: \
 /work/wt-thr3/examples/embed/firmware.c /work/shared/embed/fwio.h \
 /work/wt-thr3/examples/embed/drive.h \
 /work/wt-thr3/tmp/thr3/out2/embed/example/cell.h
/work/shared/embed/fwio.h:
/work/wt-thr3/examples/embed/drive.h:
/work/wt-thr3/tmp/thr3/out2/embed/example/cell.h:
