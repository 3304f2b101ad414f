"""nrncc_export: write the model NEURON has instantiated as an nrncc model file.

Run inside NEURON's Python, either around a script:

    python3 -m nrncc_export script.py -o model.nrn [--record 'soma(0.5).v'] ...

or from a running script, once the model is built (and run, if the run's
length should be taken from it):

    import nrncc_export
    nrncc_export.write("model.nrn", record=["soma(0.5).v"], record_spikes=True)

See nrncc-export(1).  Only the Python standard library and neuron are used.
"""

import ctypes
import math
import os
import re
import struct
import sys
import tempfile

__all__ = ["write", "export_text", "ExportError"]

PROG = "nrncc-export"

# NEURON's built-in mechanisms that nrncc's stdlib/ provides (found by name)
STDLIB = {"hh", "pas", "IClamp", "ExpSyn", "Exp2Syn", "NetStim", "IntFire1", "IntFire2", "IntFire4",
          "SEClamp", "VClamp", "AlphaSynapse", "APCount"}
# built into NEURON, not in nrncc's stdlib: refused
UNSUPPORTED_BUILTIN = {"extracellular", "fastpas", "OClamp", "PatternStim", "PointProcessMark", "HalfGap",
                       "nrnpython", "Random"}
# mechanisms of a section that are not mechanisms of the model language
SKIP_MECHS = {"morphology", "capacitance"}

KEYWORDS = {"model", "section", "connect", "forall", "insert", "const", "param", "record", "setpointer",
            "function_table", "spike", "at", "threshold", "run", "use", "netcon", "morphology", "geometry",
            "cell", "edges", "population", "for", "in", "play", "init", "x", "L", "diam", "PI", "v",
            "nseg", "Ra", "cm", "t", "dt", "tstop", "celsius", "v_init", "secondorder", "method"}

# ion defaults of the model language (man/nrn.5, insert)
ION_DEFAULTS = {"ena": 50.0, "nai": 10.0, "nao": 140.0, "ek": -77.0, "ki": 54.4, "ko": 2.5,
                "eca": 132.458, "cai": 5e-5, "cao": 2.0}


class ExportError(Exception):
    """A model the exporter cannot write (the message says why)."""


def _num(x):
    """A float as the model file writes it: exact (repr), integers without .0."""
    x = float(x)
    if x == int(x) and abs(x) < 1e15:
        return "%d" % int(x)
    return repr(x)


def _h():
    from neuron import h
    return h


# ---- state kept from before the script ran --------------------------------------

class _State:
    baseline_fih = None      # FInitializeHandlers existing before the script
    globals0 = None          # mechanism globals' values before the script
    init = None              # what finitialize did: v_init, t, dt
    conc0 = {}               # concentrations finitialize started from, where it does not set them
    queue_lines = []         # the event queue after finitialize (plays, hoc events)
    queue_later = []         # the event queue at the first step (hoc events sent after finitialize)
    fihs = []                # our own handlers (kept alive)
    script_globals = None    # the script's namespace, for names


def _snapshot_globals(h):
    vals = {}
    nm = h.ref("")
    for kind in (0, 1):
        mt = h.MechanismType(kind)
        for i in range(int(mt.count())):
            mt.select(i)
            mt.selected(nm)
            mech = nm[0]
            try:
                ms = h.MechanismStandard(mech, -1)
            except Exception:
                continue
            for j in range(int(ms.count())):
                size = int(ms.name(nm, j))
                name = nm[0]
                if size == 1:
                    try:
                        vals[name] = float(getattr(h, name))
                    except Exception:
                        pass
            mt.select(i)
    return vals


def _capture_queue(h):
    """The lines of CVode.print_event_queue() (C stdout), read through a file."""
    try:
        libc = ctypes.CDLL(None)
        sys.stdout.flush()
        libc.fflush(None)
        fd = os.dup(1)
        with tempfile.TemporaryFile(mode="w+b") as tmp:
            os.dup2(tmp.fileno(), 1)
            try:
                h.CVode().print_event_queue()
                libc.fflush(None)
            finally:
                os.dup2(fd, 1)
                os.close(fd)
            tmp.seek(0)
            return tmp.read().decode("utf-8", "replace").splitlines()
    except Exception:
        return []


def _snapshot_conc(h):
    """The ion concentrations that finitialize does not set (the ion's
    style without cinit, e.g. after ion_style(..., 0)), as they are when
    it starts: {(section, x, var): value}.  The run starts from them,
    not from the values the run leaves."""
    conc = {}
    for sec in h.allsec():
        ions = None
        for seg in sec:
            if ions is None:
                ions = []
                for mech in seg:
                    if not mech.is_ion():
                        continue
                    try:
                        style = int(h.ion_style(mech.name(), sec=sec))
                    except Exception:
                        continue
                    if style >= 0 and not style & 0o4:
                        ion = mech.name()[:-4]
                        ions += [ion + "i", ion + "o"]
            for var in ions:
                try:
                    conc[(sec, seg.x, var)] = getattr(seg, var)
                except Exception:
                    pass
    return conc


