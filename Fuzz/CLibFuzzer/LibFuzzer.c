// Nothing to compile: the driver comes from libFuzzer. SwiftPM needs one source file per C target.
#include "CLibFuzzer.h"
