: no SUFFIX, and a file name that is no mechanism name
PARAMETER { a = 1 }
