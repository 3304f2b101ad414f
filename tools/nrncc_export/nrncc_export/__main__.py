"""python3 -m nrncc_export [options] SCRIPT [options] [-- ARGS...]: run a NEURON
script and write the model it instantiated as an nrncc model file."""
import os
import runpy
import sys
import traceback

USAGE = """usage: python3 -m nrncc_export [options] SCRIPT.py [options] [-- SCRIPT-ARGS...]
Runs SCRIPT.py in NEURON and writes the model it built (at its end) as an nrncc
model file.
  -o FILE            the model file to write (default: SCRIPT's name with .nrn)
  --record REF       record REF (NEURON's or the script's names: 'soma(0.5).v',
                     'syn.g', 'forall v'); may be repeated
  --record-spikes    record the spikes of every spike source
  --tstop T          the run's length in ms (default: the time the script's run
                     reached, or NEURON's tstop when it did not run)
  --mod-dir DIR      a folder of .mod files of the model's mechanisms (repeatable;
                     SCRIPT's folder is always searched)
  -q                 no warnings on stderr
  -h, --help         this help
See nrncc-export(1)."""


def fail(msg, code=1):
    sys.stderr.write("nrncc-export: error: %s\n" % msg)
    sys.exit(code)


def parse(argv):
    opts = {"out": None, "record": [], "spikes": False, "mod_dirs": [], "quiet": False, "tstop": None, "script": None,
            "args": []}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--":
            opts["args"] = argv[i + 1:]
            break
        if a in ("-h", "--help"):
            print(USAGE)
            sys.exit(0)
        if a in ("-o", "--record", "--mod-dir", "--tstop"):
            if i + 1 >= len(argv):
                fail("option '%s' needs a value\n%s" % (a, USAGE.splitlines()[0]), 2)
            val = argv[i + 1]
            if a == "-o":
                opts["out"] = val
            elif a == "--record":
                opts["record"].append(val)
            elif a == "--tstop":
                try:
                    opts["tstop"] = float(val)
                except ValueError:
                    opts["tstop"] = -1.0
                if not opts["tstop"] >= 0 or opts["tstop"] == float("inf"):
                    fail("bad value '%s' for --tstop (a time in ms, >= 0)" % val, 2)
            else:
                opts["mod_dirs"].append(val)
            i += 2
            continue
        if a == "--record-spikes":
            opts["spikes"] = True
        elif a == "-q":
            opts["quiet"] = True
        elif a.startswith("-"):
            fail("unknown option '%s'\n%s" % (a, USAGE.splitlines()[0]), 2)
        elif opts["script"] is None:
            opts["script"] = a
        else:
            fail("one script only ('%s' and '%s'); give its arguments after --" % (opts["script"], a), 2)
        i += 1
    if opts["script"] is None:
        fail("no script given\n%s" % USAGE.splitlines()[0], 2)
    return opts


def main(argv):
    opts = parse(argv)
    script = opts["script"]
    if not os.path.isfile(script):
        fail("cannot read script '%s'" % script)
    out = opts["out"] or os.path.splitext(os.path.basename(script))[0] + ".nrn"
    out = os.path.abspath(out)
    if not os.path.isdir(os.path.dirname(out)):
        fail("cannot write '%s': no such directory '%s'" % (opts["out"] or out, os.path.dirname(out)))
    for d in opts["mod_dirs"]:
        if not os.path.isdir(d):
            fail("--mod-dir '%s' is not a folder" % d)
    mod_dirs = [os.path.abspath(d) for d in opts["mod_dirs"]]
    script = os.path.abspath(script)

    import nrncc_export
    # run the script as python would: its folder first on sys.path and as cwd
    sdir = os.path.dirname(script)
    old_cwd = os.getcwd()
    sys.argv = [script] + opts["args"]
    sys.path.insert(0, sdir)
    os.chdir(sdir)
    try:
        g = runpy.run_path(script, run_name="__main__")
    except SystemExit as e:
        if e.code not in (None, 0):
            fail("%s exited with status %s: nothing written" % (os.path.basename(script), e.code))
        g = None
    except BaseException as e:  # the script failed: no model
        traceback.print_exc()
        fail("%s failed (%s: %s): nothing written" % (os.path.basename(script), type(e).__name__, e))
    finally:
        os.chdir(old_cwd)
    if g is None:
        g = vars(sys.modules["__main__"])
    nrncc_export._State.script_globals = g
    try:
        nrncc_export.write(out, record=opts["record"], record_spikes=opts["spikes"], mod_dirs=mod_dirs,
                           script=script, quiet=opts["quiet"], tstop=opts["tstop"])
    except nrncc_export.ExportError as e:
        fail(str(e))
    except OSError as e:
        fail("cannot write '%s': %s" % (out, e.strerror or e))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