def install_hooks():
    """Called before the script runs (python3 -m nrncc_export): remembers the
    defaults of mechanism globals and what finitialize does."""
    h = _h()
    h.load_file("stdrun.hoc")
    _State.globals0 = _snapshot_globals(h)

    def at_v_set():  # type 0: v is set, INITIAL blocks not yet called
        v = None
        for sec in h.allsec():
            v = sec(0.5).v
            break
        _State.init = {"v": v, "t": float(h.t), "dt": float(h.dt)}
        _State.conc0 = _snapshot_conc(h)

    def at_first_event():  # the user's events sent after finitialize are queued now
        _State.queue_later = _capture_queue(h)

    def at_end():  # type 2: the end of finitialize: the plays' and hoc events are queued
        _State.queue_lines = _capture_queue(h)
        _State.queue_later = []
        if not h.CVode().active():  # (an event would restart CVODE's integration)
            h.CVode().event(h.t, at_first_event)

    _State.fihs = [h.FInitializeHandler(0, at_v_set), h.FInitializeHandler(2, at_end)]
    _State.baseline_fih = int(h.List("FInitializeHandler").count())


# ---- the model ------------------------------------------------------------------

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ARRAY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\[([0-9]+)\]$")


def _f32(x):
    return struct.unpack("f", struct.pack("f", x))[0]


def _pt3d_arcs(sec, n3d):
    """the arc lengths NEURON computes from a section's 3-D points
    (float32 points and differences, the squares summed in double)"""
    arcs = [0.0]
    for i in range(1, n3d):
        d = [_f32(a(i) - a(i - 1)) for a in (sec.x3d, sec.y3d, sec.z3d)]
        arcs.append(arcs[-1] + math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]))
    return arcs


def _sanitize(name):
    s = re.sub(r"[^A-Za-z0-9_]+", "_", name).strip("_")
    if not s or not (s[0].isalpha() or s[0] == "_"):
        s = "s_" + s
    return s


class _Names:
    """Model names for NEURON's sections and point processes, all distinct."""

    def __init__(self):
        self.used = set(KEYWORDS)

    def take(self, want):
        name = want
        k = 2
        while name in self.used:
            name = "%s_%d" % (want, k)
            k += 1
        self.used.add(name)
        return name


def _mech_params(h, mech):
    """[(name, size)] of a mechanism's PARAMETERs (range or point process)."""
    ms = h.MechanismStandard(mech, 1)
    nm = h.ref("")
    out = []
    for j in range(int(ms.count())):
        size = int(ms.name(nm, j))
        out.append((nm[0], size))
    return ms, out


def _find_mod(mech, dirs):
    pat = re.compile(r"^\s*(SUFFIX|POINT_PROCESS|ARTIFICIAL_CELL)\s+(\w+)", re.M)
    for d in dirs:
        if not d or not os.path.isdir(d):
            continue
        for root, _subdirs, files in os.walk(d):
            for f in sorted(files):
                if not f.endswith(".mod"):
                    continue
                p = os.path.join(root, f)
                try:
                    with open(p, errors="replace") as fh:
                        text = fh.read()
                except OSError:
                    continue
                for m in pat.finditer(text):
                    if m.group(2) == mech:
                        return p
    return None


def _stdlib_dir():
    here = os.path.dirname(os.path.abspath(__file__))
    for d in (os.path.join(here, "..", "..", "..", "stdlib"), os.path.join(here, "..", "..", "stdlib"),
              os.path.join(here, "..", "..", "share", "nrncc", "stdlib")):
        if os.path.isdir(d):
            return os.path.normpath(d)
    return None


def _mod_text(path):
    """a .mod file's text, or None (no path, or it cannot be read)"""
    if not path:
        return None
    try:
        with open(path, errors="replace") as fh:
            return fh.read()
    except OSError:
        return None


def _netreceive_args(path):
    text = _mod_text(path)
    if text is None:
        return []
    m = re.search(r"NET_RECEIVE\s*\(([^)]*)\)", text)
    if not m:
        return []
    return [re.sub(r"\(.*", "", a).strip() for a in m.group(1).split(",") if a.strip()]


