// C23 #embed copies the file's bytes at compile time, as for the spam model (CSpamModel).
#pragma clang diagnostic ignored "-Wc23-extensions"
#include "CToxicityModel.h"

static const unsigned char model[] = {
#embed "../../rules/toxicity-model.tsv"
};

const unsigned char *modgate_default_toxicity_model(void) { return model; }

size_t modgate_default_toxicity_model_size(void) { return sizeof(model); }
