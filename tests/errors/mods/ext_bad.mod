: EXTERNAL misuses: no such GLOBAL; a RANGE variable; an element; a
: GLOBAL of a mechanism the model does not insert
NEURON { SUFFIX extb  EXTERNAL nosuch_extg, x_extg, ninit_extg, made_CtorSyn  RANGE y }
ASSIGNED { y }
INITIAL {
    y = nosuch_extg + x_extg
    y = ninit_extg[2]
    y = made_CtorSyn
}