def _mod_pointers(path):
    """the POINTER variables a .mod file's NEURON block declares"""
    text = _mod_text(path)
    if text is None:
        return []
    text = re.sub(r"(?m):.*$", "", text)
    text = re.sub(r"(?s)\bCOMMENT\b.*?\bENDCOMMENT\b", "", text)
    m = re.search(r"\bNEURON\s*\{([^}]*)\}", text)
    if not m:
        return []
    names = []
    for line in re.findall(r"\bPOINTER\b([^\n]*)", m.group(1)):
        names += [n.strip() for n in line.split(",") if n.strip()]
    return names


def _mod_parameters(path):
    """A .mod file's PARAMETER block: {name: default value or None}."""
    text = _mod_text(path)
    if text is None:
        return {}
    text = re.sub(r":.*", "", text)
    out = {}
    for m in re.finditer(r"\bPARAMETER\s*\{([^}]*)\}", text):
        for line in m.group(1).splitlines():
            w = re.match(r"\s*([A-Za-z_]\w*)(?:\s*=\s*([-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?))?", line)
            if w:
                try:
                    out[w.group(1)] = float(w.group(2)) if w.group(2) else None
                except ValueError:
                    out[w.group(1)] = None
    return out


# NEURON's initial concentrations of its ions (<ion>i0_<ion>_ion, <ion>o0_<ion>_ion)
ION0_DEFAULTS = {"nai0_na_ion": 10.0, "nao0_na_ion": 140.0, "ki0_k_ion": 54.4, "ko0_k_ion": 2.5,
                 "cai0_ca_ion": 5e-5, "cao0_ca_ion": 2.0}


