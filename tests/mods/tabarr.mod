: A PROCEDURE's TABLE of GLOBAL arrays (each element tabulated); the FROM
: loop's variable is an int of the loop's own (the VERBATIM switches on
: it) and leaves the LOCAL of the same name as it was; its bounds and
: step are integer expressions (each name truncated)
NEURON {
    SUFFIX tabarr
    USEION k READ ek WRITE ik
    RANGE gbar
    GLOBAL minf, mtau, fac, add, last
}
UNITS { (mA) = (milliamp) (mV) = (millivolt) (S) = (siemens) }
PARAMETER { gbar = 0.01 (S/cm2)  q = 2  qq = 2.7 }
ASSIGNED { v (mV)  ek (mV)  ik (mA/cm2)  minf[2]  mtau[2]  fac[2]  add[2]  last }
STATE { m[2] }
INITIAL {
    rates(v)
    m[0] = minf[0]
    m[1] = 1 - minf[1] + last/100
}
BREAKPOINT {
    SOLVE upd
    ik = gbar*m[0]*m[0]*m[1]*(v - ek)
}
PROCEDURE upd() {
    rates(v)
    m[0] = m[0]*fac[0] + add[0]
    m[1] = m[1]*fac[1] + add[1]
}
PROCEDURE rates(x) {
    LOCAL j, al, be
    TABLE fac, add DEPEND dt, q FROM -100 TO 60 WITH 80
    j = 7
    FROM j = 0 TO 1 {
        al = 0.1*exp((x + 40 + 20*j)/(10 + 5*j))
        be = 0.2*exp(-(x + 50)/15)
        minf[j] = al/(al + be)
        VERBATIM
        switch (_lj) {
        case 0: mtau[_lj] = 1/(_lal + _lbe); break;
        default: mtau[_lj] = q/(_lal + _lbe) + 1; break;
        }
        ENDVERBATIM
        fac[j] = exp(-dt/mtau[j])
        add[j] = minf[j]*(1 - fac[j])
    }
    FROM j = 0 TO qq*2 BY qq {
        last = last + j
    }
    last = last + j
}