class _Exporter:
    def __init__(self, h, out_path, record, record_spikes, mod_dirs, script, tstop=None):
        self.h = h
        self.tstop = tstop
        self.out_dir = os.path.dirname(os.path.abspath(out_path))
        self.record = list(record or [])
        self.record_spikes = record_spikes
        self.ion_style_cache = {}
        self.kschan_names = None
        self.mod_dirs = list(mod_dirs or [])
        self.script = script
        self.warnings = []
        self.names = _Names()
        self.lines = []
        self.mods = {}        # mechanism -> .mod path or None (stdlib)
        self.stdlib = _stdlib_dir()

    def warn(self, msg):
        if msg not in self.warnings:
            self.warnings.append(msg)

    # -- mechanisms and their .mod files
    def need_mech(self, mech):
        if mech in self.mods:
            return
        if mech in UNSUPPORTED_BUILTIN:
            raise ExportError("mechanism '%s' (built into NEURON) has no nrncc equivalent" % mech)
        if mech in STDLIB:
            self.mods[mech] = None
            return
        if mech in self.kschans():
            raise ExportError("mechanism '%s' is a ChannelBuilder channel (KSChan), not a .mod file: nrncc "
                              "has no such mechanisms (write it as a .mod file)" % mech)
        p = _find_mod(mech, self.mod_dirs)
        if p is None:
            self.warn("no .mod file defines mechanism '%s' (searched %s): give its folder with --mod-dir"
                      % (mech, ", ".join(self.mod_dirs) or "nothing"))
        self.mods[mech] = p

    def kschans(self):
        """the names of the ChannelBuilder (KSChan) mechanisms"""
        if self.kschan_names is None:
            self.kschan_names = set()
            try:
                for ks in self.h.List("KSChan"):
                    self.kschan_names.add(ks.name())
            except Exception:
                pass
        return self.kschan_names

    def mod_path(self, mech):
        p = self.mods.get(mech)
        if p is None and mech in STDLIB and self.stdlib:
            return os.path.join(self.stdlib, mech + ".mod")
        return p

    # -- sections
    def name_sections(self):
        h = self.h
        secs = list(h.allsec())
        self.secname, self.secobj, self.decl = {}, {}, []
        if not secs:
            return secs      # (a network of artificial cells)
        by_base = {}
        for s in secs:
            m = _ARRAY.match(s.name())
            if m:
                by_base.setdefault(m.group(1), []).append(int(m.group(2)))
        arrays = {b: len(ix) for b, ix in by_base.items() if sorted(ix) == list(range(len(ix)))}
        plain = {s.name() for s in secs if _IDENT.match(s.name())}
        # (two sections of one name: the second gets a name of its own)
        self.secname = {}       # NEURON's name -> the model's (the first of equal names)
        self.secobj = {}        # section -> the model's name
        self.decl = []          # (declaration text, [sections]) in creation order
        decl_index = {}         # array name -> its place in self.decl
        base_name = {}
        for s in secs:
            n = s.name()
            m = _ARRAY.match(n)
            if m and m.group(1) in arrays and m.group(1) not in plain:
                b = m.group(1)
                if b not in base_name:
                    base_name[b] = self.names.take(b if b not in KEYWORDS else b + "_")
                    self.decl.append(("%s[%d]" % (base_name[b], arrays[b]), []))
                    decl_index[b] = len(self.decl) - 1
                self.secobj[s] = "%s[%s]" % (base_name[b], m.group(2))
                self.secname.setdefault(n, self.secobj[s])
                self.decl[decl_index[b]][1].append(s)
            else:
                want = n if _IDENT.match(n) and n not in KEYWORDS else _sanitize(n)
                if want in KEYWORDS:
                    want += "_"
                nn = self.names.take(want)
                self.secobj[s] = nn
                self.secname.setdefault(n, nn)
                self.decl.append((nn, [s]))
        return secs

    def sname(self, sec):
        return self.secobj[sec]

    def seg_ref(self, seg):
        return "%s(%s)" % (self.sname(seg.sec), _num(seg.x))

    def section_body(self, sec, late):
        h = self.h
        body = []
        if sec.nseg != 1:
            body.append("nseg = %d" % sec.nseg)
        n3d = int(sec.n3d())
        segs = list(sec)
        if n3d >= 2:
            pts = " ".join("(%s, %s, %s, %s)" % (_num(sec.x3d(i)), _num(sec.y3d(i)), _num(sec.z3d(i)),
                                                 _num(sec.diam3d(i))) for i in range(n3d))
            body.append("pt3d " + pts)
            arcs = [sec.arc3d(i) for i in range(n3d)]
            if arcs != _pt3d_arcs(sec, n3d):
                # L was changed after the points were given: NEURON scaled their arcs
                body.append("arc3d(%s)" % ", ".join(_num(a) for a in arcs))
        else:
            if n3d == 1:
                self.warn("section %s has a single 3-D point: exported with L and diam" % sec.name())
            body.append("L = %s um" % _num(sec.L))
            diams = [seg.diam for seg in segs]
            if len(set(diams)) == 1:
                body.append("diam = %s um" % _num(diams[0]))
            else:
                for seg in segs:
                    late.append("%s.diam = %s um" % (self.seg_ref(seg), _num(seg.diam)))
        if sec.Ra != 35.4:
            body.append("Ra = %s ohm cm" % _num(sec.Ra))
        cms = [seg.cm for seg in segs]
        if len(set(cms)) == 1:
            if cms[0] != 1:
                body.append("cm = %s uF/cm2" % _num(cms[0]))
        else:
            for seg in segs:
                late.append("%s.cm = %s uF/cm2" % (self.seg_ref(seg), _num(seg.cm)))
        if sec.rallbranch != 1:
            body.append("rallbranch = %s" % _num(sec.rallbranch))
        # (ChannelBuilder channels are not among a segment's mechanisms)
        for name in sorted(self.kschans()):
            if sec.has_membrane(name):
                self.need_mech(name)
        # density mechanisms, in NEURON's order
        mechs = []
        for mech in segs[0]:
            if mech.is_ion() or mech.name() in SKIP_MECHS:
                continue
            mechs.append(mech.name())
        for mech in mechs:
            self.need_mech(mech)
            body.append("insert %s" % mech)
            ms_def, params = _mech_params(h, mech)
            ms_in = h.MechanismStandard(mech, 1)
            values = {}
            for seg in segs:
                getattr(ms_in, "in")(seg)
                for pname, size in params:
                    for k in range(size):
                        values.setdefault((pname, k), []).append(ms_in.get(pname, k))
            for pname, size in params:
                for k in range(size):
                    vals = values[(pname, k)]
                    dflt = ms_def.get(pname, k)
                    if all(v == dflt for v in vals):
                        continue
                    if size > 1:
                        self.warn("%s: %s[%d] = %s differs from its default: array parameters "
                                  "cannot be set in the model language" % (sec.name(), pname, k, _num(vals[0])))
                        continue
                    if all(v == vals[0] for v in vals):
                        body.append("%s = %s" % (pname, _num(vals[0])))
                    else:
                        for seg, v in zip(segs, vals):
                            late.append("%s.%s = %s" % (self.seg_ref(seg), pname, _num(v)))
        # ions
        ions = sec.psection().get("ions", {})
        styles = []
        for ion, vars_ in sorted(ions.items()):
            try:
                style = int(h.ion_style(ion + "_ion", sec=sec))
            except Exception:
                style = 0
            dflt_style = self.default_ion_style(tuple(sorted(mechs)), ion)
            if style >= 0 and dflt_style >= 0 and (style & 0o177) != (dflt_style & 0o177):
                # ion_style(): the styles the mechanisms give, changed
                styles.append('ion_style("%s_ion", %d, %d, %d, %d, %d)' % (
                    ion, style & 3, (style >> 3) & 3, (style >> 5) & 1, (style >> 6) & 1, (style >> 2) & 1))
            # NEURON's style word: c_style + 04 cinit + 010 e_style + 040 einit + 0100 eadvance
            einit = style & 0o40
            cinit = style & 0o4
            for var in ("e" + ion, ion + "i", ion + "o"):
                if var not in vars_:
                    continue
                if var.startswith("e") and einit:
                    continue      # computed from the concentrations at finitialize
                if not var.startswith("e") and cinit:
                    continue      # set from <ion>i0_<ion>_ion at finitialize
                dflt = ION_DEFAULTS.get(var)
                if dflt is None:
                    g = "%s0_%s_ion" % (var, ion) if not var.startswith("e") else None
                    dflt = getattr(h, g) if g else None
                vals = list(vars_[var])
                if not var.startswith("e"):
                    # the value finitialize started from (it does not set it)
                    vals = [_State.conc0.get((sec, seg.x, var), v) for seg, v in zip(segs, vals)]
                if dflt is not None and all(v == dflt for v in vals):
                    continue
                if all(v == vals[0] for v in vals):
                    body.append("%s = %s" % (var, _num(vals[0])))
                else:
                    for seg, v in zip(segs, vals):
                        late.append("%s.%s = %s" % (self.seg_ref(seg), var, _num(v)))
        body.extend(styles)
        return body

    def default_ion_style(self, mechs, ion):
        """NEURON's style word of ion in a section with only the density
        mechanisms mechs inserted (what nrn_promote makes of them: what
        nrncc derives), or -1 when they do not use the ion"""
        key = (mechs, ion)
        if key not in self.ion_style_cache:
            h = self.h
            tmp = h.Section(name="nrncc_export_ion_style")
            for mech in mechs:
                tmp.insert(mech)
            try:
                self.ion_style_cache[key] = int(h.ion_style(ion + "_ion", sec=tmp))
            except Exception:
                self.ion_style_cache[key] = -1
            h.delete_section(sec=tmp)
            del tmp
        return self.ion_style_cache[key]

    # -- everything
    def build(self):
        h = self.h
        secs = self.name_sections()
        late = []
        out = self.lines
        sec_lines = []
        for decl, members in self.decl:
            if len(members) == 1 and not decl.endswith("]"):
                body = self.section_body(members[0], late)
                sec_lines.append(self.block("section " + decl, body))
            else:
                sec_lines.append("section " + decl)
                for s in members:
                    body = self.section_body(s, late)
                    if body:
                        sec_lines.append(self.block(self.sname(s), body))
        # topology: NEURON lists a parent's children newest connection first,
        # and its solver orders nodes by those lists: connect each parent's
        # children in the reverse of SectionRef.child to get the same order
        connects = []
        for s in secs:
            if s.parentseg() is not None and s.orientation() != 0:
                raise ExportError("section %s is connected by its 1 end: only the 0 end of a child can be "
                                  "connected in the model language" % s.name())
        for p in secs:
            for s in reversed(list(h.SectionRef(sec=p).child)):
                px = h.parent_connection(sec=s)
                connects.append("connect %s(0), %s(%s)" % (self.sname(s), self.sname(p), _num(px)))

        # point processes and artificial cells
        py_names = self.python_names()
        pps, arts = [], []
        nm = h.ref("")
        mt = h.MechanismType(1)
        for i in range(int(mt.count())):
            mt.select(i)
            mt.selected(nm)
            tname = nm[0]
            for obj in h.List(tname):
                (arts if mt.is_artificial(i) else pps).append((tname, obj))
        self.ppname = {}
        for tname, obj in pps + arts:
            want = py_names.get(obj.hname()) or _sanitize(obj.hname())
            if want in KEYWORDS:
                want += "_"
            self.ppname[obj.hname()] = self.names.take(want)
        pp_lines = []
        for tname, obj in pps:
            self.need_mech(tname)
            seg = obj.get_segment()
            if seg is None:
                self.warn("%s is not located in a section: not exported" % obj.hname())
                continue
            body = self.pp_params(tname, obj)
            pp_lines.append(self.block("%s %s at %s" % (tname, self.ppname[obj.hname()], self.seg_ref(seg)),
                                       body, inline=True))
        # POINTERs of point processes that point at a segment's v (gap junctions)
        ptr_names = {}
        v_nodes = None
        for tname, obj in pps:
            if obj.get_segment() is None or tname in STDLIB:
                continue
            if tname not in ptr_names:
                ptr_names[tname] = _mod_pointers(self.mod_path(tname))
            for pname in ptr_names[tname]:
                try:
                    ptr = getattr(obj, "_ref_" + pname)
                    val = ptr[0]
                except Exception:
                    continue
                if v_nodes is None:
                    v_nodes = [(seg, sec) for sec in secs for seg in sec.allseg()]
                target = None
                for seg, sec in v_nodes:
                    if seg.v == val and seg._ref_v == ptr:
                        target = seg
                        break
                if target is None:
                    if val != -1e100:
                        self.warn("POINTER %s of %s points at something other than a segment's v: not exported"
                                  % (pname, obj.hname()))
                    continue
                pp_lines.append("setpointer %s.%s, %s.v" % (self.ppname[obj.hname()], pname,
                                                           self.seg_ref(target)))
        art_decl = {}
        for tname, obj in arts:
            self.need_mech(tname)
            art_decl[obj.hname()] = self.block("%s %s" % (tname, self.ppname[obj.hname()]),
                                               self.pp_params(tname, obj), inline=True)
            if tname == "NetStim" and obj.noise != 0:
                self.warn("%s has noise = %s: its random stream is not exported (nrncc draws its own)"
                          % (obj.hname(), _num(obj.noise)))

        # sources (spike declarations and artificial cells) in the order of the NetCons
        src_lines, nc_lines = [], []
        spiked = set()
        for nc in h.List("NetCon"):
            pre = nc.pre()
            if pre is not None:
                src = pre.hname()
                if src in art_decl and src not in spiked:
                    src_lines.append(art_decl[src])
                    spiked.add(src)
                elif src not in art_decl and src not in spiked and src in self.ppname:
                    src_lines.append("spike at %s" % self.ppname[src])
                    spiked.add(src)
                src_ref = self.ppname.get(src)
            else:
                seg = nc.preseg()
                if seg is None:
                    self.warn("a NetCon watches a variable other than a segment's v: not exported")
                    continue
                src_ref = self.seg_ref(seg)
                if src_ref not in spiked:
                    thr = "" if nc.threshold == 10 else " threshold %s" % _num(nc.threshold)
                    src_lines.append("spike at %s%s" % (src_ref, thr))
                    spiked.add(src_ref)
            tgt = nc.syn()
            if tgt is None:
                continue
            if not nc.active():
                self.warn("a NetCon from %s to %s is inactive: not exported" % (src_ref, tgt.hname()))
                continue
            tname = re.sub(r"\[.*", "", tgt.hname())
            body = ["delay = %s" % _num(nc.delay)]
            body.append("weight = %s" % _num(nc.weight[0]))
            if pre is None and nc.threshold != 10:
                body.append("threshold = %s" % _num(nc.threshold))
            wn = int(nc.wcnt())
            args = _netreceive_args(self.mod_path(tname))
            for k in range(1, wn):
                if nc.weight[k] == 0:
                    continue
                if k < len(args):
                    body.append("%s = %s" % (args[k], _num(nc.weight[k])))
                else:
                    self.warn("NetCon weight[%d] of %s -> %s: no NET_RECEIVE argument name known"
                              % (k, src_ref, tgt.hname()))
            nc_lines.append(self.block("netcon %s -> %s" % (src_ref, self.ppname[tgt.hname()]), body,
                                       inline=True))
        for tname, obj in arts:
            if obj.hname() not in spiked:
                src_lines.append(art_decl[obj.hname()])

        glob_lines = self.globals()
        rec_lines = self.records()
        run_lines = self.run_settings()
        self.other_warnings()

        # the file
        hdr = ["// Exported by nrncc-export from NEURON %s" % h.nrnversion(0)
               + ("" if not self.script else " running %s" % os.path.basename(self.script)),
               "// (see nrncc-export(1)); %d section%s." % (len(secs), "" if len(secs) == 1 else "s")]
        mechs = sorted(self.mods)
        if mechs:
            hdr.append("// Mechanisms: %s." % ", ".join(
                m + (" (stdlib)" if self.mods[m] is None and m in STDLIB else "") for m in mechs))
        for w in self.warnings:
            hdr.append("// warning: " + w)
        out.extend(hdr)
        out.append("model %s" % self.model_name())
        uses = []
        for m in mechs:
            p = self.mods[m]
            if p:
                rel = os.path.relpath(os.path.abspath(p), self.out_dir)
                uses.append('use "%s"' % (os.path.abspath(p) if rel.startswith("..") else rel))
        if uses:
            out.append("")
            out.extend(sorted(set(uses)))
        for part in (sec_lines, connects, late, glob_lines, pp_lines, src_lines, nc_lines, rec_lines):
            if part:
                out.append("")
                out.extend(part)
        out.append("")
        out.append(self.block("run", run_lines))
        return "\n".join(out) + "\n"

    def model_name(self):
        if self.script:
            base = os.path.splitext(os.path.basename(self.script))[0]
        else:
            base = "model"
        return _sanitize(base) if base not in KEYWORDS else base + "_"

    @staticmethod
    def block(head, body, inline=False):
        if not body:
            return head
        if inline and sum(len(b) for b in body) < 70:
            return "%s { %s }" % (head, "  ".join(body))
        return "%s {\n%s\n}" % (head, "\n".join("    " + b for b in body))

    def pp_params(self, tname, obj):
        ms_def, params = _mech_params(self.h, tname)
        body = []
        for pname, size in params:
            for k in range(size):
                dflt = ms_def.get(pname, k)
                try:
                    v = getattr(obj, pname) if size == 1 else getattr(obj, pname)[k]
                except Exception:
                    continue
                if v == dflt:
                    continue
                if size > 1:
                    self.warn("%s: %s[%d] differs from its default: array parameters cannot be set"
                              % (obj.hname(), pname, k))
                    continue
                body.append("%s = %s" % ("delay" if (tname == "IClamp" and pname == "del") else pname, _num(v)))
        return body

    def python_names(self):
        """hname -> the script's variable name of that object (top level)."""
        out = {}
        g = _State.script_globals
        if not g:
            try:
                import __main__
                g = vars(__main__)
            except Exception:
                g = {}
        for k, v in list(g.items()):
            if k.startswith("_") or not _IDENT.match(k):
                continue
            try:
                hn = v.hname()
            except Exception:
                continue
            if isinstance(hn, str) and hn not in out:
                out[hn] = k
        # one level down: attributes of the script's objects (cell.syn -> cell_syn)
        for k, v in list(g.items()):
            if k.startswith("_") or not _IDENT.match(k) or not hasattr(v, "__dict__") or isinstance(v, type):
                continue
            try:
                attrs = list(vars(v).items())
            except TypeError:
                continue
            for a, w in attrs:
                if a.startswith("_") or not _IDENT.match(a):
                    continue
                try:
                    hn = w.hname()
                except Exception:
                    continue
                if isinstance(hn, str) and hn not in out:
                    out[hn] = "%s_%s" % (k, a)
        return out

    def globals(self):
        """Mechanism globals the script changed: compared with their values
        before the script ran or, for mechanisms loaded by the script, with
        the defaults of their .mod file."""
        h = self.h
        base = _State.globals0 or {}
        lines = []
        now = _snapshot_globals(h)
        for name in sorted(now):
            val = now[name]
            if name.endswith("_ion"):
                if not re.match(r"^\w+[io]0_\w+_ion$", name):
                    continue
                dflt = base.get(name, ION0_DEFAULTS.get(name))
            else:
                mech = None
                for m in self.mods:
                    if name.endswith("_" + m) and (mech is None or len(m) > len(mech)):
                        mech = m
                if mech is None:
                    continue
                var = name[:-(len(mech) + 1)]
                params = _mod_parameters(self.mod_path(mech))
                if var != "usetable" and var not in params:
                    continue      # an ASSIGNED global, computed by the mechanism
                dflt = base[name] if name in base else (1.0 if var == "usetable" else params.get(var))
            if dflt is None or val != dflt:
                lines.append("%s = %s" % (name, _num(val)))
        return lines

    def translate(self, ref):
        """A reference in NEURON's names (or the script's) in the model's names."""
        keys = sorted(list(self.secname.items()) + list(self.ppname.items()), key=lambda kv: -len(kv[0]))
        py = self.python_names()
        for hn, var in py.items():
            if hn in self.ppname:
                keys.append((var, self.ppname[hn]))
                if "_" in var:
                    keys.append((var.replace("_", ".", 1), self.ppname[hn]))
        keys.sort(key=lambda kv: -len(kv[0]))
        for old, new in keys:
            if ref.startswith(old) and (len(ref) == len(old) or ref[len(old)] in "(."):
                return new + ref[len(old):]
        return ref

    def records(self):
        lines = []
        known = set(self.secobj.values()) | set(self.ppname.values())
        known |= {re.sub(r"\[.*", "", n) for n in self.secobj.values()}
        for r in self.record:
            r = r.strip()
            if r.startswith("forall "):
                lines.append("record " + r)
                continue
            ref = self.translate(r)
            head = re.match(r"[A-Za-z_]\w*(\[[0-9]+\])?", ref)
            if head is None or (("(" in ref or "." in ref) and head.group(0) not in known):
                raise ExportError("cannot record '%s': the model has no section or point process named '%s'"
                                  % (r, head.group(0) if head else r))
            lines.append("record " + ref)
        if self.record_spikes:
            lines.append("record spikes")
        return lines

    def run_settings(self):
        h = self.h
        init = _State.init
        cv = h.CVode()
        v_init = init["v"] if init and init.get("v") is not None else h.v_init
        tstop = float(h.tstop)
        if self.tstop is not None:
            tstop = float(self.tstop)
        elif init is not None and h.t > init["t"]:
            tstop = float("%.10g" % h.t)
            if cv.active() and tstop != float(h.tstop):
                self.warn("the variable-step run ended at t = %s ms, after the time the script asked for: "
                          "give the run's length with --tstop" % _num(tstop))
        body = ["tstop = %s ms" % _num(tstop)]
        if not cv.active():  # (CVODE changes h.dt: a variable-step model keeps the default)
            body.append("dt = %s ms" % _num(h.dt))
        body += ["v_init = %s mV" % _num(v_init), "celsius = %s degC" % _num(h.celsius)]
        if h.secondorder != 0:
            body.append("secondorder = %d" % int(h.secondorder))
        if cv.active():
            order = int(cv.condition_order())
            body.append("method = cvode { atol = %s  rtol = %s%s }" % (
                _num(cv.atol()), _num(cv.rtol()), "  condition_order = 2" if order == 2 else ""))
            if cv.use_local_dt():
                self.warn("CVode.use_local_dt(1): the model runs with one global variable step")
            if cv.use_daspk():
                self.warn("CVode.use_daspk(1): not exported")
        if init is None and _State.globals0 is not None:
            self.warn("the script never called finitialize: v_init = %s and tstop = %s are NEURON's settings"
                      % (_num(v_init), _num(tstop)))
        return body

    def other_warnings(self):
        h = self.h
        n = self.n_fih
        base = _State.baseline_fih
        if base is not None and n > base:
            self.warn("%d FInitializeHandler%s (Python or hoc callbacks at initialisation): not exported"
                      % (n - base, "" if n - base == 1 else "s"))
        plays = [l for l in _State.queue_lines if "VecPlay" in l]
        if plays:
            self.warn("%d Vector.play%s (time series driving variables): not exported; "
                      "use 'play' in the model file" % (len(plays), "" if len(plays) == 1 else "s"))
        hocev = max([l for l in _State.queue_lines if "HocEvent" in l],
                    [l for l in _State.queue_later if "HocEvent" in l], key=len)
        if hocev:
            self.warn("%d CVode.event callback%s: not exported" % (len(hocev), "" if len(hocev) == 1 else "s"))
        try:
            pc = h.ParallelContext()
            if int(pc.nhost()) > 1:
                self.warn("ParallelContext with %d hosts: only this host's part is exported" % int(pc.nhost()))
        except Exception:
            pass
        if self.record == [] and not self.record_spikes:
            self.warn("nothing is recorded (NEURON does not tell what a Vector records): "
                      "give --record REF or --record-spikes")


def export_text(out_path="model.nrn", record=None, record_spikes=False, mod_dirs=None, script=None, tstop=None):
    """The model file's text and the list of warnings."""
    h = _h()
    if mod_dirs is None:
        mod_dirs = []
    if script:
        mod_dirs = list(mod_dirs) + [os.path.dirname(os.path.abspath(script))]
    else:
        mod_dirs = list(mod_dirs) + [os.getcwd()]
    ex = _Exporter(h, out_path, record, record_spikes, mod_dirs, script, tstop)
    ex.n_fih = int(h.List("FInitializeHandler").count())  # before anything of ours can make one
    if not list(h.allsec()) and int(h.List("NetStim").count()) == 0:
        has_art = False
        nm = h.ref("")
        mt = h.MechanismType(1)
        for i in range(int(mt.count())):
            mt.select(i)
            mt.selected(nm)
            if mt.is_artificial(i) and int(h.List(nm[0]).count()):
                has_art = True
        if not has_art:
            raise ExportError("the model has no section and no artificial cell: nothing to export")
    text = ex.build()
    return text, ex.warnings


def _write_atomic(path, text):
    d = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(d):
        raise ExportError("cannot write '%s': no such directory '%s'" % (path, d))
    fd, tmp = tempfile.mkstemp(prefix=".nrncc-export.", dir=d)
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


install_hooks()


def write(path, record=None, record_spikes=False, mod_dirs=None, script=None, quiet=False, tstop=None):
    """Write the model NEURON holds now to PATH (a .nrn file); return the warnings.

    record: references to record, in NEURON's names or the script's
    ('soma(0.5).v', 'syn.g', 'forall v'); record_spikes: record every spike
    source; mod_dirs: folders holding the .mod files of the model's own
    mechanisms (the script's folder, or the current one, is searched too);
    tstop: the run's length (ms) instead of the time the script's run reached.
    Each warning is also printed to stderr unless quiet."""
    if script is None and _State.script_globals is None:
        script = getattr(sys.modules.get("__main__"), "__file__", None)
    text, warnings = export_text(path, record, record_spikes, mod_dirs, script, tstop)
    _write_atomic(path, text)
    if not quiet:
        for w in warnings:
            sys.stderr.write("%s: warning: %s\n" % (PROG, w))
    return warnings
